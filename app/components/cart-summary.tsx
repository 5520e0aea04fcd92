import { Form } from '@remix-run/react';
import type { CartSummary } from '~/models/cart-rules.ts';
import { useCartSaving } from '~/hooks/cart-fetcher.ts';
import { Money } from './money.tsx';
import { ORDER_CAP_CENTS } from '~/utils/money.ts';

/** The cart's total, the order cap alert and the checkout button (disabled while anything blocks it). */
export function CartSummaryPanel({ summary }: { summary: CartSummary }) {
  // The page already shows an optimistic change; the server's cart must have it before checking out.
  const saving = useCartSaving();
  return (
    <section aria-label="Cart total" className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      {summary.overCap ? (
        <div
          role="alert"
          data-testid="cap-alert"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          <p className="font-semibold">Maximum cost exceeded</p>
          <p>
            An order can cost at most <Money cents={ORDER_CAP_CENTS} />. Lower some quantities or remove items to check out.
          </p>
        </div>
      ) : null}
      <div className="flex items-center justify-between text-lg">
        <span className="font-medium">Total:</span>
        <Money cents={summary.totalCents} className="font-bold" testId="cart-total" />
      </div>
      {summary.hasIssues ? <p className="text-sm text-amber-700 dark:text-amber-400">Fix the lines marked above to check out.</p> : null}
      <Form method="post" action="/checkout">
        <button
          type="submit"
          disabled={!summary.canCheckOut || saving}
          className="w-full rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {saving ? 'Saving your cart…' : 'Check out'}
        </button>
      </Form>
    </section>
  );
}
