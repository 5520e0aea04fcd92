// The profile's name and email form (demo sign-in accounts).
import { z } from 'zod';
import { Email, Name } from '~/utils/person-fields.ts';

export const DetailsForm = z.object({
  intent: z.literal('details', { message: 'This form cannot do that.' }),
  name: Name,
  email: Email,
  // Needed only for a new email (it is part of what opens the account); an empty field is no password.
  password: z
    .string()
    .max(200, { message: 'Passwords have at most 200 characters.' })
    .optional()
    .transform((value) => value || undefined),
});
