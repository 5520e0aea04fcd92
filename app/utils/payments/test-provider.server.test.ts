// The test payment provider opens one session per checkout, and delivers its events as Stripe
// does: at once, and again with backoff until the endpoint accepts them, the same event each time,
// even when the process that sent it died right after the payment.
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { handleTestPaymentWebhook } from '../../../jobs/test-payments.ts';
import { addToCart, createProduct, createUser } from '../../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../../test/database-hooks.ts';
import { startCheckout } from '~/models/checkout/checkout.server.ts';
import { payTestSession, testProvider } from './test-provider.server.ts';

useDatabase();
useJobQueue();

/** A webhook endpoint that refuses the next `refusals` deliveries, and records every one (after `onDelivery`). */
const endpoint = {
  refusals: 0,
  onDelivery: async () => {},
  deliveries: [] as { eventId: string; type: string; status: number }[],
};
let server: Server;
let webhookUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', async () => {
      await endpoint.onDelivery();
      const event = JSON.parse(body) as { id: string; type: string };
      const status = endpoint.refusals > 0 ? 503 : 200;
      if (status !== 200) endpoint.refusals--;
      endpoint.deliveries.push({ eventId: event.id, type: event.type, status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  webhookUrl = `http://127.0.0.1:${port}/webhooks/stripe`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  endpoint.refusals = 0;
  endpoint.onDelivery = async () => {};
  endpoint.deliveries = [];
});

async function openSession() {
  const { id: productId } = await createProduct({ stock: 5 });
  const { id: buyerId } = await createUser();
  await addToCart(buyerId, productId, 1);
  const urls = { successUrl: 'http://127.0.0.1:9/checkout/success', cancelUrl: 'http://127.0.0.1:9/checkout/cancel', webhookUrl };
  const { checkoutId } = await startCheckout(buyerId, urls);
  return getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId } });
}

/** The queued retries of this session's events. */
async function queuedRetries(sessionId: string) {
  return getDb().$queryRaw<{ id: string; data: { sessionId: string; payload: string }; start_after: Date }[]>`
    SELECT id, data, start_after FROM pgboss.job WHERE name = 'test-payment-webhook' AND data->>'sessionId' = ${sessionId} AND state = 'created'`;
}

describe('the test provider opens a session', () => {
  const newSession = (checkoutId: string) => ({
    checkoutId,
    customerEmail: 'buyer@example.test',
    lines: [{ name: 'A "quoted" name, with ünïcödé', unitPriceCents: 12_34, quantity: 2 }],
    totalCents: 24_68,
    expiresAt: new Date('2026-12-07T14:30:00.123Z'),
    successUrl: 'http://127.0.0.1:9/checkout/success?session_id={CHECKOUT_SESSION_ID}',
    cancelUrl: 'http://127.0.0.1:9/checkout/cancel?checkout_id=x',
    webhookUrl,
  });

  it('stores what it was given, in one statement', async () => {
    const checkoutId = randomUUID();
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    let session: { id: string; url: string };
    try {
      session = await testProvider.createSession(newSession(checkoutId));
      // pg-boss's own clients poll meanwhile: count only the statements about sessions.
      const texts = sent.mock.calls.map(([query]) => (typeof query === 'string' ? query : (query as { text: string }).text));
      expect(texts.filter((text) => text.includes('"TestPaymentSession"'))).toHaveLength(1);
    } finally {
      sent.mockRestore();
    }
    expect(session.url).toBe(`http://127.0.0.1:9/test-payments/${session.id}`);
    const row = await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId } });
    expect(row).toMatchObject({
      id: session.id,
      status: 'open',
      amountTotal: 24_68,
      lines: newSession(checkoutId).lines,
      successUrl: newSession(checkoutId).successUrl,
      cancelUrl: newSession(checkoutId).cancelUrl,
      webhookUrl,
      expiresAt: new Date('2026-12-07T14:30:00.123Z'),
    });
    expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("gives a second call for the same checkout the first session, as Stripe's idempotency key does", async () => {
    const checkoutId = randomUUID();
    const first = await testProvider.createSession(newSession(checkoutId));
    const again = await testProvider.createSession({ ...newSession(checkoutId), totalCents: 1 });
    expect(again).toEqual(first);
    expect(await getDb().testPaymentSession.count({ where: { checkoutId } })).toBe(1);
  });
});

describe('the test provider delivers its events', () => {
  it('once when the endpoint accepts them, dropping the queued retry', async () => {
    const session = await openSession();
    await payTestSession(session.id);
    expect(endpoint.deliveries).toMatchObject([{ type: 'checkout.session.completed', status: 200 }]);
    expect(await queuedRetries(session.id)).toEqual([]);
  });

  it('again, later, until accepted: the same event each time, its retry committed before the first attempt', async () => {
    const session = await openSession();
    endpoint.refusals = 2;
    // A process killed during the first attempt leaves the retry behind: it is in the database already.
    let retriesDuringFirstAttempt: unknown[] | undefined;
    endpoint.onDelivery = async () => {
      retriesDuringFirstAttempt ??= await queuedRetries(session.id);
    };
    const paidAt = Date.now();
    await payTestSession(session.id);
    expect(retriesDuringFirstAttempt).toHaveLength(1);
    const [retry] = await queuedRetries(session.id);
    expect(retry, 'the retry stays queued when the first delivery fails').toBeDefined();
    expect(retry!.start_after.getTime()).toBeGreaterThan(paidAt);

    // The worker runs the retry: refused once more (the job fails, so pg-boss retries it with backoff), then accepted.
    await expect(handleTestPaymentWebhook(retry!.data)).rejects.toThrow(/did not accept/);
    await handleTestPaymentWebhook(retry!.data);
    expect(endpoint.deliveries.map((delivery) => delivery.status)).toEqual([503, 503, 200]);
    expect(new Set(endpoint.deliveries.map((delivery) => delivery.eventId)).size).toBe(1);
    expect(endpoint.deliveries.every((delivery) => delivery.type === 'checkout.session.completed')).toBe(true);
  });
});
