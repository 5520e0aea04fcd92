// The profile's role change: upgrade to seller, or step down.
import { z } from 'zod';

export const RoleForm = z.object({ intent: z.enum(['upgrade', 'step-down'], { message: 'Choose to upgrade or to step down.' }) });
