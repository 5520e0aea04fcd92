// What the cart's forms share with JavaScript on: they post through fetchers (adding js=1, so the
// action answers with data instead of a redirect), and the page and the header badge show the
// outcome of in-flight posts before the server confirms it.
import { useFetchers, type FetcherWithComponents } from '@remix-run/react';
import type { FormEvent } from 'react';

/** The action's answer to a fetcher (and, for errors on the cart page itself, to a plain form). */
export type CartAnswer = { ok: true; kind: 'success' | 'info'; message: string } | { ok: false; error: string; lineId?: string };

export const CART_ACTION = '/cart';

/** An onSubmit that sends the form through `fetcher`; without JavaScript the form posts as usual. */
export function cartSubmitHandler(fetcher: FetcherWithComponents<unknown>, extra: Record<string, string> = {}) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    formData.set('js', '1');
    for (const [name, value] of Object.entries(extra)) formData.set(name, value);
    fetcher.submit(formData, { method: 'post', action: CART_ACTION });
  };
}

export function failed(answer: unknown): answer is Extract<CartAnswer, { ok: false }> {
  return typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === false;
}

/**
 * The cart posts that are still expected to succeed: submitting, or revalidating after a success.
 * One that failed drops out, which rolls the optimistic view back.
 */
function usePendingCartPosts(): FormData[] {
  return useFetchers()
    .filter((fetcher) => fetcher.state !== 'idle' && fetcher.formAction === CART_ACTION && fetcher.formData)
    .filter((fetcher) => !(fetcher.state === 'loading' && failed(fetcher.data)))
    .map((fetcher) => fetcher.formData!);
}

/** Whether a cart change is still on its way to the server (checking out must wait for it). */
export function useCartSaving(): boolean {
  return useFetchers().some((fetcher) => fetcher.state === 'submitting' && fetcher.formAction === CART_ACTION);
}

/**
 * The number of cart lines to show while adds and removes are in flight. An add counts as a new
 * line unless its form said the product is already in the cart (inCart=1, a hint for this count
 * only; the server decides for itself).
 */
export function useOptimisticCartCount(count: number): number {
  const adding = new Set<string>();
  const removing = new Set<string>();
  for (const form of usePendingCartPosts()) {
    const intent = form.get('intent');
    if (intent === 'add' && form.get('inCart') !== '1') adding.add(String(form.get('productId')));
    if (intent === 'remove') removing.add(String(form.get('lineId')));
  }
  return Math.max(0, count + adding.size - removing.size);
}

/** The lines as they will be once the in-flight quantity changes and removals succeed. */
export function useOptimisticLines<Line extends { id: string; quantity: number }>(lines: Line[]): Line[] {
  const quantities = new Map<string, number>();
  const removing = new Set<string>();
  for (const form of usePendingCartPosts()) {
    const lineId = String(form.get('lineId'));
    if (form.get('intent') === 'remove') removing.add(lineId);
    const quantity = Number(form.get('quantity'));
    if (form.get('intent') === 'update' && Number.isSafeInteger(quantity) && quantity >= 1) quantities.set(lineId, quantity);
  }
  return lines.filter((line) => !removing.has(line.id)).map((line) => ({ ...line, quantity: quantities.get(line.id) ?? line.quantity }));
}
