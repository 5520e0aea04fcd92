// The account deletion's confirmation form.
import { z } from 'zod';

export const DeleteForm = z.object({
  intent: z.literal('delete', { message: 'This form can only delete your account.' }),
  confirm: z.literal('yes', { message: 'Tick the box to confirm that you want your account deleted.' }),
});
