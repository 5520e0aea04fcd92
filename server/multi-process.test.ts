// Several machines, one database: two web processes (RUN_WORKER=0) and two workers, each the built
// app as production runs it, on one PostgreSQL database of this file's own. Signed-in buyers check
// out in a burst spread over both web processes and pay as the test payment provider does (the
// session completed, the signed webhook sent to the same web process); one worker is SIGKILLed
// mid-burst. Afterwards every money and stock invariant holds and every paid checkout became
// exactly one order: the surviving worker took over the killed worker's jobs once they expired.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { pay, startCheckout } from '../bench/checkout.ts';
import { useScratchDatabase } from '../test/database-hooks.ts';
import { addToCart, createProduct, createSeller, createUser, sessionCookie } from '../test/factories.ts';
import { economyViolations } from '../test/invariants.ts';
import { envWithout, startBuiltProcess, startServerProcess, type RunningServer } from '../test/process.ts';

const BUYERS = 32;
/** Buyers checking out at once, over both web processes. */
const CONCURRENCY = 8;
/** Half the buyers want one of these: fewer than them, so both web processes race for the last units. */
const SCARCE_UNITS = 10;
/**
 * A job held by the killed worker stays active until it expires; the survivor's supervisor, which
 * passes every 10 s (app/utils/jobs.server.ts), then puts it back for a retry 1 s later. So the
 * takeover takes at most about 5 + 10 + 1 s, well under a minute, while a live worker's job (tens
 * of milliseconds) never comes near 5 s, even on a loaded machine.
 */
const JOB_EXPIRE_SECONDS = 5;
/** The bound of every wait on the database: the takeover above, with room for a loaded machine. */
const SETTLE_MS = 45_000;
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;

const scratch = useScratchDatabase();
const dataDir = mkdtempSync(path.join(tmpdir(), 'reen-multi-process-'));
const processes: Pick<RunningServer, 'child' | 'exited'>[] = [];
let db: pg.Pool | undefined;

afterAll(async () => {
  for (const each of processes) if (each.child.exitCode === null && each.child.signalCode === null) each.child.kill('SIGKILL');
  await Promise.all(processes.map((each) => each.exited));
  await db?.end();
  rmSync(dataDir, { recursive: true, force: true });
});

function processEnv(): Record<string, string | undefined> {
  return {
    ...envWithout('STRIPE_SECRET_KEY', 'CLERK_PUBLISHABLE_KEY', 'CLERK_SECRET_KEY', 'CLERK_WEBHOOK_SECRET', 'CLERK_JWT_KEY', 'SMTP_URL', 'METRICS_PORT'),
    DATABASE_URL: scratch.url,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    APP_ENV: 'test',
    LOG_LEVEL: 'info',
    SEED_DEMO_DATA: '0',
    // Known here, so that the test signs webhook events as the test payment provider does.
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    JOB_EXPIRE_SECONDS: String(JOB_EXPIRE_SECONDS),
    JOB_RETRY_DELAY_SECONDS: '1',
  };
}

async function started<T extends Pick<RunningServer, 'child' | 'exited'>>(starting: Promise<T>): Promise<T> {
  const running = await starting;
  processes.push(running);
  return running;
}

/** Polls the database until `done()`, for at most SETTLE_MS. */
async function until(what: string, done: () => Promise<boolean>) {
  const deadline = Date.now() + SETTLE_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function count(sql: string): Promise<number> {
  const { rows } = await db!.query<{ n: number }>(sql);
  return rows[0]!.n;
}

const ACTIVE_COMPLETIONS = `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'checkout-complete' AND state = 'active'`;
const UNFINISHED_CHECKOUT_JOBS = `SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE 'checkout-%' AND state IN ('created', 'retry', 'active')`;
const PAID_BUT_PENDING = `SELECT count(*)::int AS n FROM "Checkout" c JOIN "TestPaymentSession" s ON s."checkoutId" = c.id WHERE c.status = 'PENDING' AND s.status = 'complete'`;

/** Buyers with a cart each (half of them with a scarce unit in it) and their session cookies. */
async function shop() {
  const [sellerA, sellerB] = [(await createSeller()).id, (await createSeller()).id];
  const scarce = (await createProduct({ ownerId: sellerA, stock: SCARCE_UNITS, priceCents: 19_99 })).id;
  const plentiful = [
    (await createProduct({ ownerId: sellerA, stock: 200, priceCents: 4_50 })).id,
    (await createProduct({ ownerId: sellerB, stock: 200, priceCents: 12_00 })).id,
  ];
  const listedUnits = new Map([[scarce, SCARCE_UNITS], ...plentiful.map((id) => [id, 200] as const)]);
  const buyers = await Promise.all(
    Array.from({ length: BUYERS }, async (_, index) => {
      const { id } = await createUser();
      await addToCart(id, plentiful[index % plentiful.length]!, 1 + (index % 3));
      if (index % 2 === 0) await addToCart(id, scarce, 1);
      return { id, cookie: await sessionCookie(id) };
    }),
  );
  return { buyers, listedUnits };
}

it('keeps the economy whole with 2 web and 2 worker processes on one database, through a worker killed mid-burst', async () => {
  db = new pg.Pool({ connectionString: scratch.url, max: 4 });
  // A connection still closing when the database is dropped after the tests must not fail the file.
  db.on('error', () => {});
  const { buyers, listedUnits } = await shop();
  const env = processEnv();
  const [webA, webB, doomedWorker, survivingWorker] = await Promise.all([
    started(startServerProcess({ ...env, RUN_WORKER: '0' })),
    started(startServerProcess({ ...env, RUN_WORKER: '0' })),
    started(startBuiltProcess('worker', env, { ready: /REEN worker is running/ })),
    started(startBuiltProcess('worker', env, { ready: /REEN worker is running/ })),
  ]);

  const refusals: string[] = [];
  const failedPayments: string[] = [];
  let next = 0;
  let burstOver = false;
  const checkOut = async () => {
    while (next < buyers.length) {
      const index = next++;
      const context = { origin: (index % 2 === 0 ? webA : webB).url, db: db!, webhookSecret: WEBHOOK_SECRET };
      const answer = await startCheckout(context, buyers[index]!);
      if (!('sessionId' in answer)) {
        refusals.push(answer.refusal);
        continue;
      }
      const paid = await pay(context, answer.sessionId);
      if (paid !== true) failedPayments.push(paid);
    }
  };
  // Mid-burst, once this worker has completed a checkout (so it is working through a batch) while
  // completions are active, or at the burst's end. Which jobs it holds then is up to pg-boss: the
  // summary in the assertions' messages counts those retried.
  const killWorker = async () => {
    const working = async () => doomedWorker.output().includes('job checkout-complete completed') && (await count(ACTIVE_COMPLETIONS)) > 0;
    while (!burstOver && !(await working())) await new Promise((resolve) => setTimeout(resolve, 20));
    doomedWorker.child.kill('SIGKILL');
    await doomedWorker.exited;
  };
  const killed = killWorker();
  await Promise.all(Array.from({ length: CONCURRENCY }, checkOut));
  burstOver = true;
  await killed;

  await until(
    'every paid checkout is settled and no checkout job is left',
    async () => (await count(PAID_BUT_PENDING)) === 0 && (await count(UNFINISHED_CHECKOUT_JOBS)) === 0,
  );

  const { violations } = await economyViolations(listedUnits);
  const { rows: payments } = await db.query<{ checkoutId: string; status: string; orders: number }>(`
    SELECT s."checkoutId", c.status::text AS status, (SELECT count(*)::int FROM "Order" o WHERE o."checkoutId" = s."checkoutId") AS orders
    FROM "TestPaymentSession" s JOIN "Checkout" c ON c.id = s."checkoutId" WHERE s.status = 'complete'`);
  const takenOver = await count(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'checkout-complete' AND retry_count > 0`);
  const summary =
    `${buyers.length} buyers: ${payments.length} paid, ${refusals.length} refused (${[...new Set(refusals)].join('; ')}); ` +
    `${takenOver} completion jobs retried after the worker was killed or failed`;

  expect(doomedWorker.child.signalCode).toBe('SIGKILL');
  expect(survivingWorker.child.exitCode, survivingWorker.output().slice(-3_000)).toBeNull();
  expect(violations, 'economy invariants').toEqual([]);
  expect(failedPayments, 'webhooks not accepted').toEqual([]);
  // Only the scarce product's buyers may be turned away, and only for want of units.
  expect(refusals.length, summary).toBeLessThanOrEqual(BUYERS / 2);
  expect(
    refusals.filter((refusal) => !refusal.includes('is out of stock')),
    summary,
  ).toEqual([]);
  expect(payments.length + refusals.length, summary).toBe(BUYERS);
  expect(
    payments.filter((payment) => payment.status !== 'COMPLETED' || payment.orders !== 1),
    `paid checkouts that are not exactly one order (${summary})`,
  ).toEqual([]);
  expect(await count(`SELECT count(*)::int AS n FROM "Order"`)).toBe(payments.length);
}, 120_000);
