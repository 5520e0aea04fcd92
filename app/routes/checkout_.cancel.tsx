// /checkout/cancel?checkout_id=...: where the payment page's cancel link leads (Stripe's cancel_url
// too). Coming back this way cancels the checkout at once: the provider is asked first and the
// session closed (cancelCheckout), then the held money and the reserved units go back, and the page
// says how much of each. A GET that cancels, because the provider sends the buyer here by a link;
// it is idempotent, and only the buyer's own checkout id (unguessable) reaches it. A payment that
// raced the cancel is completed or refunded by the saga as always. When the provider cannot be
// reached the checkout stays open and the page offers the cancel again (a POST).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData, useNavigation } from '@remix-run/react';
import { PlainLink } from '~/components/plain-link.tsx';
import { buyerCheckout, cancelCheckout } from '~/models/checkout/checkout.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { paidAfterClosingMessage } from '~/utils/checkout-status.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { formatMoney } from '~/utils/money.ts';
import { answerRefusal, notFound } from '~/utils/refusals.server.ts';
import { UserText } from '~/components/user-text.tsx';
import { Money } from '~/components/money.tsx';
import { CancelForm } from '~/forms/checkout-cancel.server.ts';
import { uuidOrNull } from '~/utils/ids.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.checkout.status === 'COMPLETED' ? 'Already paid' : 'Payment cancelled'} | REEN` },
];

type Released = { totalCents: number; lines: { quantity: number }[] };

/** What a released checkout gave back, said the same way on the page and in the cart's message. */
function cameBack({ totalCents, lines }: Released): string {
  const units = lines.reduce((sum, line) => sum + line.quantity, 0);
  return `Nothing was charged: ${formatMoney(totalCents)} is back in your balance and ${units} ${units === 1 ? 'unit is' : 'units are'} back in stock.`;
}

/** Cancels the buyer's pending checkout; a failure the buyer can retry is returned as its message. */
async function cancelOrExplain(buyerId: string, checkoutId: string): Promise<{ result: Awaited<ReturnType<typeof cancelCheckout>> } | { problem: string }> {
  try {
    return { result: await cancelCheckout(buyerId, checkoutId) };
  } catch (error) {
    // Said on the page, which offers to try again.
    return answerRefusal(error, ({ message }) => ({ problem: message }));
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const checkoutId = uuidOrNull(new URL(request.url).searchParams.get('checkout_id'));
  let checkout = checkoutId ? await buyerCheckout(user.id, checkoutId) : null;
  if (!checkout) notFound();
  let problem: string | null = null;
  if (checkout.status === 'PENDING') {
    const cancelled = await cancelOrExplain(user.id, checkout.id);
    if ('problem' in cancelled) problem = cancelled.problem;
    checkout = (await buyerCheckout(user.id, checkout.id))!;
  }
  return {
    checkout: {
      id: checkout.id,
      status: checkout.status,
      totalCents: checkout.totalCents,
      orderId: checkout.order?.id ?? null,
      lines: checkout.lines.map(({ productName, quantity }) => ({ productName, quantity })),
    },
    cameBack: checkout.status === 'RELEASED' ? cameBack(checkout) : null,
    problem,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = CancelForm.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) throw new Response('This is not a checkout you can cancel.', { status: 400 });
  const cancelled = await cancelOrExplain(user.id, parsed.data.checkoutId);
  if ('problem' in cancelled) return redirectWithFlash('/cart', { kind: 'error', message: cancelled.problem });
  if (cancelled.result === 'released') {
    const checkout = await buyerCheckout(user.id, parsed.data.checkoutId);
    return redirectWithFlash('/cart', { kind: 'success', message: `Checkout cancelled. ${cameBack(checkout!)}` });
  }
  return answerClosedCheckout(user.id, parsed.data.checkoutId);
}

/**
 * A cancel that came too late (a form left open in another tab, or the payment went through while
 * cancelling) says what became of the checkout: paid ones lead to their order.
 */
async function answerClosedCheckout(buyerId: string, checkoutId: string) {
  const checkout = await buyerCheckout(buyerId, checkoutId);
  if (!checkout) notFound();
  if (checkout.status === 'COMPLETED' && checkout.order) {
    return redirectWithFlash(`/orders/${checkout.order.id}`, {
      kind: 'info',
      message: 'That checkout was already paid, so it could not be cancelled: here is its order.',
    });
  }
  const refund = paidAfterClosingMessage(checkout.status);
  return redirectWithFlash('/cart', { kind: 'info', message: `That checkout is already closed. ${refund ?? 'Nothing was charged by cancelling it.'}` });
}

export default function CheckoutCancel() {
  const { checkout, cameBack, problem } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const cancelling = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'cancel';
  if (checkout.status === 'COMPLETED' && checkout.orderId) {
    return (
      <section className="mx-auto max-w-2xl space-y-6 py-6">
        <h1 className="text-3xl font-bold">This checkout is already paid</h1>
        <p className="text-zinc-600 dark:text-zinc-400" data-testid="checkout-status">
          Your payment of <Money cents={checkout.totalCents} /> went through and your order is confirmed, so it can no longer be cancelled.
        </p>
        <PlainLink to={`/orders/${checkout.orderId}`} className="inline-block rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          See your order
        </PlainLink>
      </section>
    );
  }
  if (checkout.status === 'PENDING') {
    // The cancel could not be made now (the provider unreachable, or the shop busy): nothing changed.
    return (
      <section className="mx-auto max-w-2xl space-y-6 py-6">
        <h1 className="text-3xl font-bold">Your checkout is still open</h1>
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
          data-testid="checkout-status"
        >
          {problem ?? 'It could not be cancelled just now.'}
        </p>
        <p>
          Your items (<Money cents={checkout.totalCents} />) stay reserved for you for a while. Cancel the checkout again, or go back to your cart.
        </p>
        <Form method="post" className="flex flex-wrap gap-3">
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="checkoutId" value={checkout.id} />
          <button
            type="submit"
            disabled={cancelling}
            className="rounded-md bg-zinc-900 px-4 py-2 font-semibold text-white disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900"
          >
            {cancelling ? 'Cancelling…' : 'Cancel checkout'}
          </button>
          <PlainLink to="/cart" className="rounded-md border border-zinc-300 px-4 py-2 font-medium dark:border-zinc-700">
            Back to cart
          </PlainLink>
        </Form>
      </section>
    );
  }
  return (
    <section className="mx-auto max-w-2xl space-y-6 py-6">
      <h1 className="text-3xl font-bold">Payment cancelled</h1>
      <p className="text-zinc-600 dark:text-zinc-400" data-testid="checkout-status">
        {paidAfterClosingMessage(checkout.status) ?? cameBack}
      </p>
      {cameBack ? (
        <ul className="list-inside list-disc text-sm break-words" aria-label="Back in stock" data-testid="released-lines">
          {checkout.lines.map((line, index) => (
            <li key={index}>
              {line.quantity} × <UserText>{line.productName}</UserText>
            </li>
          ))}
        </ul>
      ) : null}
      <PlainLink to="/cart" className="inline-block text-brand-700 underline dark:text-brand-500">
        Back to your cart
      </PlainLink>
    </section>
  );
}
