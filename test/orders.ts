// Real orders for tests, made by the checkout saga itself (start, pay, complete), so that totals,
// sales and "amount gained" are what the app computes, never hand-written rows.
import { startCheckout } from '~/models/checkout/checkout.server.ts';
import { completeCheckout } from '~/models/checkout/complete.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { addToCart } from './factories.ts';

/**
 * Return and webhook addresses for checkouts started outside a running server. Nothing listens
 * there: the test provider's event deliveries fail fast, as a lost webhook would.
 */
export const UNREACHABLE_CHECKOUT_URLS = {
  successUrl: 'http://127.0.0.1:9/checkout/success',
  cancelUrl: 'http://127.0.0.1:9/checkout/cancel',
  webhookUrl: 'http://127.0.0.1:9/webhooks/stripe',
};

/** Starts a checkout of the buyer's cart and pays it on the test provider, without the webhook. */
export async function paidCheckout(buyerId: string, lines: { productId: string; quantity: number }[]) {
  for (const line of lines) await addToCart(buyerId, line.productId, line.quantity);
  const { checkoutId } = await startCheckout(buyerId, UNREACHABLE_CHECKOUT_URLS);
  const paymentIntentId = `pi_test_${checkoutId.slice(0, 8)}`;
  await getDb().testPaymentSession.update({ where: { checkoutId }, data: { status: 'complete', paymentIntentId } });
  const { totalCents } = await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId }, select: { totalCents: true } });
  return { checkoutId, paymentIntentId, amountTotal: totalCents };
}

/** The buyer buys these lines through the whole saga; returns the new order's id. */
export async function placeOrder(buyerId: string, lines: { productId: string; quantity: number }[]): Promise<string> {
  const result = await completeCheckout(await paidCheckout(buyerId, lines));
  if (result.outcome !== 'completed') throw new Error(`the checkout did not complete: ${result.outcome}`);
  return result.orderId;
}
