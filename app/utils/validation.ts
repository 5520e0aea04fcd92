// Types only from zod: the pages that import this for their error messages stay without zod in the browser.
import type { ZodError } from 'zod';

export type FieldErrors = Partial<Record<string, string>>;

/** The first message per field of a failed zod parse, for rendering next to each input. */
export function fieldErrors(error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}
