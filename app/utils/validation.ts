import { z } from 'zod';

export type FieldErrors = Partial<Record<string, string>>;

/** The first message per field of a failed zod parse, for rendering next to each input. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A whole number typed into a form: digits only, as a number (a number parser also takes "0x2" or "1e1"). */
export function formDigits(message: string) {
  return z.string({ message }).trim().regex(/^\d+$/, { message }).transform(Number);
}
