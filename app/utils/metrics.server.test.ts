// The counters that models move: checkout outcomes where they happen (counted once committed) and
// serialization retries. This process's registry is read as /metrics serves it.
import { describe, expect, it } from 'vitest';
import { startCheckout } from '~/models/checkout/checkout.server.ts';
import { compensateCheckout, completeCheckout, markRefundFailed } from '~/models/checkout/complete.server.ts';
import { releaseCheckout } from '~/models/checkout/release.server.ts';
import { addToCart, createProduct, createSeller, createUser } from '../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { scrapeOwnMetrics, valueOf } from '../../test/metrics.ts';
import { UNREACHABLE_CHECKOUT_URLS as URLS } from '../../test/orders.ts';
import { getDb } from './db.server.ts';
import { afterCommit, BusyError, serializable } from './transaction.server.ts';

useDatabase();
useJobQueue();

async function pendingCheckout() {
  const { id: sellerId } = await createSeller();
  const { id: buyerId } = await createUser();
  await addToCart(buyerId, (await createProduct({ ownerId: sellerId, priceCents: 3_00, stock: 5 })).id, 2);
  const { checkoutId } = await startCheckout(buyerId, URLS);
  return checkoutId;
}

/** The buyer paid on the test provider's page. */
async function pay(checkoutId: string) {
  const paymentIntentId = `pi_test_${checkoutId.slice(0, 8)}`;
  await getDb().testPaymentSession.update({ where: { checkoutId }, data: { status: 'complete', paymentIntentId } });
  return { checkoutId, paymentIntentId, amountTotal: 6_00 };
}

async function outcomes() {
  const samples = await scrapeOwnMetrics();
  const count = (outcome: string) => valueOf(samples, 'reen_checkout_outcomes_total', { outcome });
  return { completed: count('completed'), released: count('released'), refunded: count('refunded'), refund_failed: count('refund_failed') };
}

describe('checkout outcomes', () => {
  it('are exported at zero before any checkout settles', async () => {
    const samples = await scrapeOwnMetrics();
    for (const outcome of ['completed', 'released', 'refunded', 'refund_failed']) {
      expect(samples.some((sample) => sample.name === 'reen_checkout_outcomes_total' && sample.labels.outcome === outcome)).toBe(true);
    }
  });

  it('count a completion once, however often the payment is reported', async () => {
    const checkoutId = await pendingCheckout();
    const payment = await pay(checkoutId);
    const before = await outcomes();
    await completeCheckout(payment);
    await completeCheckout(payment);
    expect(await outcomes()).toEqual({ ...before, completed: before.completed + 1 });
  });

  it('count a release once, and a late payment for it as released then refunded', async () => {
    const checkoutId = await pendingCheckout();
    const before = await outcomes();
    expect(await releaseCheckout(checkoutId)).toBe(true);
    expect(await releaseCheckout(checkoutId)).toBe(false);
    expect(await outcomes()).toEqual({ ...before, released: before.released + 1 });

    const payment = await pay(checkoutId);
    expect((await completeCheckout(payment)).outcome).toBe('refund-queued');
    expect(await compensateCheckout(payment)).toBe('refunded');
    expect(await compensateCheckout(payment)).toBe('refunded');
    expect(await outcomes()).toEqual({ ...before, released: before.released + 1, refunded: before.refunded + 1 });
  });

  it('count a refund that failed for good', async () => {
    const checkoutId = await pendingCheckout();
    await releaseCheckout(checkoutId);
    const before = await outcomes();
    await markRefundFailed(checkoutId, 'the test says so');
    await markRefundFailed(checkoutId, 'the test says so');
    expect(await outcomes()).toEqual({ ...before, refund_failed: before.refund_failed + 1 });
  });
});

describe('serializable transactions', () => {
  const serializationFailure = () => Object.assign(new Error('could not serialize access'), { code: 'P2034' });

  async function counters() {
    const samples = await scrapeOwnMetrics();
    return { retries: valueOf(samples, 'reen_transaction_retries_total'), busy: valueOf(samples, 'reen_transaction_busy_errors_total') };
  }

  it('count each retry, and run after-commit callbacks for the committed attempt only', async () => {
    const before = await counters();
    const committed: number[] = [];
    let attempt = 0;
    await serializable(async (tx) => {
      attempt++;
      afterCommit(tx, () => committed.push(attempt));
      await tx.$queryRaw`SELECT 1`;
      if (attempt < 3) throw serializationFailure();
    });
    expect(committed).toEqual([3]);
    expect(await counters()).toEqual({ retries: before.retries + 2, busy: before.busy });
  });

  it('count a transaction given up as busy', async () => {
    const before = await counters();
    await expect(
      serializable(
        async () => {
          throw serializationFailure();
        },
        { attempts: 2, baseDelay: 1 },
      ),
    ).rejects.toBeInstanceOf(BusyError);
    expect(await counters()).toEqual({ retries: before.retries + 1, busy: before.busy + 1 });
  });

  it('refuse an after-commit callback outside a serializable transaction', async () => {
    await expect(getDb().$transaction(async (tx) => afterCommit(tx, () => {}))).rejects.toThrow(/serializable/);
  });
});
