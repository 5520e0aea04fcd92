// What a form tells assistive technology about its errors: the id of each message, the attributes of
// an invalid control, and which control takes the focus after a refusal (see components/form-errors.tsx).
import type { FieldErrors } from './validation.ts';

/** The id of a control's error message. */
export const errorIdFor = (id: string) => `${id}-error`;

/**
 * What takes the focus after a refusal: the first of `fields` (in the form's order) that has an
 * error, else the form's own message ("form") when there is one.
 */
export function errorFocus(errors: FieldErrors, fields: readonly string[], formKeys: readonly string[] = ['form']): string | null {
  return fields.find((field) => errors[field]) ?? (formKeys.some((key) => errors[key]) ? 'form' : null);
}

/**
 * The attributes of a control that may be invalid: aria-invalid, aria-describedby (its error, then
 * any hint), and autofocus when it is the one to focus.
 */
export function invalidProps({ id, error, focus = false, hintId }: { id: string; error?: string; focus?: boolean; hintId?: string }) {
  const describedBy = [error ? errorIdFor(id) : null, hintId].filter(Boolean).join(' ');
  return {
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': describedBy || undefined,
    autoFocus: focus || undefined,
  };
}
