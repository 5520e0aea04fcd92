import { useEffect, useState } from 'react';
import type { Flash } from '~/utils/flash.server.ts';
import { useErrorFocus } from '~/hooks/use-error-focus.ts';
import { useHydrated } from '~/hooks/use-hydrated.ts';
import { MessageText } from './user-text.tsx';

const STYLES: Record<Flash['kind'], string> = {
  success: 'border-green-300 bg-green-50 text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100',
  error: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
  info: 'border-zinc-300 bg-white text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100',
};

/**
 * The message of the last redirect. Without JS it stays at the top of the page; with JS it can be
 * dismissed and fades after a while (an error stays). Both live regions are always rendered, so
 * that screen readers announce a message that appears in them: an error in the alert, which also
 * takes the focus (it is what became of the form just sent), anything else in the status.
 */
const DISMISS = '-my-1 rounded px-2 py-1 text-xs font-medium hover:bg-black/5 dark:hover:bg-white/10';

export function FlashToast({ flash }: { flash: Flash | null }) {
  const hydrated = useHydrated();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const visible = flash && dismissed !== flash.id ? flash : null;
  const isError = visible?.kind === 'error';
  const alert = useErrorFocus<HTMLDivElement>(isError ? visible.id : null);
  useEffect(() => {
    if (!visible || visible.kind === 'error') return;
    const timer = setTimeout(() => setDismissed(visible.id), 8000);
    return () => clearTimeout(timer);
  }, [visible]);
  const toast = visible ? (
    <div
      data-testid="flash"
      data-kind={visible.kind}
      className={`flex items-start gap-3 rounded-md border px-4 py-3 text-sm shadow-sm has-[[data-dismiss]:checked]:hidden ${STYLES[visible.kind]}`}
    >
      <p className="min-w-0 flex-1 wrap-anywhere">
        <MessageText text={visible.message} />
      </p>
      {hydrated ? (
        <button type="button" onClick={() => setDismissed(visible.id)} className={DISMISS} aria-label="Dismiss message">
          ✕
        </button>
      ) : (
        // Without JavaScript: a checkbox whose checked state hides the message (the :has() rule above).
        <label className={`${DISMISS} cursor-pointer has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-(--focus-ring)`}>
          <input type="checkbox" data-dismiss="" className="sr-only" aria-label="Dismiss message" />
          <span aria-hidden="true">✕</span>
        </label>
      )}
    </div>
  ) : null;
  return (
    <>
      <div aria-live="polite" role="status" className="mb-4 empty:mb-0">
        {isError ? null : toast}
      </div>
      <div ref={alert} role="alert" tabIndex={-1} autoFocus={isError || undefined} data-form-error="" className="mb-4 empty:mb-0">
        {isError ? toast : null}
      </div>
    </>
  );
}
