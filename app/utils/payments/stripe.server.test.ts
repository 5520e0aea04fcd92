// The checkout saga with the Stripe provider; msw stands in for Stripe's API (and fails the test on
// any request it does not know).
import { randomUUID } from 'node:crypto';
import { setupServer } from 'msw/node';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handleCheckoutComplete } from '../../../jobs/checkout.ts';
import { action as stripeWebhook } from '~/routes/webhooks.stripe.tsx';
import { PaymentUnavailableError, startCheckout, sweepExpiredCheckouts } from '~/models/checkout/checkout.server.ts';
import { compensateCheckout } from '~/models/checkout/complete.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { getBoss } from '~/utils/jobs.server.ts';
import { addToCart, createProduct, createUser } from '../../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../../test/database-hooks.ts';
import { createStripeMock } from '../../../test/mocks/stripe.ts';
import { balanceOf, expectLedgerConservation, expectStockAccountedFor, stockOf } from '../../../test/invariants.ts';
import { paymentProvider, testPaymentsEnabled } from './configured.server.ts';

// env() is read lazily, once per test file (each file loads its modules afresh: test/fresh-modules.ts).
Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_reen_unit', STRIPE_WEBHOOK_SECRET: 'whsec_reen_unit' });

const stripe = createStripeMock();
const mockServer = setupServer(...stripe.handlers);
const URLS = {
  successUrl: 'https://reen.test/checkout/success',
  cancelUrl: 'https://reen.test/checkout/cancel',
  webhookUrl: 'https://reen.test/webhooks/stripe',
};

useDatabase();
useJobQueue();

beforeAll(() => {
  mockServer.listen({ onUnhandledFrame: 'error' });
});

afterEach(async () => {
  stripe.state.down = false;
  stripe.state.refundsFail = false;
  await expectLedgerConservation();
});

afterAll(() => {
  mockServer.close();
});

async function buyerWithCart() {
  const { id: productId } = await createProduct({ priceCents: 19_99, stock: 5 });
  const { id: buyerId } = await createUser();
  await addToCart(buyerId, productId, 3);
  return { productId, buyerId };
}

describe('the Stripe payment provider', () => {
  it('is the one in use when a Stripe key is set, and the test payment pages are gone', () => {
    expect(paymentProvider().name).toBe('stripe');
    expect(testPaymentsEnabled()).toBe(false);
  });

  it('opens a Checkout Session in integer cents, tagged with the checkout, expiring in 31 minutes, with an idempotency key', async () => {
    const { buyerId } = await buyerWithCart();
    const before = Date.now();
    const { checkoutId, paymentUrl } = await startCheckout(buyerId, URLS);

    const [request] = stripe.requests.filter((entry) => entry.path === '/checkout/sessions' && entry.params.get('metadata[checkoutId]') === checkoutId);
    expect(request).toBeDefined();
    const params = request!.params;
    expect(request!.idempotencyKey).toBe(`checkout:${checkoutId}`);
    expect(params.get('mode')).toBe('payment');
    expect(params.get('client_reference_id')).toBe(checkoutId);
    expect(params.get('line_items[0][price_data][unit_amount]')).toBe('1999');
    expect(params.get('line_items[0][price_data][currency]')).toBe('usd');
    expect(params.get('line_items[0][quantity]')).toBe('3');
    const expiresInMinutes = (Number(params.get('expires_at')) * 1000 - before) / 60_000;
    expect(expiresInMinutes).toBeGreaterThan(30);
    expect(expiresInMinutes).toBeLessThanOrEqual(31.1);
    expect(params.get('success_url')).toBe('https://reen.test/checkout/success?session_id={CHECKOUT_SESSION_ID}');
    expect(params.get('cancel_url')).toBe(`https://reen.test/checkout/cancel?checkout_id=${checkoutId}`);

    const checkout = await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } });
    expect(paymentUrl).toBe(stripe.sessions.get(checkout.paymentSessionId!)!.url);
    expect(checkout.paymentProvider).toBe('stripe');
  });

  it('completes a checkout paid at Stripe through its signed webhook and the job it queues', async () => {
    const { buyerId, productId } = await buyerWithCart();
    const { checkoutId } = await startCheckout(buyerId, URLS);
    const session = stripe.pay((await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } })).paymentSessionId!);
    const payload = JSON.stringify({ id: `evt_${randomUUID()}`, object: 'event', type: 'checkout.session.completed', data: { object: session } });
    const deliver = (secret: string) =>
      stripeWebhook({
        request: new Request('https://reen.test/webhooks/stripe', {
          method: 'POST',
          headers: { 'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) },
          body: payload,
        }),
        params: {},
        context: {},
      });
    // Signed with anything but the endpoint's secret (e.g. the test provider's): refused.
    expect((await deliver('whsec_some_other_secret')).status).toBe(400);
    expect((await deliver('whsec_reen_unit')).status).toBe(200);

    const jobs = await getDb().$queryRaw<{ id: string; data: { checkoutId: string; paymentIntentId: string; amountTotal: number } }[]>`
      SELECT id, data FROM pgboss.job WHERE name = 'checkout-complete' AND data->>'checkoutId' = ${checkoutId}`;
    expect(jobs.map((job) => job.data)).toEqual([{ checkoutId, paymentIntentId: session.payment_intent, amountTotal: 59_97 }]);
    await handleCheckoutComplete(jobs[0]!.data);
    await (await getBoss()).deleteJob('checkout-complete', jobs[0]!.id);

    const checkout = await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId }, include: { order: true } });
    expect(checkout.status).toBe('COMPLETED');
    expect(checkout.paymentIntentId).toBe(session.payment_intent);
    expect(checkout.order?.totalCents).toBe(59_97);
    await expectStockAccountedFor(productId, 5);
  });

  it('releases everything at once when Stripe is down, and says so', async () => {
    const { buyerId, productId } = await buyerWithCart();
    const balance = await balanceOf(buyerId);
    stripe.state.down = true;
    await expect(startCheckout(buyerId, URLS)).rejects.toBeInstanceOf(PaymentUnavailableError);
    const [checkout] = await getDb().checkout.findMany({ where: { buyerId } });
    expect(checkout!.status).toBe('RELEASED');
    expect(await stockOf(productId)).toBe(5);
    expect(await balanceOf(buyerId)).toBe(balance);
    await expectStockAccountedFor(productId, 5);
  });

  it('refunds through Stripe exactly once, with the key refund:<checkoutId>, retrying a refund that failed', async () => {
    const { buyerId, productId } = await buyerWithCart();
    const { checkoutId } = await startCheckout(buyerId, URLS);
    const checkout = await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } });
    const paid = stripe.pay(checkout.paymentSessionId!);
    const payment = { checkoutId, paymentIntentId: paid.payment_intent, amountTotal: paid.amount_total };

    stripe.state.refundsFail = true;
    await expect(compensateCheckout(payment)).rejects.toThrow(/Stripe/);
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } })).status).toBe('RELEASED');
    stripe.state.refundsFail = false;
    expect(await compensateCheckout(payment)).toBe('refunded');
    expect(await compensateCheckout(payment)).toBe('refunded');

    const refunds = stripe.requestsTo('/refunds').filter((entry) => entry.params.get('payment_intent') === paid.payment_intent);
    expect(refunds.every((entry) => entry.idempotencyKey === `refund:${checkoutId}`)).toBe(true);
    // One failed attempt (retried by the Stripe client too), then one that succeeded; none after.
    const succeeded = new Set(refunds.map((entry) => entry.idempotencyKey));
    expect(succeeded.size).toBe(1);
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } })).status).toBe('REFUNDED');
    expect(await stockOf(productId)).toBe(5);
  });

  it('the sweep expires an unpaid session at Stripe before releasing, and completes a paid one', async () => {
    const unpaid = await buyerWithCart();
    const paid = await buyerWithCart();
    const first = await startCheckout(unpaid.buyerId, URLS);
    const second = await startCheckout(paid.buyerId, URLS);
    const secondRow = await getDb().checkout.findUniqueOrThrow({ where: { id: second.checkoutId } });
    stripe.pay(secondRow.paymentSessionId!);
    await getDb().checkout.updateMany({ where: { id: { in: [first.checkoutId, second.checkoutId] } }, data: { reservedUntil: new Date(Date.now() - 1000) } });

    await sweepExpiredCheckouts();
    const firstRow = await getDb().checkout.findUniqueOrThrow({ where: { id: first.checkoutId } });
    expect(firstRow.status).toBe('RELEASED');
    expect(stripe.sessions.get(firstRow.paymentSessionId!)!.status).toBe('expired');
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: second.checkoutId } })).status).toBe('COMPLETED');
  });

  it('leaves a checkout pending when Stripe cannot be asked during the sweep', async () => {
    const { buyerId } = await buyerWithCart();
    const { checkoutId } = await startCheckout(buyerId, URLS);
    await getDb().checkout.update({ where: { id: checkoutId }, data: { reservedUntil: new Date(Date.now() - 1000) } });
    stripe.state.down = true;
    await sweepExpiredCheckouts();
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } })).status).toBe('PENDING');
    stripe.state.down = false;
    await sweepExpiredCheckouts();
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } })).status).toBe('RELEASED');
  });
});
