// The checkout saga against the real database, with the built-in test payment provider.
// Each test checks the invariants afterwards: money conserved, holds match, stock accounted for.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { getBoss } from '~/utils/jobs.server.ts';
import { ORDER_CAP_CENTS } from '~/utils/money.ts';
import { PaymentProviderError } from '~/utils/payments/provider.server.ts';
import { testProvider } from '~/utils/payments/test-provider.server.ts';
import { addToCart, createProduct, createSeller, createUser } from '../../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../../test/database-hooks.ts';
import { UNREACHABLE_CHECKOUT_URLS as URLS } from '../../../test/orders.ts';
import {
  balanceOf,
  expectBalancesMatchLedger,
  expectHoldsMatchCheckouts,
  expectLedgerConservation,
  expectStockAccountedFor,
  stockOf,
} from '../../../test/invariants.ts';
import { ANONYMOUS_USER_ID } from '../system-accounts.ts';
import { cancelCheckout, CheckoutRefusedError, checkoutForReturnPage, startCheckout, sweepExpiredCheckouts } from './checkout.server.ts';
import { compensateCheckout, completeCheckout } from './complete.server.ts';
import { releaseCheckout } from './release.server.ts';

type Tracked = { users: string[]; products: Map<string, number>; checkouts: string[] };
let tracked: Tracked;

useDatabase();
useJobQueue();

afterEach(async () => {
  await expectLedgerConservation();
  await expectBalancesMatchLedger(tracked.users);
  await expectHoldsMatchCheckouts(tracked.checkouts);
  for (const [productId, listed] of tracked.products) await expectStockAccountedFor(productId, listed);
});

/** A seller with products and a buyer with them in the cart. */
async function shop({ lines = [{ priceCents: 12_34, stock: 10, quantity: 2 }] } = {}) {
  const { id: sellerId } = await createSeller();
  const { id: buyerId } = await createUser();
  const productIds: string[] = [];
  for (const line of lines) {
    const { id: productId } = await createProduct({ ownerId: sellerId, priceCents: line.priceCents, stock: line.stock });
    await addToCart(buyerId, productId, line.quantity);
    productIds.push(productId);
  }
  tracked = { users: [sellerId, buyerId], products: new Map(productIds.map((id, index) => [id, lines[index]!.stock])), checkouts: [] };
  return { sellerId, buyerId, productIds };
}

async function start(buyerId: string) {
  const result = await startCheckout(buyerId, URLS);
  tracked.checkouts.push(result.checkoutId);
  return result;
}

async function checkoutRow(id: string) {
  return getDb().checkout.findUniqueOrThrow({ where: { id }, include: { lines: true, order: { include: { items: true } } } });
}

/** The buyer pays on the provider's page, and the webhook is lost: only the provider knows. */
async function payWithoutWebhook(checkoutId: string) {
  const paymentIntentId = `pi_test_${checkoutId.slice(0, 8)}`;
  await getDb().testPaymentSession.update({ where: { checkoutId }, data: { status: 'complete', paymentIntentId } });
  return { checkoutId, paymentIntentId, amountTotal: (await checkoutRow(checkoutId)).totalCents };
}

describe('starting a checkout', () => {
  it('reserves the stock, holds the money and snapshots the lines into a pending checkout', async () => {
    const { sellerId, buyerId, productIds } = await shop({
      lines: [
        { priceCents: 12_34, stock: 10, quantity: 2 },
        { priceCents: 5_01, stock: 3, quantity: 3 },
      ],
    });
    const before = await balanceOf(buyerId);
    const { checkoutId, paymentUrl } = await start(buyerId);
    expect(paymentUrl).toMatch(/\/test-payments\/cs_test_/);
    const checkout = await checkoutRow(checkoutId);
    expect(checkout.status).toBe('PENDING');
    expect(checkout.openForUserId).toBe(buyerId);
    expect(checkout.totalCents).toBe(2 * 12_34 + 3 * 5_01);
    expect(checkout.paymentSessionId).toMatch(/^cs_test_/);
    expect(checkout.lines.map((line) => [line.productId, line.unitPriceCents, line.quantity, line.sellerId])).toEqual(
      expect.arrayContaining([
        [productIds[0], 12_34, 2, sellerId],
        [productIds[1], 5_01, 3, sellerId],
      ]),
    );
    expect(await stockOf(productIds[0]!)).toBe(8);
    expect(await stockOf(productIds[1]!)).toBe(0);
    expect(await balanceOf(buyerId)).toBe(before - BigInt(checkout.totalCents));
    // The reservation outlives the payment session.
    const session = await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId } });
    expect(checkout.reservedUntil.getTime()).toBeGreaterThan(session.expiresAt.getTime());
  });

  it.each([
    ['an empty cart', async () => ({ buyerId: (await createUser()).id, problem: /Your cart is empty/ })],
    [
      'your own product',
      async () => {
        const { id: sellerId } = await createSeller();
        await addToCart(sellerId, (await createProduct({ ownerId: sellerId })).id, 1);
        return { buyerId: sellerId, problem: /can't buy your own product/ };
      },
    ],
    [
      'a deleted product',
      async () => {
        const { id: buyerId } = await createUser();
        await addToCart(buyerId, (await createProduct({ ownerId: ANONYMOUS_USER_ID })).id, 1);
        return { buyerId, problem: /was deleted/ };
      },
    ],
    [
      'more than the stock',
      async () => {
        const { id: buyerId } = await createUser();
        await addToCart(buyerId, (await createProduct({ stock: 2 })).id, 3);
        return { buyerId, problem: /Only 2 of .* left/ };
      },
    ],
    [
      'a total over the order cap',
      async () => {
        const { id: buyerId } = await createUser();
        await addToCart(buyerId, (await createProduct({ priceCents: 2_000_00, stock: 600 })).id, 500);
        expect(500 * 2_000_00).toBeGreaterThan(ORDER_CAP_CENTS);
        return { buyerId, problem: /over the order limit of \$999,999\.99/ };
      },
    ],
    [
      'a balance too low',
      async () => {
        const { id: buyerId } = await createUser();
        const { id: sellerId } = await createSeller();
        for (let i = 0; i < 5; i++) await addToCart(buyerId, (await createProduct({ ownerId: sellerId, priceCents: 1_999_99, stock: 500 })).id, 499);
        return { buyerId, problem: /does not cover the total/ };
      },
    ],
  ])('refuses %s with a clear message and writes nothing', async (_, arrange) => {
    const { buyerId, problem } = await arrange();
    tracked = { users: [buyerId], products: new Map(), checkouts: [] };
    const before = await balanceOf(buyerId);
    const error = await startCheckout(buyerId, URLS).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CheckoutRefusedError);
    expect((error as CheckoutRefusedError).problems.join(' ')).toMatch(problem);
    expect(await getDb().checkout.count({ where: { buyerId } })).toBe(0);
    expect(await balanceOf(buyerId)).toBe(before);
  });

  it('keeps one open checkout per buyer: a second start releases the first and expires its session', async () => {
    const { buyerId, productIds } = await shop();
    const first = await start(buyerId);
    const second = await start(buyerId);
    expect((await checkoutRow(first.checkoutId)).status).toBe('RELEASED');
    expect((await checkoutRow(second.checkoutId)).status).toBe('PENDING');
    expect((await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId: first.checkoutId } })).status).toBe('expired');
    expect(await stockOf(productIds[0]!)).toBe(8);
  });

  it('leaves exactly one pending checkout when two tabs start at once', async () => {
    const { buyerId } = await shop();
    const results = await Promise.allSettled([startCheckout(buyerId, URLS), startCheckout(buyerId, URLS)]);
    for (const result of results) {
      if (result.status === 'fulfilled') tracked.checkouts.push(result.value.checkoutId);
      else expect(result.reason).toBeInstanceOf(CheckoutRefusedError);
    }
    const all = await getDb().checkout.findMany({ where: { buyerId }, select: { id: true, status: true } });
    tracked.checkouts = all.map((checkout) => checkout.id);
    expect(all.filter((checkout) => checkout.status === 'PENDING')).toHaveLength(1);
  });

  it('gives 5 units to exactly 5 of 50 concurrent buyers and tells the others why', async () => {
    const { id: sellerId } = await createSeller();
    const { id: productId } = await createProduct({ ownerId: sellerId, priceCents: 99_00, stock: 5 });
    const buyers: string[] = [];
    for (let i = 0; i < 50; i++) {
      buyers.push((await createUser()).id);
      await addToCart(buyers[i]!, productId, 1);
    }
    tracked = { users: [sellerId, ...buyers], products: new Map([[productId, 5]]), checkouts: [] };

    const results = await Promise.allSettled(buyers.map((buyerId) => startCheckout(buyerId, URLS)));
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    tracked.checkouts = won.map((result) => (result as PromiseFulfilledResult<{ checkoutId: string }>).value.checkoutId);
    expect(won).toHaveLength(5);
    expect(await stockOf(productId)).toBe(0);
    for (const { reason } of lost) {
      expect(reason, String(reason)).toBeInstanceOf(CheckoutRefusedError);
      expect((reason as Error).message).toMatch(/out of stock|Only \d+ of|sold out/);
    }
  });
});

describe('completing a paid checkout', () => {
  it('pays the sellers, writes the order from the snapshot, empties the cart and bumps the counts, once', async () => {
    const { sellerId, buyerId, productIds } = await shop({ lines: [{ priceCents: 12_34, stock: 10, quantity: 2 }] });
    const { checkoutId } = await start(buyerId);
    // A later price change does not touch the order: it comes from the snapshot.
    await getDb().product.update({ where: { id: productIds[0] }, data: { priceCents: 99_99 } });
    const sellerBefore = await balanceOf(sellerId);
    const payment = await payWithoutWebhook(checkoutId);

    const first = await completeCheckout(payment);
    expect(first.outcome).toBe('completed');
    const again = await completeCheckout(payment);
    expect(again).toEqual({ outcome: 'already-completed', orderId: (first as { orderId: string }).orderId });

    const checkout = await checkoutRow(checkoutId);
    expect(checkout.status).toBe('COMPLETED');
    expect(checkout.openForUserId).toBeNull();
    expect(checkout.order!.totalCents).toBe(24_68);
    expect(checkout.order!.items.map((item) => [item.productId, item.quantity, item.unitPriceCents])).toEqual([[productIds[0], 2, 12_34]]);
    expect(await balanceOf(sellerId)).toBe(sellerBefore + 24_68n);
    expect(await getDb().cartItem.count({ where: { userId: buyerId } })).toBe(0);
    const [buyer, seller, product] = await Promise.all([
      getDb().user.findUniqueOrThrow({ where: { id: buyerId } }),
      getDb().user.findUniqueOrThrow({ where: { id: sellerId } }),
      getDb().product.findUniqueOrThrow({ where: { id: productIds[0] } }),
    ]);
    expect([buyer.purchasesCount, buyer.amountSpentCents]).toEqual([1, 24_68n]);
    expect([seller.salesCount, seller.amountGainedCents]).toEqual([1, 24_68n]);
    expect(product.purchasesCount).toBe(1);
    const emails = await getDb().emailMessage.findMany({ where: { orderId: checkout.order!.id }, select: { kind: true, userId: true } });
    expect(emails).toEqual(
      expect.arrayContaining([
        { kind: 'order-confirmation', userId: buyerId },
        { kind: 'sale-notice', userId: sellerId },
      ]),
    );
    expect(emails).toHaveLength(2);
  });

  it('keeps cart quantities added after the checkout started', async () => {
    const { buyerId, productIds } = await shop({ lines: [{ priceCents: 1_00, stock: 10, quantity: 2 }] });
    const { checkoutId } = await start(buyerId);
    await addToCart(buyerId, productIds[0]!, 5);
    await completeCheckout(await payWithoutWebhook(checkoutId));
    expect((await getDb().cartItem.findFirstOrThrow({ where: { userId: buyerId } })).quantity).toBe(3);
  });

  it('refunds instead when the payment arrives for a checkout already released (expired, then completed)', async () => {
    const { buyerId, productIds } = await shop();
    const { checkoutId } = await start(buyerId);
    const payment = await payWithoutWebhook(checkoutId);
    expect(await releaseCheckout(checkoutId)).toBe(true);
    const balanceAfterRelease = await balanceOf(buyerId);

    expect(await completeCheckout(payment)).toEqual({ outcome: 'refund-queued' });
    const boss = await getBoss();
    const jobs = await getDb().$queryRaw<
      { id: string }[]
    >`SELECT id FROM pgboss.job WHERE name = 'checkout-compensate' AND data->>'checkoutId' = ${checkoutId}`;
    expect(jobs).toHaveLength(1);
    expect(await compensateCheckout(payment)).toBe('refunded');
    expect(await compensateCheckout(payment)).toBe('refunded');
    await boss.deleteJob('checkout-compensate', jobs[0]!.id);

    const checkout = await checkoutRow(checkoutId);
    expect(checkout.status).toBe('REFUNDED');
    expect(checkout.order).toBeNull();
    expect((await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId } })).refundId).toMatch(/^re_test_/);
    expect(await balanceOf(buyerId)).toBe(balanceAfterRelease);
    expect(await stockOf(productIds[0]!)).toBe(10);
    expect(await getDb().emailMessage.count({ where: { kind: 'refund-notice', userId: buyerId } })).toBe(1);
  });

  it('ends a compensation without a refund when the provider captured nothing, and refunds the payment that then arrives', async () => {
    const { buyerId } = await shop();
    const { checkoutId } = await start(buyerId);
    const compensations = () =>
      getDb().$queryRaw<{ id: string }[]>`SELECT id FROM pgboss.job WHERE name = 'checkout-compensate' AND data->>'checkoutId' = ${checkoutId}`;
    // A signed event reports a payment of another amount, for a session the provider never saw paid.
    const reported = { checkoutId, paymentIntentId: 'pi_never_captured', amountTotal: (await checkoutRow(checkoutId)).totalCents + 1 };
    expect(await completeCheckout(reported)).toEqual({ outcome: 'refund-queued' });
    const refund = vi.spyOn(testProvider, 'refund');
    try {
      expect(await compensateCheckout(reported)).toBe('nothing-paid');
      expect(refund).toHaveBeenCalledTimes(1);
      expect(await refund.mock.results[0]!.value.catch((error: Error) => error.name)).toBe('NothingCapturedError');
      expect((await checkoutRow(checkoutId)).status).toBe('RELEASED');
      expect((await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId } })).refundId).toBeNull();

      // A refusal or an outage is not that answer: the job fails and is retried.
      refund.mockRejectedValueOnce(new PaymentProviderError('the provider is down'));
      await expect(compensateCheckout(reported)).rejects.toThrow('the provider is down');

      // The money is captured after all: its payment settles the released checkout again, and is refunded.
      const payment = await payWithoutWebhook(checkoutId);
      expect(await completeCheckout(payment)).toEqual({ outcome: 'refund-queued' });
      expect(await compensations()).toHaveLength(2);
      expect(await compensateCheckout(payment)).toBe('refunded');
    } finally {
      refund.mockRestore();
    }
    const boss = await getBoss();
    for (const job of await compensations()) await boss.deleteJob('checkout-compensate', job.id);
    expect((await checkoutRow(checkoutId)).status).toBe('REFUNDED');
    expect((await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId } })).refundId).toMatch(/^re_test_/);
    expect(await getDb().emailMessage.count({ where: { kind: 'refund-notice', userId: buyerId } })).toBe(1);
  });

  it('ignores an expiry that comes after the completion (completed, then expired)', async () => {
    const { buyerId, productIds } = await shop();
    const { checkoutId } = await start(buyerId);
    await completeCheckout(await payWithoutWebhook(checkoutId));
    expect(await releaseCheckout(checkoutId)).toBe(false);
    expect((await checkoutRow(checkoutId)).status).toBe('COMPLETED');
    expect(await stockOf(productIds[0]!)).toBe(8);
  });

  it('compensates a completion that fails for good: stock and money back, one refund', async () => {
    const { buyerId, productIds } = await shop();
    const { checkoutId } = await start(buyerId);
    const payment = await payWithoutWebhook(checkoutId);
    const balanceWhileHeld = await balanceOf(buyerId);
    // A real database failure inside the completion, for this checkout only.
    const trigger = `fail_order_${checkoutId.replaceAll('-', '')}`;
    await getDb().$executeRawUnsafe(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."checkoutId" = '${checkoutId}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER ${trigger} BEFORE INSERT ON "Order" FOR EACH ROW EXECUTE FUNCTION ${trigger}();`);
    try {
      await expect(completeCheckout(payment)).rejects.toThrow(/injected failure/);
      await expect(completeCheckout(payment)).rejects.toThrow(/injected failure/);
      expect((await checkoutRow(checkoutId)).status).toBe('PENDING');

      const refund = vi.spyOn(testProvider, 'refund');
      expect(await compensateCheckout(payment)).toBe('refunded');
      expect(await compensateCheckout(payment)).toBe('refunded');
      expect(refund).toHaveBeenCalledTimes(1);
      refund.mockRestore();
    } finally {
      await getDb().$executeRawUnsafe(`DROP TRIGGER ${trigger} ON "Order"; DROP FUNCTION ${trigger}();`);
    }
    const checkout = await checkoutRow(checkoutId);
    expect(checkout.status).toBe('REFUNDED');
    expect(await balanceOf(buyerId)).toBe(balanceWhileHeld + BigInt(checkout.totalCents));
    expect(await stockOf(productIds[0]!)).toBe(10);
  });
});

describe('cancel, sweep and the return page', () => {
  it('cancels: the session can no longer be paid, stock and money come back', async () => {
    const { buyerId, productIds } = await shop();
    const before = await balanceOf(buyerId);
    const { checkoutId } = await start(buyerId);
    expect(await cancelCheckout(buyerId, checkoutId)).toBe('released');
    expect(await cancelCheckout(buyerId, checkoutId)).toBe('not-pending');
    expect((await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId } })).status).toBe('expired');
    expect(await stockOf(productIds[0]!)).toBe(10);
    expect(await balanceOf(buyerId)).toBe(before);
  });

  it('reports a cancel as done when the expiry event released the checkout first', async () => {
    const { buyerId } = await shop();
    const { checkoutId } = await start(buyerId);
    // Expiring the session sends "expired" to the webhook, and its job can win the race to release.
    const original = testProvider.expireSession.bind(testProvider);
    const expire = vi.spyOn(testProvider, 'expireSession').mockImplementation(async (sessionId) => {
      const state = await original(sessionId);
      await releaseCheckout(checkoutId);
      return state;
    });
    try {
      expect(await cancelCheckout(buyerId, checkoutId)).toBe('released');
    } finally {
      expire.mockRestore();
    }
    expect((await checkoutRow(checkoutId)).status).toBe('RELEASED');
  });

  it("does not let another buyer cancel someone's checkout", async () => {
    const { buyerId } = await shop();
    const { checkoutId } = await start(buyerId);
    expect(await cancelCheckout((await createUser()).id, checkoutId)).toBe('not-pending');
    expect((await checkoutRow(checkoutId)).status).toBe('PENDING');
  });

  it('completes instead of cancelling when the session was paid meanwhile', async () => {
    const { buyerId } = await shop();
    const { checkoutId } = await start(buyerId);
    await payWithoutWebhook(checkoutId);
    expect(await cancelCheckout(buyerId, checkoutId)).toBe('paid');
    expect((await checkoutRow(checkoutId)).status).toBe('COMPLETED');
  });

  it('sweeps checkouts past their reservation after asking the provider: unpaid released, paid completed', async () => {
    const unpaid = await shop();
    const unpaidCheckout = await start(unpaid.buyerId);
    const trackedUnpaid = tracked;
    const paid = await shop();
    const paidCheckout = await start(paid.buyerId);
    await payWithoutWebhook(paidCheckout.checkoutId);
    tracked = {
      users: [...trackedUnpaid.users, ...tracked.users],
      products: new Map([...trackedUnpaid.products, ...tracked.products]),
      checkouts: [unpaidCheckout.checkoutId, paidCheckout.checkoutId],
    };
    const past = new Date(Date.now() - 60_000);
    await getDb().checkout.updateMany({ where: { id: { in: tracked.checkouts } }, data: { reservedUntil: past } });

    await sweepExpiredCheckouts(new Date());
    expect((await checkoutRow(unpaidCheckout.checkoutId)).status).toBe('RELEASED');
    expect((await checkoutRow(paidCheckout.checkoutId)).status).toBe('COMPLETED');
    expect((await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId: unpaidCheckout.checkoutId } })).status).toBe('expired');
  });

  it('leaves a checkout that is still within its reservation alone', async () => {
    const { buyerId } = await shop();
    const { checkoutId } = await start(buyerId);
    await sweepExpiredCheckouts(new Date());
    expect((await checkoutRow(checkoutId)).status).toBe('PENDING');
  });

  it('the return page completes a paid checkout itself when the webhook is late', async () => {
    const { buyerId } = await shop();
    const { checkoutId } = await start(buyerId);
    const sessionId = (await checkoutRow(checkoutId)).paymentSessionId!;
    expect((await checkoutForReturnPage(buyerId, sessionId))?.status).toBe('PENDING');
    await payWithoutWebhook(checkoutId);
    const shown = await checkoutForReturnPage(buyerId, sessionId);
    expect(shown?.status).toBe('COMPLETED');
    expect(shown?.order?.id).toBeTruthy();
    expect(shown?.settledHere).toBe(true);
    // Shown again, it was settled before: the page renders instead of loading itself again.
    expect((await checkoutForReturnPage(buyerId, sessionId))?.settledHere).toBe(false);
    // Nobody else sees it.
    expect(await checkoutForReturnPage((await createUser()).id, sessionId)).toBeNull();
  });
});
