import { useEffect, useRef } from 'react';

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
      element.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      (element.matches(FORM_MESSAGE) ? element : element.querySelector<HTMLElement>(FORM_MESSAGE));
    target?.focus();
  }, [answer]);
  return scope;
}
