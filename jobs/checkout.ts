// The checkout saga's jobs. Each calls one idempotent step of app/models/checkout.server.ts; a
// failure is retried by pg-boss and, after the last retry, moves on to the next step through the
// queue's dead-letter queue (complete -> compensate -> refund-failed), see queues.ts.
import { compensateCheckout, completeCheckout, markRefundFailed, releaseCheckout, sweepExpiredCheckouts } from '~/models/checkout.server.ts';
import { logger } from '~/utils/logger.server.ts';
import type { QueuePayloads } from './queues.ts';

export async function handleCheckoutComplete(data: QueuePayloads['checkout-complete']): Promise<void> {
  await completeCheckout(data);
}

export async function handleCheckoutRelease(data: QueuePayloads['checkout-release']): Promise<void> {
  await releaseCheckout(data.checkoutId);
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
