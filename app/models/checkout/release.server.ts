// Releasing a checkout: its reserved stock and held money go back. Only the saga's settle() and the
// steps that already know the payment's fate call this (an account being closed, a payment that
// must be refunded): a checkout whose payment may have gone through is never released unasked.
import { countCheckoutOutcome } from '~/utils/metrics.server.ts';
import { afterCommit, serializable, type Tx } from '~/utils/transaction.server.ts';
import { heldCents, releaseHold } from '../ledger.server.ts';
import { transition } from './transition.server.ts';

/** Stock back, held money back, status RELEASED. False when the checkout was not pending. */
export async function releaseCheckoutInTx(tx: Tx, checkoutId: string): Promise<boolean> {
  if (!(await transition(tx, checkoutId, 'PENDING', 'RELEASED', { settledAt: new Date() }))) return false;
  afterCommit(tx, () => countCheckoutOutcome('released'));
  const checkout = await tx.checkout.findUniqueOrThrow({
    where: { id: checkoutId },
    select: { buyerId: true, lines: { select: { productId: true, quantity: true } } },
  });
  for (const line of checkout.lines) {
    if (line.productId) await tx.product.update({ where: { id: line.productId }, data: { stock: { increment: line.quantity } } });
  }
  const held = await heldCents(tx, checkoutId);
  if (held > 0n) await releaseHold(tx, { buyerId: checkout.buyerId, checkoutId, amountCents: Number(held) });
  return true;
}

/** Releases a pending checkout; does nothing to one that is not pending. */
export function releaseCheckout(checkoutId: string): Promise<boolean> {
  return serializable((tx) => releaseCheckoutInTx(tx, checkoutId));
}
