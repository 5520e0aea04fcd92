// How every form shows what went wrong, with or without JavaScript. Each message sits in a live
// region the server already renders (so a screen reader hears a message that appears in it later),
// an invalid control says so (aria-invalid) and points at its message (aria-describedby), and after
// a refused submission the first invalid control, or else the form's own message, takes the focus:
// without JavaScript through the autofocus attribute of the server's HTML, with it through an
// effect once the answer arrives (React focuses only elements it mounts, and these already exist).
import { useEffect, useRef } from 'react';
import type { FieldErrors } from '~/utils/validation.ts';

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

// While empty, a live region is taken out of the flow (absolute), so that it adds no space to the
// layout (a parent's space-y margins included) but stays in the accessibility tree.

/** A control's error message, in a polite live region that is there even while empty. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  return (
    <p id={errorIdFor(id)} aria-live="polite" className="mt-1 text-sm text-red-700 empty:absolute dark:text-red-400">
      {message}
    </p>
  );
}

/**
 * A form's own message (one that belongs to no single control): an alert that is there even while
 * empty, focusable so that it can take the focus when no control is to blame.
 */
export function FormError({ message, focus = false, className = '' }: { message?: string | null; focus?: boolean; className?: string }) {
  return (
    <div role="alert" tabIndex={-1} autoFocus={focus || undefined} data-form-error="" className={`empty:absolute ${className}`}>
      {message ? <p className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">{message}</p> : null}
    </div>
  );
}

const FORM_MESSAGE = '[data-form-error]:not(:empty)';

/**
 * With JavaScript: each time a new `answer` arrives (action data, a fetcher's data), focuses the
 * first invalid control inside the returned ref's element, else the form message it holds (or is).
 */
export function useErrorFocus<Element extends HTMLElement>(answer: unknown) {
  const scope = useRef<Element>(null);
  useEffect(() => {
    const element = scope.current;
    if (!answer || !element) return;
    const target =
      element.querySelector<HTMLElement>('[aria-invalid="true"]') ?? (element.matches(FORM_MESSAGE) ? element : element.querySelector<HTMLElement>(FORM_MESSAGE));
    target?.focus();
  }, [answer]);
  return scope;
}
