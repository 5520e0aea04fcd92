import { Form, useLocation } from '@remix-run/react';

/**
 * The add-to-cart form of a product page. It posts to /cart (intent "add"), which redirects back
 * here with a message; the cart work enhances it with a fetcher.
 */
export function AddToCartForm({ productId, stock }: { productId: string; stock: number }) {
  const location = useLocation();
  return (
    <Form method="post" action="/cart" className="flex items-end gap-3" data-testid="add-to-cart-form">
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="productId" value={productId} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Quantity</span>
        <input
          type="number"
          name="quantity"
          defaultValue={1}
          min={1}
          max={stock}
          step={1}
          required
          className="w-24 rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700">
        Add to cart
      </button>
    </Form>
  );
}
