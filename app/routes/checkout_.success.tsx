// GET /checkout/success?session_id=...: where the payment page sends the buyer back. Shows the order
// once it exists and "processing" until then (refreshing itself, with or without JavaScript).
import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData, useLocation, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { CheckoutLines } from '~/components/checkout-lines.tsx';
import { PlainLink } from '~/components/plain-link.tsx';
import { checkoutForReturnPage } from '~/models/checkout/checkout.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { paidAfterClosingMessage } from '~/utils/checkout-status.ts';
import { notFound } from '~/utils/refusals.server.ts';

const REFRESH_SECONDS = 2;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const sessionId = new URL(request.url).searchParams.get('session_id');
  const checkout = sessionId ? await checkoutForReturnPage(user.id, sessionId) : null;
  if (!checkout) notFound();
  // This request completed (or released) the checkout while the root loader, running beside this
  // one, counted the cart and the orders: loaded again, the page shows counts from after it.
  if (checkout.settledHere) {
    const url = new URL(request.url);
    throw redirect(`${url.pathname}${url.search}`, 303);
  }
  return { checkout };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const processing = data?.checkout.status === 'PENDING';
  return [
    { title: processing ? 'Processing your payment | REEN' : 'Thank you | REEN' },
    // Without JavaScript, the browser refreshes the page until the order exists.
    ...(processing ? [{ httpEquiv: 'refresh', content: String(REFRESH_SECONDS) }] : []),
  ];
};

export default function CheckoutSuccess() {
  const { checkout } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const location = useLocation();
  const processing = checkout.status === 'PENDING';
  useEffect(() => {
    if (!processing) return;
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [processing, revalidator]);

  return (
    <section className="mx-auto max-w-2xl space-y-6 py-6">
      {checkout.status === 'COMPLETED' && checkout.order ? (
        <>
          <h1 className="text-3xl font-bold">Thank you for your order</h1>
          <p className="text-zinc-600 dark:text-zinc-400" data-testid="checkout-status">
            Your payment went through and your order is confirmed. A confirmation email is on its way.
          </p>
          <CheckoutLines lines={checkout.lines} totalCents={checkout.totalCents} />
          <div className="flex gap-3">
            <PlainLink to={`/orders/${checkout.order.id}`} className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
              See your order
            </PlainLink>
            <PlainLink to="/products" className="rounded-md border border-zinc-300 px-4 py-2 font-medium dark:border-zinc-700">
              Keep shopping
            </PlainLink>
          </div>
        </>
      ) : processing ? (
        <>
          <h1 className="text-3xl font-bold">Processing your payment…</h1>
          <p role="status" className="text-zinc-600 dark:text-zinc-400" data-testid="checkout-status">
            We are confirming your payment. This page updates by itself in a moment.
          </p>
          {/* This very address (its session_id included), loaded again as a document. */}
          <a href={`${location.pathname}${location.search}`} className="text-brand-700 underline dark:text-brand-500">
            Refresh now
          </a>
        </>
      ) : (
        <>
          <h1 className="text-3xl font-bold">This checkout did not go through</h1>
          <p className="text-zinc-600 dark:text-zinc-400" data-testid="checkout-status">
            {paidAfterClosingMessage(checkout.status) ?? 'It was cancelled or expired before it was paid. Nothing was charged and your items were released.'}
          </p>
          <PlainLink to="/cart" className="text-brand-700 underline dark:text-brand-500">
            Back to your cart
          </PlainLink>
        </>
      )}
    </section>
  );
}
