import { useFetcher } from '@remix-run/react';
import { useState } from 'react';
import { cartLineIssue, type CartLineState } from '~/models/cart-rules.ts';
import { Money } from './money.tsx';
import { CART_ACTION, cartSubmitHandler, failed, type CartAnswer } from '~/hooks/cart-fetcher.ts';
import { FieldError, FormError } from './form-errors.tsx';
import { invalidProps } from '~/utils/form-errors.ts';
import { useErrorFocus } from '~/hooks/use-error-focus.ts';
import { PlainLink } from './plain-link.tsx';
import { StockLabel } from './stock-label.tsx';
import { UserText } from './user-text.tsx';

export type ShownCartLine = CartLineState & { id: string; productId: string; productName: string; imageUrl: string | null };

/**
 * One line of the cart page: its quantity form and remove button post to /cart, through fetchers
 * when JavaScript runs. `pageError` is the message of a post made without JavaScript.
 */
export function CartLineRow({ line, pageError }: { line: ShownCartLine; pageError?: string }) {
  const update = useFetcher<CartAnswer>({ key: `cart-update:${line.id}` });
  const remove = useFetcher<CartAnswer>({ key: `cart-remove:${line.id}` });
  const fetcherError = [update, remove].find((fetcher) => fetcher.state === 'idle' && failed(fetcher.data))?.data;
  const error = failed(fetcherError) ? fetcherError.error : pageError;
  const row = useErrorFocus<HTMLLIElement>(fetcherError);
  const issue = cartLineIssue(line);
  const canChangeQuantity = !line.deleted && !line.own && line.stock > 0;
  // A refused change puts the field back to the quantity the cart really has: each new refusal
  // counts an attempt, which remounts the field (adjusted while rendering, as React advises).
  const refusal = update.state === 'idle' && failed(update.data) ? update.data : undefined;
  const [seenRefusal, setSeenRefusal] = useState(refusal);
  const [attempt, setAttempt] = useState(0);
  if (refusal !== seenRefusal) {
    setSeenRefusal(refusal);
    if (refusal) setAttempt((count) => count + 1);
  }

  const quantityId = `quantity-${line.id}`;
  const issueId = `issue-${line.id}`;

  return (
    <li
      ref={row}
      className="grid grid-cols-[4rem_minmax(0,1fr)] items-start gap-x-4 gap-y-3 p-4 @lg:grid-cols-[4rem_minmax(0,1fr)_auto]"
      data-testid="cart-line"
      data-line-id={line.id}
    >
      {line.imageUrl ? (
        <img src={line.imageUrl} alt="" width={64} height={64} className="h-16 w-16 shrink-0 rounded-md bg-zinc-100 object-cover dark:bg-zinc-800" />
      ) : (
        <div className="h-16 w-16 shrink-0 rounded-md bg-zinc-100 dark:bg-zinc-800" />
      )}
      <div className="min-w-0 grow basis-40 space-y-1">
        <PlainLink to={`/products/${line.productId}`} className="font-semibold hover:underline">
          <UserText>{line.productName}</UserText>
        </PlainLink>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          <Money cents={line.unitPriceCents} /> each
          {line.deleted || line.own ? null : <StockLabel stock={line.stock} className="ml-2" />}
        </p>
        {issue ? (
          <p id={issueId} data-testid="line-issue" className="text-sm font-medium text-amber-700 dark:text-amber-400">
            {issue}
          </p>
        ) : null}
        {canChangeQuantity ? <FieldError id={quantityId} message={error} /> : <FormError message={error} focus={Boolean(pageError)} />}
      </div>
      {/* Beside the product in a wide list; under it in a narrow one (a phone, the cart drawer), the line's total at the right end. */}
      <div className="col-start-2 flex items-end justify-between gap-4 @lg:col-start-3">
        <div className="flex min-w-0 flex-wrap items-end gap-2">
          {canChangeQuantity ? (
            <form method="post" action={CART_ACTION} noValidate onSubmit={cartSubmitHandler(update)} className="flex items-end gap-2">
              <input type="hidden" name="intent" value="update" />
              <input type="hidden" name="lineId" value={line.id} />
              <label htmlFor={quantityId} className="grid gap-1 text-sm">
                <span className="font-medium">Quantity</span>
                <input
                  key={`${line.quantity}:${attempt}`}
                  id={quantityId}
                  type="number"
                  name="quantity"
                  inputMode="numeric"
                  defaultValue={line.quantity}
                  min={1}
                  max={line.stock}
                  step={1}
                  // Focused when refused: a refusal also remounts the field (see `attempt`), and React
                  // focuses an autofocus field it mounts.
                  {...invalidProps({ id: quantityId, error, focus: Boolean(error), hintId: issue ? issueId : undefined })}
                  className="w-20 rounded-md border border-zinc-300 bg-white px-2 py-1.5 aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-900"
                />
              </label>
              <button
                type="submit"
                className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                Update
              </button>
            </form>
          ) : (
            <p className="text-sm">
              Quantity <span className="font-medium tabular-nums">{line.quantity}</span>
            </p>
          )}
          <form method="post" action={CART_ACTION} onSubmit={cartSubmitHandler(remove)}>
            <input type="hidden" name="intent" value="remove" />
            <input type="hidden" name="lineId" value={line.id} />
            <button
              type="submit"
              aria-label={`Remove ${line.productName}`}
              className="rounded-md px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950"
            >
              Remove
            </button>
          </form>
        </div>
        <p className="shrink-0 text-right font-semibold @lg:min-w-28">
          <Money cents={line.unitPriceCents * line.quantity} testId="line-total" />
        </p>
      </div>
    </li>
  );
}
