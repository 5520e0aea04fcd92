import { creationFeeCents, productUpdateFee, type ListedProduct } from '~/utils/fees.ts';
import { Money } from './money.tsx';
import type { ProductFormMode } from '~/models/product-input.ts';

type Amounts = { priceCents: number; quantity: number };

/** The listing fee of the form's price and quantity, with the same function the server charges with. */
function listingFeeCents(mode: ProductFormMode, amounts: Amounts, before?: ListedProduct): number {
  return mode === 'update' && before ? productUpdateFee(before, amounts).feeCents : creationFeeCents(amounts.priceCents, amounts.quantity);
}

/**
 * The fee, the balance and what is left after it (or "Insufficient funds"). Rendered on the server
 * from submitted values and again on every keystroke with JavaScript; a live region, so screen
 * readers hear the new fee.
 */
export function FeePreview({
  mode,
  amounts,
  before,
  balanceCents,
}: {
  mode: ProductFormMode;
  amounts: Amounts | null;
  /** The product as stored (update only): the fee is on the growth from it. */
  before?: ListedProduct;
  balanceCents: number;
}) {
  const feeCents = amounts ? listingFeeCents(mode, amounts, before) : null;
  const remainingCents = feeCents === null ? null : balanceCents - feeCents;
  return (
    <section
      aria-labelledby="fee-heading"
      aria-live="polite"
      data-testid="fee-preview"
      className="rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="fee-heading" className="font-semibold">
        {mode === 'create' ? 'Listing fee' : 'Fee for this change'}
      </h2>
      <dl className="mt-3 grid grid-cols-[minmax(0,1fr)_auto] gap-x-4 gap-y-2 tabular-nums">
        <dt>{mode === 'create' ? 'Create product fee' : 'Update product fee'}</dt>
        <dd className="text-right font-semibold">{feeCents === null ? <span data-testid="fee">—</span> : <Money cents={feeCents} testId="fee" />}</dd>
        <dt>Your balance</dt>
        <dd className="text-right">
          <Money cents={balanceCents} testId="balance" />
        </dd>
        <dt>{mode === 'create' ? 'Remaining after create' : 'Remaining after update'}</dt>
        <dd className="text-right">
          {remainingCents === null ? (
            <span data-testid="remaining">—</span>
          ) : remainingCents < 0 ? (
            <span data-testid="remaining" className="font-semibold text-red-700 dark:text-red-400">
              Insufficient funds
            </span>
          ) : (
            <Money cents={remainingCents} testId="remaining" />
          )}
        </dd>
      </dl>
      <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">
        {feeCents === null
          ? 'Enter a valid price and quantity to see the fee.'
          : mode === 'create'
            ? '4% of price × quantity, paid to the platform when the product is listed.'
            : '4% of the growth of price × your units, in stock and held by checkouts in progress; nothing when it does not grow. Growth too small for a cent is carried over to your next change.'}
      </p>
    </section>
  );
}
