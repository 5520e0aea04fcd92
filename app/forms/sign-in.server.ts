// The demo sign-in page's three forms: a persona picked, a password sign-in, a new account (ADR 013).
import { z } from 'zod';
import { Email, Name } from '~/utils/person-fields.ts';

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 200;
export const SignInForm = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('pick'), userId: z.uuid({ message: 'Pick one of the demo accounts.' }), redirectTo: z.string().optional() }),
    z.object({
      intent: z.literal('password'),
      accountEmail: Email,
      password: z
        .string({ message: 'Enter your password.' })
        .min(1, { message: 'Enter your password.' })
        .max(MAX_PASSWORD, { message: `Passwords have at most ${MAX_PASSWORD} characters.` }),
      redirectTo: z.string().optional(),
    }),
    z.object({
      intent: z.literal('create'),
      name: Name,
      email: Email,
      newPassword: z
        .string({ message: `Choose a password of at least ${MIN_PASSWORD} characters.` })
        .min(MIN_PASSWORD, { message: `Choose a password of at least ${MIN_PASSWORD} characters.` })
        .max(MAX_PASSWORD, { message: `Use at most ${MAX_PASSWORD} characters.` }),
      redirectTo: z.string().optional(),
    }),
  ],
  { message: 'Pick a demo account, sign in or create an account.' },
);
