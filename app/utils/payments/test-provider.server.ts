// The built-in stand-in for Stripe when no Stripe keys are set (local runs, demos, tests). Its
// "hosted page" is /test-payments/:sessionId; paying or expiring there sends our own
// /webhooks/stripe a Stripe-shaped event signed with the webhook secret exactly as Stripe signs, so
// the real saga runs end to end. Sessions live in the TestPaymentSession table.
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { getDb } from '../db.server.ts';
import { logger } from '../logger.server.ts';
import { PaymentProviderError, webhookSigningSecret, type PaymentProvider, type SessionLine, type SessionState } from './provider.server.ts';

type Row = NonNullable<Awaited<ReturnType<typeof findSession>>>;

const randomId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function findSession(sessionId: string) {
  return getDb().testPaymentSession.findUnique({ where: { id: sessionId } });
}

async function requireSession(sessionId: string): Promise<Row> {
  const row = await findSession(sessionId);
  if (!row) throw new PaymentProviderError(`No test payment session ${sessionId}`);
  return row;
}

/** The stand-in for Stripe's hosted page, on the shop's own origin. */
function pageUrl(row: { id: string; successUrl: string }) {
  return new URL(`/test-payments/${row.id}`, row.successUrl).toString();
}

function toState(row: Row): SessionState {
  const status = row.status as SessionState['status'];
  return {
    id: row.id,
    status,
    paid: status === 'complete',
    paymentIntentId: row.paymentIntentId,
    checkoutId: row.checkoutId,
    amountTotal: row.amountTotal,
    url: status === 'open' ? pageUrl(row) : null,
  };
}

export const testProvider: PaymentProvider = {
  name: 'test',

  async createSession(session) {
    const db = getDb();
    const existing = await db.testPaymentSession.findUnique({ where: { checkoutId: session.checkoutId } });
    const row =
      existing ??
      (await db.testPaymentSession.create({
        data: {
          id: randomId('cs_test'),
          checkoutId: session.checkoutId,
          status: 'open',
          amountTotal: session.totalCents,
          lines: session.lines,
          successUrl: session.successUrl,
          cancelUrl: session.cancelUrl,
          webhookUrl: session.webhookUrl,
          expiresAt: session.expiresAt,
        },
      }));
    return { id: row.id, url: pageUrl(row) };
  },

  async expireSession(sessionId) {
    const { count } = await getDb().testPaymentSession.updateMany({ where: { id: sessionId, status: 'open' }, data: { status: 'expired' } });
    const row = await requireSession(sessionId);
    if (count === 1) await deliverEvent(row, 'checkout.session.expired');
    return toState(row);
  },

  async retrieveSession(sessionId) {
    const row = await requireSession(sessionId);
    // Stripe expires a session on its own at expires_at; this provider does it when asked.
    if (row.status === 'open' && row.expiresAt <= new Date()) return this.expireSession(sessionId);
    return toState(row);
  },

  async listRecentSessions(since, limit = 1000) {
    const rows = await getDb().testPaymentSession.findMany({ where: { createdAt: { gte: since } }, orderBy: { createdAt: 'desc' }, take: limit });
    // Read as retrieveSession reads them: a session past its expiry is expired now.
    return Promise.all(rows.map((row) => (row.status === 'open' && row.expiresAt <= new Date() ? this.retrieveSession(row.id) : toState(row))));
  },

  async refund({ checkoutId }) {
    const db = getDb();
    const row = await db.testPaymentSession.findUnique({ where: { checkoutId } });
    if (!row || row.status !== 'complete') throw new PaymentProviderError(`Nothing was paid for checkout ${checkoutId}`);
    if (row.refundId) return { id: row.refundId };
    const refundId = randomId('re_test');
    await db.testPaymentSession.updateMany({ where: { id: row.id, refundId: null }, data: { refundId } });
    return { id: (await requireSession(row.id)).refundId! };
  },
};

/** What the test payment page shows. */
export async function testSessionForPage(sessionId: string) {
  const row = await findSession(sessionId);
  if (!row) return null;
  return { ...toState(row), lines: row.lines as SessionLine[], expiresAt: row.expiresAt, cancelUrl: row.cancelUrl, successUrl: row.successUrl };
}

/**
 * "Pay" on the test page: the session completes and Stripe's `checkout.session.completed` goes to
 * the webhook. Returns where the buyer goes next, or null when the session can no longer be paid.
 */
export async function payTestSession(sessionId: string): Promise<string | null> {
  const paymentIntentId = randomId('pi_test');
  const { count } = await getDb().testPaymentSession.updateMany({
    where: { id: sessionId, status: 'open', expiresAt: { gt: new Date() } },
    data: { status: 'complete', paymentIntentId },
  });
  if (count !== 1) return null;
  const row = await requireSession(sessionId);
  await deliverEvent(row, 'checkout.session.completed');
  return row.successUrl.replace('{CHECKOUT_SESSION_ID}', row.id);
}

/**
 * Sends one signed event to the webhook, once. A failed delivery is not retried here: as with a
 * lost Stripe webhook, the success page and the sweep ask the provider for the session's state.
 */
async function deliverEvent(row: Row, type: 'checkout.session.completed' | 'checkout.session.expired') {
  const event = {
    id: randomId('evt_test'),
    object: 'event',
    type,
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: row.id,
        object: 'checkout.session',
        status: row.status,
        payment_status: row.status === 'complete' ? 'paid' : 'unpaid',
        payment_intent: row.paymentIntentId,
        amount_total: row.amountTotal,
        currency: 'usd',
        client_reference_id: row.checkoutId,
        metadata: { checkoutId: row.checkoutId },
      },
    },
  };
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSigningSecret() });
  try {
    const response = await fetch(row.webhookUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
      body: payload,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) logger().error({ status: response.status, type, sessionId: row.id }, 'the test payment webhook was refused');
  } catch (error) {
    logger().error({ err: error, type, sessionId: row.id }, 'could not deliver the test payment webhook');
  }
}
