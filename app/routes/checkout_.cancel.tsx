// /checkout/cancel?checkout_id=...: where the payment page's "back" link leads. Nothing was charged;
// the items stay reserved until the buyer cancels here (a POST, which also expires the payment
// session so that it can no longer be paid) or the reservation runs out. Reached again later (Back,
// another tab), the page says what became of the checkout: it may have been paid meanwhile.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { buyerCheckout, cancelCheckout, PaymentUnavailableError } from '~/models/checkout/checkout.server.ts';
import { requireUser } from '~/utils/auth.server.ts';
import { paidAfterClosingMessage } from '~/utils/checkout-status.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { formatMoney } from '~/utils/money.ts';
import { BusyError } from '~/utils/transaction.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.checkout.status === 'COMPLETED' ? 'Already paid' : 'Payment cancelled'} | REEN` }];

const CheckoutId = z.uuid();

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = CheckoutId.safeParse(new URL(request.url).searchParams.get('checkout_id'));
  const checkout = parsed.success ? await buyerCheckout(user.id, parsed.data) : null;
  if (!checkout) throw new Response('Not found', { status: 404 });
  return { checkout: { id: checkout.id, status: checkout.status, totalCents: checkout.totalCents, orderId: checkout.order?.id ?? null } };
}

const CancelForm = z.object({ intent: z.literal('cancel'), checkoutId: z.uuid() });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = CancelForm.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) throw new Response('This is not a checkout you can cancel.', { status: 400 });
  let result: Awaited<ReturnType<typeof cancelCheckout>>;
  try {
    result = await cancelCheckout(user.id, parsed.data.checkoutId);
  } catch (error) {
    if (error instanceof BusyError || error instanceof PaymentUnavailableError) return redirectWithFlash(`/checkout/cancel?checkout_id=${parsed.data.checkoutId}`, { kind: 'error', message: error.message });
    throw error;
  }
  if (result === 'released') return redirectWithFlash('/cart', { kind: 'success', message: 'Checkout cancelled. Nothing was charged, and the items are back in stock.' });
  return answerClosedCheckout(user.id, parsed.data.checkoutId);
}

/**
 * A cancel that came too late (a form left open in another tab, or the payment went through while
 * cancelling) says what became of the checkout: paid ones lead to their order.
 */
async function answerClosedCheckout(buyerId: string, checkoutId: string) {
  const checkout = await buyerCheckout(buyerId, checkoutId);
  if (!checkout) throw new Response('Not found', { status: 404 });
  if (checkout.status === 'COMPLETED' && checkout.order) {
    return redirectWithFlash(`/orders/${checkout.order.id}`, { kind: 'info', message: 'That checkout was already paid, so it could not be cancelled: here is its order.' });
  }
  const refund = paidAfterClosingMessage(checkout.status);
  return redirectWithFlash('/cart', { kind: 'info', message: `That checkout is already closed. ${refund ?? 'Nothing was charged by cancelling it.'}` });
}

export default function CheckoutCancel() {
  const { checkout } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const cancelling = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'cancel';
  if (checkout.status === 'COMPLETED' && checkout.orderId) {
    return (
      <section className="mx-auto max-w-2xl space-y-6 py-6">
        <h1 className="text-3xl font-bold">This checkout is already paid</h1>
        <p className="text-zinc-600 dark:text-zinc-400" data-testid="checkout-status">
          Your payment of {formatMoney(checkout.totalCents)} went through and your order is confirmed, so it can no longer be cancelled.
        </p>
        <Link to={`/orders/${checkout.orderId}`} className="inline-block rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          See your order
        </Link>
      </section>
    );
  }
  return (
    <section className="mx-auto max-w-2xl space-y-6 py-6">
      <h1 className="text-3xl font-bold">Payment cancelled</h1>
      <p className="text-zinc-600 dark:text-zinc-400" data-testid="checkout-status">
        {paidAfterClosingMessage(checkout.status) ?? 'Nothing was charged.'}
      </p>
      {checkout.status === 'PENDING' ? (
        <div className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <p>
            Your items ({formatMoney(checkout.totalCents)}) are still reserved for you for a while. Cancel the checkout to release them now, or go back to your cart.
          </p>
          <Form method="post" className="flex flex-wrap gap-3">
            <input type="hidden" name="intent" value="cancel" />
            <input type="hidden" name="checkoutId" value={checkout.id} />
            <button type="submit" disabled={cancelling} className="rounded-md bg-zinc-900 px-4 py-2 font-semibold text-white disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900">
              {cancelling ? 'Cancelling…' : 'Cancel checkout'}
            </button>
            <Link to="/cart" className="rounded-md border border-zinc-300 px-4 py-2 font-medium dark:border-zinc-700">
              Back to cart
            </Link>
          </Form>
        </div>
      ) : (
        <Link to="/cart" className="text-brand-700 underline dark:text-brand-500">
          Back to your cart
        </Link>
      )}
    </section>
  );
}
