// The checkout saga under load, driven over HTTP as buyers and Stripe drive it: each buyer posts
// /checkout (stock reserved, money held, a payment session opened), "Stripe" marks the session
// paid and sends the signed checkout.session.completed webhook, and the worker's job completes the
// checkout. Completion is read from the database, where the saga leaves it.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import Stripe from 'stripe';
import { testSessionEvent } from '~/utils/payments/test-session-event.ts';

export type Buyer = { id: string; cookie: string };

export type CheckoutRun = {
  buyers: number;
  concurrency: number;
  /** Start-checkout or webhook requests that did not get the expected answer. */
  failedRequests: number;
  /** Why, with how many each (the flash message of a refused checkout, or the HTTP status). */
  failures: Record<string, number>;
  /** Transactions PostgreSQL rolled back meanwhile: mostly serialization failures, each retried. */
  rolledBack: number;
  completed: number;
  /** From the first start-checkout request until every checkout was completed. */
  completedSeconds: number;
  /** Until no checkout or email job is waiting or running any more. */
  drainedSeconds: number;
  checkoutsPerSecond: number;
  /** CPU time each process spent per completed checkout (set by the caller, who knows the processes). */
  cpuMsPerCheckout?: { web: number; worker: number; postgres: number };
};

export type ContentionRun = {
  buyers: number;
  units: number;
  sold: number;
  stockLeft: number;
  soldExactly: boolean;
  refusedSoldOut: number;
  /** "The shop is busy" answers; those buyers tried again while units were left. */
  busyAnswers: number;
  /** Transactions PostgreSQL rolled back meanwhile: mostly serialization failures, each retried. */
  rolledBack: number;
  /** From the first request until every buyer had an answer and every sale was completed. */
  settledSeconds: number;
};

type Context = { origin: string; db: pg.Pool; webhookSecret: string };
/** Several web processes behind one address, as a load balancer spreads buyers: buyer i goes to origins[i % n]. */
type Servers = Omit<Context, 'origin'> & { origins: string[] };

/** Where buyer `index` checks out and pays (the webhook goes to the same process, as in the suite). */
function contextFor({ origins, ...rest }: Servers, index: number): Context {
  return { ...rest, origin: origins[index % origins.length]! };
}

/** POST /checkout as the buyer's browser does; the payment session id, or the flash message of a refusal. */
export async function startCheckout({ origin }: Context, buyer: Buyer): Promise<{ sessionId: string } | { refusal: string }> {
  const response = await fetch(`${origin}/checkout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: buyer.cookie },
    body: '',
  });
  await response.arrayBuffer();
  const location = response.headers.get('location') ?? '';
  const sessionId = location.match(/\/test-payments\/([\w-]+)$/)?.[1];
  if (response.status === 303 && sessionId) return { sessionId };
  return { refusal: response.status === 303 ? flashMessage(response) : `HTTP ${response.status}` };
}

/** The message of the signed flash cookie (read, not verified: we only classify it). */
function flashMessage(response: Response): string {
  const value = response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith('__flash='))
    ?.split(';')[0]!
    .slice('__flash='.length);
  if (!value) return 'no message';
  const signed = decodeURIComponent(value);
  const json = decodeURIComponent(escape(atob(signed.slice(0, signed.lastIndexOf('.')))));
  return (JSON.parse(json) as { message?: string }).message ?? 'no message';
}

/** What Stripe does once the buyer pays: the session completes, and a signed event goes to the webhook. */
export async function pay({ origin, db, webhookSecret }: Context, sessionId: string): Promise<true | string> {
  const paymentIntentId = `pi_test_${randomBytes(12).toString('hex')}`;
  const { rows } = await db.query<{ checkoutId: string; amountTotal: number }>(
    `UPDATE "TestPaymentSession" SET status = 'complete', "paymentIntentId" = $2, "updatedAt" = now()
      WHERE id = $1 AND status = 'open' RETURNING "checkoutId", "amountTotal"`,
    [sessionId, paymentIntentId],
  );
  const session = rows[0];
  if (!session) return 'payment session not open';
  const paid = { id: sessionId, status: 'complete', paymentIntentId, amountTotal: session.amountTotal, checkoutId: session.checkoutId };
  const payload = JSON.stringify(testSessionEvent(paid, 'checkout.session.completed'));
  const response = await fetch(`${origin}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }) },
    body: payload,
  });
  await response.arrayBuffer();
  return response.status === 200 || `webhook answered ${response.status}`;
}

/** N buyers, `concurrency` at a time, each checking out their cart and paying. */
export async function runCheckouts(servers: Servers, buyers: Buyer[], concurrency: number): Promise<CheckoutRun> {
  // Checkouts made by this run; the seeded history is older than a minute.
  const since = new Date(Date.now() - 1_000);
  const rolledBackBefore = await rollbacks(servers.db);
  const started = performance.now();
  const failures: Record<string, number> = {};
  const fail = (reason: string) => (failures[reason] = (failures[reason] ?? 0) + 1);
  let next = 0;
  const buyerLoop = async () => {
    while (next < buyers.length) {
      const index = next++;
      const buyer = buyers[index]!;
      const at = contextFor(servers, index);
      const result = await startCheckout(at, buyer).catch((error: unknown) => ({ refusal: String(error) }));
      if (!('sessionId' in result)) {
        fail(result.refusal);
        continue;
      }
      const paid = await pay(at, result.sessionId).catch((error: unknown) => String(error));
      if (paid !== true) fail(paid);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, buyerLoop));
  const failedRequests = Object.values(failures).reduce((sum, n) => sum + n, 0);
  const completedSql = `SELECT count(*)::int AS n FROM "Checkout" WHERE "buyerId" = ANY($1) AND status = 'COMPLETED' AND "createdAt" >= $2`;
  const values = [buyers.map((buyer) => buyer.id), since];
  // Done when every paid checkout is completed, or when nothing is left to run (a failed one).
  const completedSeconds = await waitFor(
    async () => (await count(servers.db, completedSql, values)) >= buyers.length - failedRequests || (await count(servers.db, PENDING_COMPLETIONS, [])) === 0,
    started,
  );
  const completed = await count(servers.db, completedSql, values);
  const drainedSeconds = await waitFor(async () => (await count(servers.db, PENDING_JOBS, [])) === 0, started);
  const rolledBack = (await rollbacks(servers.db)) - rolledBackBefore;
  return {
    buyers: buyers.length,
    concurrency,
    failedRequests,
    failures,
    rolledBack,
    completed,
    completedSeconds,
    drainedSeconds,
    checkoutsPerSecond: completed / completedSeconds,
  };
}

const PENDING_COMPLETIONS = `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'checkout-complete' AND state IN ('created', 'retry', 'active')`;
const PENDING_JOBS = `SELECT count(*)::int AS n FROM pgboss.job WHERE name IN ('checkout-complete', 'send-email') AND state IN ('created', 'retry', 'active')`;

/**
 * `buyers` all press "Check out" at once for the same product with `units` left (one unit each in
 * their cart). A buyer told that the shop is busy tries again, as a person would, while units are
 * left; the winners pay.
 */
export async function runContention(servers: Servers, buyers: Buyer[], productId: string, units: number): Promise<ContentionRun> {
  const rolledBackBefore = await rollbacks(servers.db);
  const started = performance.now();
  let waiting = buyers;
  let refusedSoldOut = 0;
  let busyAnswers = 0;
  const paid: Promise<true | string>[] = [];
  for (let round = 0; waiting.length > 0 && round < 10; round++) {
    const answers = await Promise.all(
      waiting.map(async (buyer, index) => {
        const at = contextFor(servers, index);
        return { buyer, at, answer: await startCheckout(at, buyer).catch((error: unknown) => ({ refusal: String(error) })) };
      }),
    );
    const busy: Buyer[] = [];
    for (const { buyer, at, answer } of answers) {
      if ('sessionId' in answer) paid.push(pay(at, answer.sessionId).catch((error: unknown) => String(error)));
      else if (/busy/i.test(answer.refusal)) busy.push(buyer);
      else refusedSoldOut++;
    }
    busyAnswers += busy.length;
    waiting = (await stockOf(servers.db, productId)) > 0 ? busy : [];
    refusedSoldOut += waiting.length === 0 ? busy.length : 0;
  }
  const unpaid = (await Promise.all(paid)).filter((outcome) => outcome !== true).length;
  const pendingSql = `SELECT count(*)::int AS n FROM "Checkout" c JOIN "CheckoutLine" l ON l."checkoutId" = c.id WHERE l."productId" = $1 AND c.status = 'PENDING'`;
  const settledSeconds = await waitFor(async () => (await count(servers.db, pendingSql, [productId])) <= unpaid, started);
  const sold = await count(servers.db, `SELECT COALESCE(SUM(quantity), 0)::int AS n FROM "OrderItem" WHERE "productId" = $1`, [productId]);
  const stockLeft = await stockOf(servers.db, productId);
  const rolledBack = (await rollbacks(servers.db)) - rolledBackBefore;
  return {
    buyers: buyers.length,
    units,
    sold,
    stockLeft,
    soldExactly: sold === units && stockLeft === 0,
    refusedSoldOut,
    busyAnswers,
    rolledBack,
    settledSeconds,
  };
}

async function rollbacks(db: pg.Pool): Promise<number> {
  return count(db, 'SELECT xact_rollback::int AS n FROM pg_stat_database WHERE datname = current_database()', []);
}

async function stockOf(db: pg.Pool, productId: string) {
  return count(db, 'SELECT stock AS n FROM "Product" WHERE id = $1', [productId]);
}

async function count(db: pg.Pool, sql: string, values: unknown[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql, values);
  return rows[0]?.n ?? 0;
}

/** Polls until `done()`; the seconds since `since` at that moment. Gives up after 5 minutes. */
async function waitFor(done: () => Promise<boolean>, since: number): Promise<number> {
  const deadline = performance.now() + 300_000;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error('gave up waiting for the checkouts to settle');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return (performance.now() - since) / 1000;
}
