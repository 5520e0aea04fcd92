// The checkout saga's jobs. Each settles a checkout through the saga's one core
// (app/models/checkout/settle.server.ts) or runs one of its idempotent steps; a failure is retried
// by pg-boss and, after the last retry, moves on to the next step through the queue's dead-letter
// queue (complete -> compensate -> refund-failed), see app/utils/queues.ts.
import { compensateCheckout, markRefundFailed } from '~/models/checkout/complete.server.ts';
import { sweepExpiredCheckouts } from '~/models/checkout/checkout.server.ts';
import { settle, settleWithProvider } from '~/models/checkout/settle.server.ts';
import { logger } from '~/utils/logger.server.ts';
import type { QueuePayloads } from '~/utils/queues.ts';

/** A signed event (or the reconciliation) says the session was paid. */
export async function handleCheckoutComplete(data: QueuePayloads['checkout-complete']): Promise<void> {
  await settle(data.checkoutId, { kind: 'paid', paymentIntentId: data.paymentIntentId, amountTotal: data.amountTotal });
}

/**
 * An event says the session expired or its payment failed. Events can arrive in any order (and a
 * late or replayed one must not undo a payment), so the provider is asked for the session's state now.
 */
export async function handleCheckoutRelease(data: QueuePayloads['checkout-release']): Promise<void> {
  await settleWithProvider(data.checkoutId, { expire: false });
}

export async function handleCheckoutCompensate(data: QueuePayloads['checkout-compensate']): Promise<void> {
  const outcome = await compensateCheckout(data);
  if (outcome === 'refunded') logger().info({ checkoutId: data.checkoutId }, 'checkout compensated: released and refunded');
}

export async function handleRefundFailed(data: QueuePayloads['checkout-refund-failed']): Promise<void> {
  await markRefundFailed(data.checkoutId, 'the refund kept failing after every retry');
}

export async function handleCheckoutSweep(): Promise<void> {
  const { released, completed } = await sweepExpiredCheckouts();
  if (released || completed) logger().info({ released, completed }, 'sweep settled checkouts');
}
