import { z } from 'zod';

/** A whole number typed into a form: digits only, as a number (a number parser also takes "0x2" or "1e1"). */
export function formDigits(message: string) {
  return z.string({ message }).trim().regex(/^\d+$/, { message }).transform(Number);
}
