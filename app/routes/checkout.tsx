// POST /checkout: start the checkout of the whole cart and go to the payment page (303). Refusals
// (empty cart, stock, balance, order cap...) go back to the cart with the reasons; so does a buyer
// over the rate limit, told how long to wait (the cart is where they check out again).
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { PreviousCheckoutPaidError, startCheckout } from '~/models/checkout/checkout.server.ts';
import { consumeRateLimit } from '~/models/rate-limit.server.ts';
import { appOrigin } from '~/utils/app-url.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { env } from '~/utils/env.server.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { answerRefusal } from '~/utils/refusals.server.ts';

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const limit = await consumeRateLimit(`checkout:${user.id}`, env().CHECKOUT_STARTS_PER_MINUTE);
  if (!limit.allowed) {
    const message = `You started too many checkouts in a minute: wait ${limit.retryAfterSeconds} seconds, then check out again.`;
    return redirectWithFlash('/cart', { kind: 'error', message }, { headers: { 'Retry-After': String(limit.retryAfterSeconds) } });
  }
  // Configured, never the request's Host: the test provider posts its signed events to webhookUrl.
  const origin = appOrigin(context);
  try {
    const { paymentUrl } = await startCheckout(user.id, {
      successUrl: `${origin}/checkout/success`,
      cancelUrl: `${origin}/checkout/cancel`,
      webhookUrl: `${origin}/webhooks/stripe`,
    });
    return redirect(paymentUrl, 303);
  } catch (error) {
    if (error instanceof PreviousCheckoutPaidError) return redirectWithFlash(`/orders/${error.orderId}`, { kind: 'info', message: error.message });
    return answerRefusal(error, ({ message }) => redirectWithFlash('/cart', { kind: 'error', message }));
  }
}

/** Checking out is a POST; a typed URL lands on the cart. */
export function loader() {
  return redirect('/cart');
}
