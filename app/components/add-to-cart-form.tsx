import { useFetcher, useLocation } from '@remix-run/react';
import { CART_ACTION, cartSubmitHandler, failed, type CartAnswer } from '~/hooks/cart-fetcher.ts';
import { errorIdFor, invalidProps } from '~/utils/form-errors.ts';
import { useErrorFocus } from '~/hooks/use-error-focus.ts';
import { PlainLink } from './plain-link.tsx';
import { MessageText } from './user-text.tsx';

/**
 * The add-to-cart form of a product page. Without JavaScript it posts to /cart (intent "add"),
 * which redirects back here with a message. With JavaScript it posts through a fetcher: the
 * header badge counts the new line at once, and the answer shows under the form.
 * `inCart` (when the page knows it) keeps the badge from counting an add to an existing line.
 */
export function AddToCartForm({ productId, stock, inCart = false }: { productId: string; stock: number; inCart?: boolean }) {
  const location = useLocation();
  const fetcher = useFetcher<CartAnswer>({ key: `cart-add:${productId}` });
  const busy = fetcher.state !== 'idle';
  const answer = busy ? undefined : fetcher.data;
  const knownInCart = inCart || fetcher.data?.ok === true;
  const quantityId = `add-to-cart-quantity-${productId}`;
  const container = useErrorFocus<HTMLDivElement>(answer);

  return (
    <div ref={container} className="space-y-2">
      <form
        method="post"
        action={CART_ACTION}
        onSubmit={cartSubmitHandler(fetcher, knownInCart ? { inCart: '1' } : {})}
        className="flex items-end gap-3"
        data-testid="add-to-cart-form"
      >
        <input type="hidden" name="intent" value="add" />
        <input type="hidden" name="productId" value={productId} />
        <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
        <label htmlFor={quantityId} className="grid gap-1 text-sm">
          <span className="font-medium">Quantity</span>
          <input
            id={quantityId}
            type="number"
            name="quantity"
            defaultValue={1}
            min={1}
            max={stock}
            step={1}
            required
            {...invalidProps({ id: quantityId, error: failed(answer) ? answer.error : undefined })}
            className="w-24 rounded-md border border-zinc-300 bg-white px-3 py-2 aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
        <button type="submit" disabled={busy} className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60">
          {busy ? 'Adding…' : 'Add to cart'}
        </button>
      </form>
      <div aria-live="polite" role="status" data-testid="add-to-cart-answer">
        {answer?.ok === true ? (
          <p className={`text-sm ${answer.kind === 'info' ? 'text-amber-700 dark:text-amber-400' : 'text-green-700 dark:text-green-400'}`}>
            <MessageText text={answer.message} />{' '}
            <PlainLink to="/cart" className="font-medium underline">
              View cart
            </PlainLink>
          </p>
        ) : null}
        {failed(answer) ? (
          <p id={errorIdFor(quantityId)} className="text-sm text-red-700 dark:text-red-400">
            {answer.error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
