// How every form shows what went wrong, with or without JavaScript. Each message sits in a live
// region the server already renders (so a screen reader hears a message that appears in it later),
// an invalid control says so (aria-invalid) and points at its message (aria-describedby), and after
// a refused submission the first invalid control, or else the form's own message, takes the focus:
// without JavaScript through the autofocus attribute of the server's HTML, with it through an
// effect once the answer arrives (React focuses only elements it mounts, and these already exist).
// The attributes and the focus rule are in utils/form-errors.ts, the effect in hooks/use-error-focus.ts.
import { errorIdFor } from '~/utils/form-errors.ts';

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
