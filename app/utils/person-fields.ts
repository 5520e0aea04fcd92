// A person's name and email as every form takes them (creating an account, changing it), so the
// same rules hold both ways: ADR 013.
import { z } from 'zod';

// Control and format characters (CR, LF, tab, NUL, bidi overrides, zero-width joiners...) and line
// separators: invisible or reordering text, they let one name or address pass for another.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const visibleOnly = (what: string) => ({
  message: `${what} cannot contain control or invisible characters (line breaks, tabs, zero-width or direction marks).`,
  abort: true,
});

const EMAIL_MESSAGE = 'Enter a valid email address.';
export const Email = z
  .string({ message: EMAIL_MESSAGE })
  .refine((value) => !INVISIBLE.test(value), visibleOnly('An email address'))
  .pipe(z.email({ message: EMAIL_MESSAGE }).max(254, { message: EMAIL_MESSAGE }))
  .transform((value) => value.toLowerCase());

export const Name = z
  .string({ message: 'Enter your name.' })
  .refine((value) => !INVISIBLE.test(value), visibleOnly('A name'))
  .trim()
  .min(1, { message: 'Enter your name.' })
  .max(100, { message: 'Use at most 100 characters.' });
