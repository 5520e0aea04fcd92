// Reconciliation with Stripe: msw stands in for Stripe's API (test/mocks/stripe.ts) and fails the
// test on any request it does not know. A database of this file's own, since reconciliation looks
// at every recent session and queues jobs.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { paymentProvider } from '~/utils/payments/configured.server.ts';
import { PaymentProviderError } from '~/utils/payments/provider.server.ts';
import { addToCart, createProduct, createUser } from '../../test/factories.ts';
import { useJobQueue, useScratchDatabase } from '../../test/database-hooks.ts';
import { runSagaJobs } from '../../test/jobs.ts';
import { createStripeMock } from '../../test/mocks/stripe.ts';
import { economyViolations } from '../../test/invariants.ts';
import { startCheckout } from './checkout/checkout.server.ts';
import { reconcilePayments } from './reconciliation.server.ts';

// env() is read lazily, once per test file (each file loads its modules afresh: test/fresh-modules.ts).
Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_reen_reconcile', STRIPE_WEBHOOK_SECRET: 'whsec_reen_reconcile' });

const stripe = createStripeMock();
const mockServer = setupServer(...stripe.handlers);
const URLS = {
  successUrl: 'https://reen.test/checkout/success',
  cancelUrl: 'https://reen.test/checkout/cancel',
  webhookUrl: 'https://reen.test/webhooks/stripe',
};
const listed = new Map<string, number>();

useScratchDatabase();
useJobQueue();

beforeAll(() => {
  mockServer.listen({ onUnhandledFrame: 'error' });
});

afterEach(async () => {
  stripe.state.down = false;
  expect((await economyViolations(listed)).violations).toEqual([]);
});

afterAll(() => {
  mockServer.close();
});

async function pendingCheckout() {
  const { id: productId } = await createProduct({ priceCents: 45_00, stock: 4 });
  listed.set(productId, 4);
  const { id: buyerId } = await createUser();
  await addToCart(buyerId, productId, 1);
  const { checkoutId } = await startCheckout(buyerId, URLS);
  const { paymentSessionId } = await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } });
  return { checkoutId, sessionId: paymentSessionId! };
}

describe('reconciliation with Stripe', () => {
  it("lists Stripe's recent sessions page after page", async () => {
    const before = stripe.sessions.size;
    for (let i = 0; i < 120; i++) {
      const id = `cs_test_other_${i}`;
      // Another app's sessions on the same Stripe account.
      stripe.sessions.set(id, {
        id,
        object: 'checkout.session',
        url: `https://checkout.stripe.com/c/pay/${id}`,
        status: 'open',
        payment_status: 'unpaid',
        payment_intent: null,
        amount_total: 100,
        client_reference_id: null,
        metadata: {},
        expires_at: Math.floor(Date.now() / 1000) + 1800,
        created: Math.floor(Date.now() / 1000),
      });
    }
    const sessions = await paymentProvider().listRecentSessions(new Date(Date.now() - 60_000));
    expect(sessions.length).toBe(before + 120);
    expect(stripe.requestsTo('/checkout/sessions (list)').length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 120; i++) stripe.sessions.delete(`cs_test_other_${i}`);
  });

  it('completes a checkout paid on Stripe whose webhook never came, and ignores sessions that are not ours', async () => {
    const { checkoutId, sessionId } = await pendingCheckout();
    stripe.pay(sessionId);
    const result = await reconcilePayments();
    expect(result.completions).toBe(1);
    expect(await runSagaJobs()).toEqual([]);
    const checkout = await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId }, include: { order: true } });
    expect(checkout.status).toBe('COMPLETED');
    expect(checkout.paymentIntentId).toBe(stripe.sessions.get(sessionId)!.payment_intent);
  });

  it('changes nothing when Stripe cannot be asked: the next run does it', async () => {
    const { checkoutId, sessionId } = await pendingCheckout();
    stripe.pay(sessionId);
    stripe.state.down = true;
    await expect(reconcilePayments()).rejects.toBeInstanceOf(PaymentProviderError);
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } })).status).toBe('PENDING');
    stripe.state.down = false;
    expect((await reconcilePayments()).completions).toBe(1);
    await runSagaJobs();
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } })).status).toBe('COMPLETED');
  });
});
