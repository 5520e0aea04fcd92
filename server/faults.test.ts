// Faults, injected for real: the worker process killed in the middle of a completion, the database
// connection terminated inside a transaction, Stripe failing at session creation and at refund
// (msw), and the mail server down. Nothing may be lost or doubled, and no buyer may end paid
// without an order or a refund. A database of this file's own, so that the invariants of the whole
// economy are checked exactly after each fault.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import pg from 'pg';
import type Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCheckout } from '~/models/checkout/checkout.server.ts';
import { completeCheckout } from '~/models/checkout/complete.server.ts';
import { releaseCheckout } from '~/models/checkout/release.server.ts';
import { recordStripeEvent } from '~/models/stripe-events.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { getBoss } from '~/utils/jobs.server.ts';
import { STARTING_BALANCE_CENTS } from '~/utils/money.ts';
import { handleCheckoutComplete } from '../jobs/checkout.ts';
import { handleSendEmail } from '../jobs/send-email.ts';
import { addToCart, createProduct, createSeller, createUser, sessionCookie } from '../test/factories.ts';
import { useJobQueue, useScratchDatabase } from '../test/database-hooks.ts';
import { formPost, flashOf, useTestServer } from '../test/http.ts';
import { runSagaJobs } from '../test/jobs.ts';
import { createStripeMock } from '../test/mocks/stripe.ts';
import { envWithout } from '../test/process.ts';
import { useTally } from '../test/reliability.ts';
import { startSmtpServer } from '../test/smtp.ts';
import { balanceOf, economyViolations, stockOf } from '../test/invariants.ts';
import { projectRoot } from './project-root.ts';

const smtp = await startSmtpServer();
// This file's own copy of the modules reads env() lazily, after these. Stripe is the provider (msw plays it),
// jobs expire after 2 s and are retried a second later, and mail goes to the test's SMTP server.
Object.assign(process.env, {
  STRIPE_SECRET_KEY: 'sk_test_reen_faults',
  STRIPE_WEBHOOK_SECRET: 'whsec_reen_faults',
  JOB_EXPIRE_SECONDS: '2',
  JOB_RETRY_DELAY_SECONDS: '1',
  SMTP_URL: smtp.url,
});

const stripe = createStripeMock();
/** While set, the Stripe API cannot be reached at all (as in a network outage or a timeout). */
const network = { down: false };
const mockServer = setupServer(
  http.all('https://api.stripe.com/*', () => (network.down ? HttpResponse.error() : undefined)),
  ...stripe.handlers,
);
const URLS = {
  successUrl: 'https://reen.test/checkout/success',
  cancelUrl: 'https://reen.test/checkout/cancel',
  webhookUrl: 'https://reen.test/webhooks/stripe',
};

const listed = new Map<string, number>();

const scratch = useScratchDatabase();
useJobQueue();
const tally = useTally('faults');

beforeAll(() => {
  mockServer.listen({ onUnhandledFrame: 'bypass' });
});

afterEach(async () => {
  stripe.state.down = false;
  stripe.state.refundsFail = false;
  network.down = false;
  smtp.unavailable.clear();
  const { checks, violations } = await economyViolations(listed);
  tally.invariantChecks += checks;
  tally.violations += violations.length;
  expect(violations).toEqual([]);
});

afterAll(async () => {
  mockServer.close();
  await smtp.close();
});

/** A checkout paid on Stripe whose checkout.session.completed event was received: its job is queued. */
async function paidCheckout(quantity = 2) {
  const { id: sellerId } = await createSeller();
  const { id: productId } = await createProduct({ ownerId: sellerId, priceCents: 20_00, stock: 5 });
  listed.set(productId, 5);
  const { id: buyerId } = await createUser();
  await addToCart(buyerId, productId, quantity);
  const { checkoutId } = await startCheckout(buyerId, URLS);
  const { paymentSessionId } = await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } });
  const session = stripe.pay(paymentSessionId!);
  const event = { id: `evt_${checkoutId}`, object: 'event', type: 'checkout.session.completed', data: { object: session } } as unknown as Stripe.Event;
  await recordStripeEvent(event);
  const payment = { checkoutId, paymentIntentId: session.payment_intent, amountTotal: session.amount_total };
  return { sellerId, productId, buyerId, checkoutId, payment };
}

/** Holds a row lock from another connection, so that a transaction that needs the row waits there. */
async function lockRow(table: 'User' | 'Product', id: string) {
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`SELECT 1 FROM "${table}" WHERE id = $1 FOR UPDATE`, [id]);
  return {
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/**
 * Backends of this database waiting for a row lock: the transaction under test has reached the
 * locked row. (pg_locks covers the whole cluster, which other test files share.)
 */
async function waitingBackends(): Promise<number[]> {
  const rows = await getDb().$queryRaw<{ pid: number }[]>`
    SELECT DISTINCT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE NOT l.granted AND l.locktype <> 'advisory' AND a.datname = current_database()`;
  return rows.map((row) => row.pid);
}

function startWorkerProcess() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'reen-faults-'));
  const child = spawn(process.execPath, [path.join(projectRoot(), 'build/server/worker.js')], {
    cwd: projectRoot(),
    // Without Stripe keys: its scheduled sweep and reconciliation must not try to reach Stripe.
    env: { ...envWithout('STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'), DATA_DIR: dataDir, SESSION_SECRET: 'faults-test-secret-that-is-long-enough-01234' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve();
    }),
  );
  const running = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('REEN worker is running')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`the worker exited before it ran:\n${output}`)));
  });
  return { child, running, exited, output: () => output };
}

describe('the worker dies in the middle of a completion', () => {
  it('leaves nothing half-done, and the job, taken over by another worker, completes the checkout once', async () => {
    const { sellerId, buyerId, checkoutId, productId } = await paidCheckout();
    // The completion will stop at the seller's row (paying the sale) until the lock goes.
    const lock = await lockRow('User', sellerId);
    const doomed = startWorkerProcess();
    await doomed.running;
    await expect.poll(waitingBackends, { timeout: 30_000 }).not.toEqual([]);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    tally.faultsInjected++;
    await lock.release();

    const checkout = await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } });
    expect(checkout.status).toBe('PENDING');
    expect(await getDb().order.count({ where: { checkoutId } })).toBe(0);
    expect(await balanceOf(sellerId)).toBe(BigInt(STARTING_BALANCE_CENTS));

    const survivor = startWorkerProcess();
    await survivor.running;
    // The supervisor hands the dead worker's expired job on (every 10 s; asked here to look sooner).
    await expect
      .poll(
        async () => {
          await (await getBoss()).supervise('checkout-complete');
          return (await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } })).status;
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe('COMPLETED');
    survivor.child.kill('SIGTERM');
    await survivor.exited;

    expect(await getDb().order.count({ where: { checkoutId } })).toBe(1);
    expect(await getDb().ledgerEntry.count({ where: { checkoutId, kind: 'SALE' } })).toBe(1);
    expect(await balanceOf(sellerId)).toBe(BigInt(STARTING_BALANCE_CENTS + 2 * 20_00));
    expect(await getDb().cartItem.count({ where: { userId: buyerId } })).toBe(0);
    expect(await stockOf(productId)).toBe(3);
  }, 120_000);
});

describe('the database connection is terminated inside a transaction', () => {
  /**
   * Waits until `work`'s transaction is stuck behind `lock`, kills its connection with
   * pg_terminate_backend, lets the lock go, and resolves to what `work` threw (null if it did not).
   */
  async function terminatedWhileWaiting(lock: { release: () => Promise<void> }, work: Promise<unknown>): Promise<unknown> {
    const attempt = work.then(
      () => null,
      (error: unknown) => error,
    );
    await expect.poll(waitingBackends, { timeout: 20_000 }).not.toEqual([]);
    const [pid] = await waitingBackends();
    await getDb().$queryRaw`SELECT pg_terminate_backend(${pid}::int)`;
    tally.faultsInjected++;
    await lock.release();
    return attempt;
  }

  it('rolls a completion back entirely; the retried job completes it once', async () => {
    const { sellerId, checkoutId, payment } = await paidCheckout();
    const lock = await lockRow('User', sellerId);
    expect(await terminatedWhileWaiting(lock, handleCheckoutComplete(payment))).toBeInstanceOf(Error);
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } })).status).toBe('PENDING');
    expect(await getDb().order.count({ where: { checkoutId } })).toBe(0);
    expect(await getDb().ledgerEntry.count({ where: { checkoutId, kind: 'SALE' } })).toBe(0);

    // pg-boss retries the job; the pool has replaced the dead connection.
    expect(await completeCheckout(payment)).toMatchObject({ outcome: 'completed' });
    expect(await completeCheckout(payment)).toMatchObject({ outcome: 'already-completed' });
    expect(await getDb().order.count({ where: { checkoutId } })).toBe(1);
    await runSagaJobs();
  });

  it('rolls a checkout start back entirely: nothing reserved, nothing held', async () => {
    const { id: sellerId } = await createSeller();
    const { id: productId } = await createProduct({ ownerId: sellerId, priceCents: 9_00, stock: 3 });
    listed.set(productId, 3);
    const { id: buyerId } = await createUser();
    await addToCart(buyerId, productId, 2);
    // The start stops at the product's row (reserving its stock).
    const lock = await lockRow('Product', productId);
    expect(await terminatedWhileWaiting(lock, startCheckout(buyerId, URLS))).toBeInstanceOf(Error);
    expect(await getDb().checkout.count({ where: { buyerId } })).toBe(0);
    expect(await stockOf(productId)).toBe(3);
    expect(await balanceOf(buyerId)).toBe(BigInt(STARTING_BALANCE_CENTS));
  });
});

describe('Stripe fails', () => {
  const server = useTestServer();

  it.each([
    ['answers with errors', () => (stripe.state.down = true)],
    ['cannot be reached', () => (network.down = true)],
  ])('when it %s at session creation, the buyer is told, nothing is charged and nothing stays reserved (no 500)', async (_, fault) => {
    const { id: productId } = await createProduct({ priceCents: 11_00, stock: 4 });
    listed.set(productId, 4);
    const { id: buyerId } = await createUser();
    await addToCart(buyerId, productId, 3);
    fault();
    tally.faultsInjected++;
    const response = await server.request('/checkout', formPost({}, await sessionCookie(buyerId)));
    tally.operations++;
    expect(response).toRedirectTo('/cart', 303);
    expect(flashOf(response)?.message).toMatch(/Payment is unavailable right now. Nothing was charged/);
    expect(await stockOf(productId)).toBe(4);
    expect(await balanceOf(buyerId)).toBe(BigInt(STARTING_BALANCE_CENTS));
    expect(await getDb().checkout.findMany({ where: { buyerId }, select: { status: true } })).toEqual([{ status: 'RELEASED' }]);
  });

  it('when refunds fail, the payment ends refunded once Stripe answers again, exactly once', async () => {
    const { checkoutId, payment } = await paidCheckout(1);
    // Released before its payment was processed (the payment raced the session's expiry): it must be refunded.
    await releaseCheckout(checkoutId);
    network.down = true;
    tally.faultsInjected++;
    await handleCheckoutComplete(payment);
    const failures = await runSagaJobs();
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(['RELEASED', 'REFUND_FAILED']).toContain((await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } })).status);

    network.down = false;
    // The compensation's own retries (pg-boss, backing off) refund it.
    await vi.waitFor(
      async () => {
        await runSagaJobs();
        expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } })).status).toBe('REFUNDED');
      },
      { timeout: 20_000, interval: 500 },
    );
    const refunds = stripe.requestsTo('/refunds').filter((request) => request.params.get('payment_intent') === payment.paymentIntentId);
    expect(new Set(refunds.map((request) => request.idempotencyKey))).toEqual(new Set([`refund:${checkoutId}`]));
  });
});

describe('the mail server is down', () => {
  it('does not hold up the order; the confirmation is delivered once the server is back, once', async () => {
    const { buyerId, checkoutId, payment } = await paidCheckout(1);
    const { email } = await getDb().user.findUniqueOrThrow({ where: { id: buyerId }, select: { email: true } });
    smtp.unavailable.add(email!);
    tally.faultsInjected++;
    expect(await completeCheckout(payment)).toMatchObject({ outcome: 'completed' });
    const order = await getDb().order.findUniqueOrThrow({ where: { checkoutId } });
    const confirmation = await getDb().emailMessage.findFirstOrThrow({ where: { orderId: order.id, toAddress: email! } });

    await expect(handleSendEmail({ emailIds: [confirmation.id] })).rejects.toThrow();
    expect((await getDb().emailMessage.findUniqueOrThrow({ where: { id: confirmation.id } })).sentAt).toBeNull();
    expect(smtp.receivedBy(email!)).toHaveLength(0);

    smtp.unavailable.delete(email!);
    await handleSendEmail({ emailIds: [confirmation.id] });
    await handleSendEmail({ emailIds: [confirmation.id] });
    expect(smtp.receivedBy(email!)).toHaveLength(1);
    expect((await getDb().emailMessage.findUniqueOrThrow({ where: { id: confirmation.id } })).sentAt).not.toBeNull();
  });
});
