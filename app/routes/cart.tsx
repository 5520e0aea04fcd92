// The cart page and the one action every cart form posts to (intents add, update, remove).
// Without JavaScript every post ends in a redirect with a message, except that an error on the
// cart page itself re-renders the page with the message next to the line. With JavaScript the
// forms add js=1 and get the answer as data (with a meaningful status) to show in place.
// Rules: an add beyond the stock is capped with a message; an update beyond the stock is refused
// (409, nothing changed), since the shopper typed that exact number; a quantity of 0 is refused
// (400) rather than read as "remove", which has its own button.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { CartLineRow } from '~/components/cart-line.tsx';
import { CartNotices } from '~/components/cart-notices.tsx';
import { PlainLink } from '~/components/plain-link.tsx';
import { useNoticesShownOnce } from '~/hooks/use-notices-shown-once.ts';
import { CartSummaryPanel } from '~/components/cart-summary.tsx';
import { failed, useOptimisticLines, type CartAnswer } from '~/hooks/cart-fetcher.ts';
import { FormError } from '~/components/form-errors.tsx';
import { summarizeCart } from '~/models/cart-rules.ts';
import { addToCart, cartView, removeCartLine, updateCartLine } from '~/models/cart.server.ts';
import { getUser, requireUser, safeRedirectPath } from '~/models/auth.server.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { answerRefusal } from '~/utils/refusals.server.ts';
import { isolate } from '~/utils/bidi.ts';
import { CartForm } from '~/forms/cart.server.ts';

export const meta: MetaFunction = () => [{ title: 'My Cart | REEN' }];

const CART_PATH = '/cart';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return cartView(user.id);
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const redirectTo = safeRedirectPath(form.get('redirectTo'), CART_PATH);
  const user = await getUser(request);
  // Sign-in comes back to the page the form was on (the product page for an add).
  if (!user) throw redirect(`/sign-in?${new URLSearchParams({ redirectTo })}`, 303);

  const fromFetcher = form.get('js') === '1';
  const lineIdField = typeof form.get('lineId') === 'string' ? String(form.get('lineId')) : undefined;

  async function refuse(status: number, error: string) {
    if (fromFetcher || redirectTo === CART_PATH) return data<CartAnswer>({ ok: false, error, lineId: lineIdField }, { status });
    return redirectWithFlash(redirectTo, { kind: 'error', message: error });
  }
  async function succeed(kind: 'success' | 'info', message: string) {
    if (fromFetcher) return data<CartAnswer>({ ok: true, kind, message });
    return redirectWithFlash(redirectTo, { kind, message });
  }

  const parsed = CartForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return refuse(400, parsed.error.issues[0]?.message ?? 'The cart cannot do that.');
  try {
    const input = parsed.data;
    switch (input.intent) {
      case 'add': {
        const added = await addToCart(user.id, input.productId, input.quantity);
        if (added.capped) return succeed('info', `Only ${added.stock} in stock: your cart has ${added.quantity} × ${isolate(added.productName)}.`);
        if (added.quantity > input.quantity)
          return succeed('success', `Added ${input.quantity} × ${isolate(added.productName)}: your cart now has ${added.quantity}.`);
        return succeed('success', `Added to your cart: ${added.quantity} × ${isolate(added.productName)}.`);
      }
      case 'update': {
        const updated = await updateCartLine(user.id, input.lineId, input.quantity);
        return succeed('success', `Your cart now has ${updated.quantity} × ${isolate(updated.productName)}.`);
      }
      case 'remove': {
        const removed = await removeCartLine(user.id, input.lineId);
        return succeed('success', `Removed ${isolate(removed.productName)} from your cart.`);
      }
    }
  } catch (error) {
    return answerRefusal(error, ({ status, message }) => refuse(status, message));
  }
}

export default function CartPage() {
  const { lines, pendingCheckoutId, notices } = useLoaderData<typeof loader>();
  const shownNotices = useNoticesShownOnce(notices);
  const answer = useActionData<typeof action>();
  const shownLines = useOptimisticLines(lines);
  const summary = summarizeCart(shownLines);
  const pageError = failed(answer) && !lines.some((line) => line.id === answer.lineId) ? answer.error : null;

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <h1 className="text-3xl font-bold">My Cart</h1>
      <CartNotices notices={shownNotices} />
      {pendingCheckoutId ? <PendingCheckoutNotice checkoutId={pendingCheckoutId} /> : null}
      <FormError message={pageError} focus={Boolean(pageError)} />
      {shownLines.length === 0 ? (
        <div className="rounded-lg border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700" data-testid="cart-empty">
          <p className="text-lg text-zinc-600 dark:text-zinc-400">Your cart is empty.</p>
          <PlainLink to="/products" className="mt-4 inline-block rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            Browse products
          </PlainLink>
        </div>
      ) : (
        <>
          <ul
            className="@container divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
            aria-label="Cart lines"
          >
            {shownLines.map((line) => (
              <CartLineRow key={line.id} line={line} pageError={failed(answer) && answer.lineId === line.id ? answer.error : undefined} />
            ))}
          </ul>
          <CartSummaryPanel summary={summary} />
        </>
      )}
    </div>
  );
}

/** A checkout started earlier is still reserved: go back to paying it, or cancel it (both work without JS). */
function PendingCheckoutNotice({ checkoutId }: { checkoutId: string }) {
  return (
    <div
      data-testid="pending-checkout"
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <p>
        You have a checkout in progress: its items are reserved for you until you pay or cancel it. It keeps the cart as it was when you started it: changes
        made here count for your next checkout, which replaces it.
      </p>
      <Form method="post" action="/checkout/cancel" className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="intent" value="cancel" />
        <input type="hidden" name="checkoutId" value={checkoutId} />
        {/* A document load, not the router's: it redirects to the payment provider's page. */}
        <a href="/checkout/continue" className="rounded-md bg-amber-900 px-3 py-1.5 font-semibold text-white dark:bg-amber-100 dark:text-amber-950">
          Resume payment
        </a>
        <button type="submit" className="rounded-md border border-amber-400 px-3 py-1.5 font-medium dark:border-amber-700">
          Cancel checkout
        </button>
      </Form>
    </div>
  );
}
