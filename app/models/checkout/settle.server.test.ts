// The saga's core: every step that would release a checkout asks the payment provider first, so a
// paid session is completed (an order), never released and refunded; and a checkout's status moves
// only along the transitions of status.ts, in the code and in the database.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { payTestSession } from '~/utils/payments/test-provider.server.ts';
import { handleCheckoutRelease } from '../../../jobs/checkout.ts';
import { addToCart, createCheckout, createProduct, createUser } from '../../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../../test/database-hooks.ts';
import { UNREACHABLE_CHECKOUT_URLS as URLS } from '../../../test/orders.ts';
import { balanceOf, expectHoldsMatchCheckouts, stockOf } from '../../../test/invariants.ts';
import { cancelCheckout, PreviousCheckoutPaidError, startCheckout, sweepExpiredCheckouts } from './checkout.server.ts';
import { CHECKOUT_TRANSITIONS, type CheckoutStatus } from './status.ts';
import { IllegalTransitionError, transition } from './transition.server.ts';

useDatabase();
useJobQueue();

/** A pending checkout of 2 units at $30.00, paid on the provider; its webhook is lost (nothing listens at URLS). */
async function paidWithLostWebhook() {
  const { id: productId } = await createProduct({ priceCents: 30_00, stock: 5 });
  const { id: buyerId } = await createUser();
  await addToCart(buyerId, productId, 2);
  const { checkoutId } = await startCheckout(buyerId, URLS);
  const session = await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId } });
  expect(await payTestSession(session.id)).not.toBeNull();
  return { productId, buyerId, checkoutId, sessionId: session.id };
}

async function statusOf(checkoutId: string) {
  return (await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId }, select: { status: true } })).status;
}

async function expectDelivered(checkoutId: string, buyerId: string) {
  expect(await statusOf(checkoutId)).toBe('COMPLETED');
  const order = await getDb().order.findUniqueOrThrow({ where: { checkoutId }, select: { id: true, buyerId: true } });
  expect(order.buyerId).toBe(buyerId);
  expect((await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId } })).refundId).toBeNull();
  await expectHoldsMatchCheckouts([checkoutId]);
  return order.id;
}

describe('a paid session is delivered, never released', () => {
  it('checking out again completes the previous checkout paid while its webhook was lost, and starts nothing new', async () => {
    const { buyerId, checkoutId, productId } = await paidWithLostWebhook();
    // The buyer comes back (the server restarted, say) with something else in the cart.
    await addToCart(buyerId, (await createProduct({ stock: 3 })).id, 1);
    const balance = await balanceOf(buyerId);

    const again = await startCheckout(buyerId, URLS).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(PreviousCheckoutPaidError);
    const orderId = await expectDelivered(checkoutId, buyerId);
    expect((again as PreviousCheckoutPaidError).orderId).toBe(orderId);
    expect(await getDb().checkout.count({ where: { buyerId, status: 'PENDING' } })).toBe(0);
    expect(await balanceOf(buyerId)).toBe(balance);
    expect(await stockOf(productId)).toBe(3);
  });

  it('an "expired" event for a paid session completes the checkout: the job asks the provider', async () => {
    const { buyerId, checkoutId } = await paidWithLostWebhook();
    // Events can come in any order; this one claims the session expired.
    await handleCheckoutRelease({ checkoutId });
    await expectDelivered(checkoutId, buyerId);
  });

  it('the sweep and the cancel complete a paid checkout too', async () => {
    const swept = await paidWithLostWebhook();
    await getDb().checkout.update({ where: { id: swept.checkoutId }, data: { reservedUntil: new Date(Date.now() - 1000) } });
    await sweepExpiredCheckouts(new Date(), 1000);
    await expectDelivered(swept.checkoutId, swept.buyerId);

    const cancelled = await paidWithLostWebhook();
    expect(await cancelCheckout(cancelled.buyerId, cancelled.checkoutId)).toBe('paid');
    await expectDelivered(cancelled.checkoutId, cancelled.buyerId);
  });

  it('an "expired" event for a session still open at the provider changes nothing', async () => {
    const { id: productId } = await createProduct({ stock: 5 });
    const { id: buyerId } = await createUser();
    await addToCart(buyerId, productId, 1);
    const { checkoutId } = await startCheckout(buyerId, URLS);
    await handleCheckoutRelease({ checkoutId });
    expect(await statusOf(checkoutId)).toBe('PENDING');
    expect(await stockOf(productId)).toBe(4);
  });
});

describe('checkout transitions', () => {
  const statuses = Object.keys(CHECKOUT_TRANSITIONS) as CheckoutStatus[];
  const pairs = statuses.flatMap((from) => statuses.filter((to) => to !== from).map((to) => [from, to] as const));

  it('the database allows exactly the transitions of status.ts', async () => {
    const { id: productId } = await createProduct({ stock: 100 });
    const refused: string[] = [];
    for (const [from, to] of pairs) {
      const { id: checkoutId } = await createCheckout({ buyerId: (await createUser()).id, productId, status: from });
      const moved = await getDb()
        .checkout.update({ where: { id: checkoutId }, data: { status: to, openForUserId: null } })
        .then(() => true)
        .catch((error: unknown) => {
          expect(String(error)).toContain(`a checkout cannot go from ${from} to ${to}`);
          return false;
        });
      if (!moved) refused.push(`${from}->${to}`);
    }
    const illegal = pairs.filter(([from, to]) => !CHECKOUT_TRANSITIONS[from].includes(to)).map(([from, to]) => `${from}->${to}`);
    expect(refused).toEqual(illegal);
    expect(illegal).toContain('COMPLETED->RELEASED');
    expect(illegal).toContain('RELEASED->COMPLETED');
  });

  it('transition() refuses an illegal move before writing, and moves a checkout only from the status named', async () => {
    const { id: productId } = await createProduct({ stock: 10 });
    const { id: checkoutId } = await createCheckout({ buyerId: (await createUser()).id, productId, status: 'COMPLETED' });
    await expect(getDb().$transaction((tx) => transition(tx, checkoutId, 'COMPLETED', 'RELEASED'))).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(await getDb().$transaction((tx) => transition(tx, checkoutId, 'PENDING', 'RELEASED'))).toBe(false);
    expect(await statusOf(checkoutId)).toBe('COMPLETED');
    expect(await getDb().$transaction((tx) => transition(tx, randomUUID(), 'PENDING', 'RELEASED'))).toBe(false);
  });
});
