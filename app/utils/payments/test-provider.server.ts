// The built-in stand-in for Stripe when no Stripe keys are set (local runs, demos, tests). Its
// "hosted page" is /test-payments/:sessionId; paying or expiring there sends our own
// /webhooks/stripe a Stripe-shaped event signed with the webhook secret exactly as Stripe signs,
// retried until accepted as Stripe retries, so the real saga runs end to end. Sessions live in the TestPaymentSession table.
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { Prisma } from '~/generated/prisma/client';
import { getDb } from '../db.server.ts';
import { storableJson } from '../json.server.ts';
import { enqueue, getBoss } from '../jobs.server.ts';
import { logger } from '../logger.server.ts';
import {
  NothingCapturedError,
  PaymentSessionNotFoundError,
  webhookSigningSecret,
  type PaymentProvider,
  type SessionLine,
  type SessionState,
} from './provider.server.ts';
import { testSessionEvent, type TestSessionEventType } from './test-session-event.ts';

type Row = NonNullable<Awaited<ReturnType<typeof findSession>>>;

const randomId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function findSession(sessionId: string) {
  return getDb().testPaymentSession.findUnique({ where: { id: sessionId } });
}

async function requireSession(sessionId: string): Promise<Row> {
  const row = await findSession(sessionId);
  if (!row) throw new PaymentSessionNotFoundError(`No test payment session ${sessionId}`);
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
    // One session per checkout, as Stripe's idempotency key guarantees: a second call (a retried
    // start) gets the first session. Inserted or found in one statement in the usual case; raw SQL
    // because Prisma's createMany({ skipDuplicates }) is compiled again on every call (ADR 011).
    const [created] = await getDb().$queryRaw<{ id: string; successUrl: string }[]>`
      INSERT INTO "TestPaymentSession"
        (id, "checkoutId", status, "amountTotal", lines, "successUrl", "cancelUrl", "webhookUrl", "expiresAt", "createdAt", "updatedAt")
      VALUES (${randomId('cs_test')}, ${session.checkoutId}::uuid, 'open', ${session.totalCents}, ${storableJson(session.lines)}::jsonb,
              ${session.successUrl}, ${session.cancelUrl}, ${session.webhookUrl}, ${session.expiresAt.toISOString()}::timestamp(3),
              (now() AT TIME ZONE 'UTC')::timestamp(3), (now() AT TIME ZONE 'UTC')::timestamp(3))
      ON CONFLICT ("checkoutId") DO NOTHING
      RETURNING id, "successUrl"`;
    const row = created ?? (await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId: session.checkoutId } }));
    return { id: row.id, url: pageUrl(row) };
  },

  async expireSession(sessionId) {
    const row = await changeStatusAndSendEvent(sessionId, { status: 'open' }, { status: 'expired' }, 'checkout.session.expired');
    return toState(row ?? (await requireSession(sessionId)));
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
    // No session, or one never paid (still open or expired): this provider holds no money of it.
    if (!row || row.status !== 'complete') throw new NothingCapturedError(`Nothing was paid for checkout ${checkoutId}`);
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
  const row = await changeStatusAndSendEvent(
    sessionId,
    { status: 'open', expiresAt: { gt: new Date() } },
    { status: 'complete', paymentIntentId: randomId('pi_test') },
    'checkout.session.completed',
  );
  return row && row.successUrl.replace('{CHECKOUT_SESSION_ID}', row.id);
}

/**
 * Changes a session's status (only if it still matches `where`) and sends the event that says so,
 * as Stripe does: delivered at once, and retried with backoff until our endpoint accepts it. The
 * retry is queued in the same transaction as the change, so a process killed right after it still
 * delivers the event; once the first delivery is accepted, the queued retry is dropped (were it
 * sent anyway, the endpoint ignores an event id it already has). Null when nothing changed.
 */
async function changeStatusAndSendEvent(
  sessionId: string,
  where: Prisma.TestPaymentSessionWhereInput,
  data: Prisma.TestPaymentSessionUpdateManyMutationInput,
  type: TestSessionEventType,
): Promise<Row | null> {
  const changed = await getDb().$transaction(async (tx) => {
    const { count } = await tx.testPaymentSession.updateMany({ where: { ...where, id: sessionId }, data });
    if (count !== 1) return null;
    const row = await tx.testPaymentSession.findUniqueOrThrow({ where: { id: sessionId } });
    const payload = JSON.stringify(testSessionEvent(row, type));
    const retryJobId = await enqueue(tx, 'test-payment-webhook', { sessionId, payload }, { startAfter: FIRST_RETRY_SECONDS });
    return { row, payload, retryJobId };
  });
  if (!changed) return null;
  if ((await deliverTestEvent(changed.row.webhookUrl, changed.payload)) && changed.retryJobId) {
    await (await getBoss()).deleteJob('test-payment-webhook', changed.retryJobId).catch((error: unknown) => {
      logger().warn({ err: error, sessionId }, 'could not drop a delivered event from the retry queue');
    });
  }
  return changed.row;
}

/** Seconds before the queued retry of an event runs, if the first delivery did not drop it. */
const FIRST_RETRY_SECONDS = 3;

/**
 * POSTs one event to the webhook, signed now (as Stripe signs each attempt). True when it was
 * accepted; a refusal or a network failure is logged and returns false.
 */
async function deliverTestEvent(webhookUrl: string, payload: string): Promise<boolean> {
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSigningSecret() });
  const { type, data } = JSON.parse(payload) as { type: string; data: { object: { id: string } } };
  try {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
      body: payload,
      signal: AbortSignal.timeout(10_000),
    });
    if (response.ok) return true;
    logger().warn({ status: response.status, type, sessionId: data.object.id }, 'the test payment webhook was refused: it will be retried');
  } catch (error) {
    logger().warn({ err: error, type, sessionId: data.object.id }, 'could not deliver the test payment webhook: it will be retried');
  }
  return false;
}

/** The queued retry of an event: delivered again, and failing (so retried with backoff) until accepted. */
export async function redeliverTestEvent(sessionId: string, payload: string) {
  const row = await requireSession(sessionId);
  if (!(await deliverTestEvent(row.webhookUrl, payload))) throw new Error(`the webhook did not accept the ${sessionId} event yet`);
}
