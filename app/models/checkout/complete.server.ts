// A paid checkout's two possible ends: it becomes an order (completeCheckout), or, when it cannot
// be fulfilled (released before the payment arrived, a paid amount that differs, a completion
// that failed for good), its payment is refunded in full (compensateCheckout). Both are idempotent:
// each looks at the checkout's status first and does nothing twice.
import { randomUUID } from 'node:crypto';
import { enqueue } from '~/utils/jobs.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { countCheckoutOutcome } from '~/utils/metrics.server.ts';
import { linesTotalCents } from '~/utils/money.ts';
import { paymentProvider } from '~/utils/payments/configured.server.ts';
import { NothingCapturedError } from '~/utils/payments/provider.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { closeAccountBalance } from '../ledger.server.ts';
import { queueOrderEmails, queueRefundEmail } from '../order-emails.server.ts';
import { releaseCheckoutInTx } from './release.server.ts';
import { readCheckoutForCompletion, writeCompletion } from './statements.server.ts';
import type { Payment } from '~/utils/queues.ts';
import { transition } from './transition.server.ts';

export type CompletionOutcome =
  { outcome: 'completed' | 'already-completed'; orderId: string } | { outcome: 'refund-queued' | 'already-refunded' | 'unknown-checkout' };

/**
 * A paid checkout becomes an order: held money to the sellers, order lines from the snapshot,
 * bought quantities out of the cart, counts bumped, emails queued. Running it again changes nothing.
 * A payment for a checkout that was already released (paid after it expired) is refunded instead.
 */
export async function completeCheckout(payment: Payment): Promise<CompletionOutcome> {
  const result = await serializable(async (tx): Promise<CompletionOutcome> => {
    const checkout = await readCheckoutForCompletion(tx, payment.checkoutId);
    if (!checkout) return { outcome: 'unknown-checkout' };
    if (checkout.status === 'COMPLETED') return { outcome: 'already-completed', orderId: checkout.orderId! };
    if (checkout.status === 'REFUNDED' || checkout.status === 'REFUND_FAILED') return { outcome: 'already-refunded' };

    const amountMatches = payment.amountTotal === null || payment.amountTotal === checkout.totalCents;
    if (checkout.status === 'RELEASED' || !amountMatches) {
      if (!amountMatches)
        logger().error(
          { checkoutId: checkout.id, paidCents: payment.amountTotal, totalCents: checkout.totalCents },
          'paid amount differs from the total: refunding',
        );
      await releaseCheckoutInTx(tx, checkout.id);
      await tx.checkout.update({ where: { id: checkout.id }, data: { paymentIntentId: payment.paymentIntentId } });
      await enqueue(tx, 'checkout-compensate', payment, { singletonKey: `refund:${checkout.id}` });
      return { outcome: 'refund-queued' };
    }

    const order = { id: randomUUID(), buyerId: checkout.buyerId, totalCents: checkout.totalCents, items: checkout.lines.map(orderItemOf(checkout.id)) };
    // The sellers are paid from the hold, which must hold exactly what the lines add up to.
    if (checkout.heldCents !== BigInt(linesTotalCents(order.items))) throw new Error(`checkout ${checkout.id}: the hold does not match its lines`);
    await writeCompletion(tx, {
      checkoutId: checkout.id,
      orderId: order.id,
      buyerId: checkout.buyerId,
      totalCents: checkout.totalCents,
      paymentIntentId: payment.paymentIntentId,
      lines: order.items,
    });
    // A seller who deleted their account while this checkout was pending: the sale goes on to the platform.
    const sellerIds = new Set(order.items.map((item) => item.sellerId));
    for (const person of checkout.people) if (sellerIds.has(person.id) && person.deletedAt) await closeAccountBalance(tx, person.id);
    await queueOrderEmails(tx, order, checkout.people);
    return { outcome: 'completed', orderId: order.id };
  });
  if (result.outcome === 'completed') countCheckoutOutcome('completed');
  return result;
}

/** An order item from a checkout line: its snapshot of name, price and seller, as the buyer paid. */
function orderItemOf(checkoutId: string) {
  return (line: { productId: string | null; productName: string; unitPriceCents: number; sellerId: string; quantity: number }) => {
    // A pending checkout's products can be anonymised but never deleted.
    if (!line.productId) throw new Error(`checkout ${checkoutId} lost the product "${line.productName}"`);
    return { productId: line.productId, productName: line.productName, unitPriceCents: line.unitPriceCents, sellerId: line.sellerId, quantity: line.quantity };
  };
}

/**
 * Compensation: the payment cannot be fulfilled (completion failed for good, or the checkout was
 * already released), so release what is still reserved and refund the payment in full.
 * Idempotent: the refund carries the key `refund:<checkoutId>`. Done without a refund when the
 * provider affirms that it captured nothing.
 */
export async function compensateCheckout(payment: Payment): Promise<'refunded' | 'completed' | 'nothing-paid'> {
  const checkout = await serializable(async (tx) => {
    await releaseCheckoutInTx(tx, payment.checkoutId);
    return tx.checkout.findUnique({
      where: { id: payment.checkoutId },
      select: { status: true, totalCents: true, paymentIntentId: true, paymentSessionId: true },
    });
  });
  if (!checkout) return 'nothing-paid';
  if (checkout.status === 'COMPLETED') return 'completed';
  if (checkout.status === 'REFUNDED') return 'refunded';

  const provider = paymentProvider();
  let paymentIntentId = payment.paymentIntentId ?? checkout.paymentIntentId;
  if (!paymentIntentId && checkout.paymentSessionId) paymentIntentId = (await provider.retrieveSession(checkout.paymentSessionId)).paymentIntentId;
  if (!paymentIntentId) return 'nothing-paid';

  try {
    await provider.refund({ checkoutId: payment.checkoutId, paymentIntentId, amountCents: checkout.totalCents });
  } catch (error) {
    // The checkout stays released: should the money be captured after all, its payment event
    // settles the released checkout again, which queues a compensation of its own.
    if (!(error instanceof NothingCapturedError)) throw error;
    logger().info({ checkoutId: payment.checkoutId }, 'compensation: the payment provider captured nothing, so there is nothing to refund');
    return 'nothing-paid';
  }
  const refundedNow = await serializable(async (tx) => {
    const moved = await transition(tx, payment.checkoutId, ['RELEASED', 'REFUND_FAILED'], 'REFUNDED', { paymentIntentId });
    if (moved) await queueRefundEmail(tx, payment.checkoutId);
    return moved;
  });
  if (refundedNow) countCheckoutOutcome('refunded');
  return 'refunded';
}

/** Compensation gave up: the payment could not be refunded. An operator must act. */
export async function markRefundFailed(checkoutId: string, reason: string) {
  const moved = await serializable((tx) => transition(tx, checkoutId, 'RELEASED', 'REFUND_FAILED'));
  if (moved) countCheckoutOutcome('refund_failed');
  logger().error({ checkoutId, reason, alert: true }, "ALERT: refund failed for good. Refund it by hand in the payment provider's dashboard.");
}
