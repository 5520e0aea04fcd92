// The cancel button of the page a shopper comes back to from the payment page.
import { z } from 'zod';

export const CancelForm = z.object({ intent: z.literal('cancel'), checkoutId: z.uuid() });
