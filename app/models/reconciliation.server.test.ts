// Reconciliation with the (built-in test) payment provider, refunds that fail for good, and the
// operator commands, on a database of this file's own: reconciliation looks at every recent
// session, and the jobs it queues must meet no other test's. No worker runs: the tests play it
// (test/jobs.ts), so they choose when each job runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { getBoss } from '~/utils/jobs.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { PaymentProviderError } from '~/utils/payments/provider.server.ts';
import { payTestSession, testProvider } from '~/utils/payments/test-provider.server.ts';
import { replayDeadLetters } from '../../jobs/dead-letters.ts';
import { handleCheckoutReconcile } from '../../jobs/reconcile.ts';
import { projectRoot } from '../../server/project-root.ts';
import { addToCart, createProduct, createUser } from '../../test/factories.ts';
import { useJobQueue, useScratchDatabase } from '../../test/database-hooks.ts';
import { runOneJob, runSagaJobs } from '../../test/jobs.ts';
import { UNREACHABLE_CHECKOUT_URLS } from '../../test/orders.ts';
import { balanceOf, economyViolations, stockOf } from '../../test/invariants.ts';
import { startCheckout } from './checkout/checkout.server.ts';
import { releaseCheckout } from './checkout/release.server.ts';
import { reconcilePayments, refundFailedCheckouts } from './reconciliation.server.ts';

// No retries here (env() is read lazily, by this file's own copy of the modules): a failing job is dead-lettered at once.
process.env.JOB_RETRY_LIMIT = '0';

// Nothing listens here: the provider's webhook deliveries are lost, which is the point.
const URLS = UNREACHABLE_CHECKOUT_URLS;

const listed = new Map<string, number>();

useScratchDatabase();
useJobQueue();

afterEach(async () => {
  expect((await economyViolations(listed)).violations).toEqual([]);
});

/** A buyer with 2 units of a product in a pending checkout, its payment session open. */
async function pendingCheckout() {
  const { id: productId } = await createProduct({ priceCents: 30_00, stock: 5 });
  listed.set(productId, 5);
  const { id: buyerId } = await createUser();
  await addToCart(buyerId, productId, 2);
  const { checkoutId } = await startCheckout(buyerId, URLS);
  const session = await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId } });
  return { productId, buyerId, checkoutId, sessionId: session.id };
}

async function statusOf(checkoutId: string) {
  return (await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } })).status;
}

describe('reconciliation', () => {
  it('completes a paid checkout whose webhook never arrived, through the completion job, once', async () => {
    const { checkoutId, sessionId, buyerId } = await pendingCheckout();
    await payTestSession(sessionId);
    expect(await statusOf(checkoutId)).toBe('PENDING');

    const first = await reconcilePayments();
    const again = await reconcilePayments();
    expect(first.completions).toBe(1);
    expect(again.completions).toBe(0);
    expect(await runSagaJobs()).toEqual([]);
    expect(await statusOf(checkoutId)).toBe('COMPLETED');
    expect(await getDb().order.count({ where: { buyerId } })).toBe(1);
  });

  it('refunds a payment for a checkout released meanwhile, whose webhook never arrived', async () => {
    const { checkoutId, sessionId, buyerId } = await pendingCheckout();
    const before = await balanceOf(buyerId);
    // Released (as the sweep releases a session the provider called expired), and paid at the
    // provider all the same, as a payment racing the expiry can be; the webhook never comes. The
    // buyer checks out again: only the provider knows the first one was paid.
    await releaseCheckout(checkoutId);
    await payTestSession(sessionId);
    await startCheckout(buyerId, URLS);
    expect(await statusOf(checkoutId)).toBe('RELEASED');

    expect((await reconcilePayments()).completions).toBe(1);
    expect(await runSagaJobs()).toEqual([]);
    expect(await statusOf(checkoutId)).toBe('REFUNDED');
    expect((await getDb().testPaymentSession.findUniqueOrThrow({ where: { id: sessionId } })).refundId).toMatch(/^re_test_/);
    expect(await getDb().order.count({ where: { checkoutId } })).toBe(0);
    // The new checkout holds the money again; the refunded one gave its hold back.
    expect(await balanceOf(buyerId)).toBe(before);
  });

  it('releases a pending checkout whose session expired at the provider without telling us', async () => {
    const { checkoutId, sessionId, productId } = await pendingCheckout();
    await testProvider.expireSession(sessionId);
    expect(await stockOf(productId)).toBe(3);

    expect((await reconcilePayments()).releases).toBe(1);
    expect(await runSagaJobs()).toEqual([]);
    expect(await statusOf(checkoutId)).toBe('RELEASED');
    expect(await stockOf(productId)).toBe(5);
  });

  it('leaves open sessions and settled checkouts alone, and runs as the scheduled job', async () => {
    const open = await pendingCheckout();
    const settled = await pendingCheckout();
    await payTestSession(settled.sessionId);
    await reconcilePayments();
    await runSagaJobs();
    expect(await statusOf(settled.checkoutId)).toBe('COMPLETED');

    await handleCheckoutReconcile();
    const queued = await getDb().$queryRaw<{ count: number }[]>`
      SELECT COUNT(*)::int AS count FROM pgboss.job WHERE name LIKE 'checkout-%' AND state = 'created' AND data->>'checkoutId' IN (${open.checkoutId}, ${settled.checkoutId})`;
    expect(queued[0]!.count).toBe(0);
    expect(await statusOf(open.checkoutId)).toBe('PENDING');
  });
});

/** Runs a built operator command against this file's database. */
function operatorCommand(script: string, ...args: string[]) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'reen-operator-'));
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(projectRoot(), 'build/server', script), ...args], {
      cwd: projectRoot(),
      env: { ...process.env, DATA_DIR: dataDir, SESSION_SECRET: 'operator-test-secret-that-is-long-enough-0123' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, output });
    });
  });
}

describe('refunds that fail for good', () => {
  it('end REFUND_FAILED, alert loudly, are listed by refunds:failed, and jobs:retry refunds them once the provider works', async () => {
    const { checkoutId, sessionId } = await pendingCheckout();
    // Paid after it was released (see above).
    await releaseCheckout(checkoutId);
    await payTestSession(sessionId);
    expect((await reconcilePayments()).completions).toBe(1);
    // Then the provider refuses to refund it (an outage, an account problem): a failure, unlike
    // the provider answering that nothing was captured.
    const refusing = vi.spyOn(testProvider, 'refund').mockRejectedValue(new PaymentProviderError('the provider refuses refunds'));
    // The test plays the worker outside any job scope: the alert goes to the process's logger.
    const alerts = vi.spyOn(logger(), 'error');
    // completion -> released, so compensation -> the refund fails -> dead-lettered -> REFUND_FAILED.
    expect(await runSagaJobs()).toHaveLength(1);
    expect(await statusOf(checkoutId)).toBe('REFUND_FAILED');
    expect(alerts).toHaveBeenCalledWith(expect.objectContaining({ checkoutId, alert: true }), expect.stringMatching(/^ALERT: refund failed for good/));
    alerts.mockRestore();
    expect((await refundFailedCheckouts()).map((checkout) => checkout.id)).toEqual([checkoutId]);

    const listing = await operatorCommand('refunds-failed.js');
    expect(listing.code).toBe(0);
    expect(listing.output).toContain('1 refund(s) failed for good and need an operator');
    expect(listing.output).toContain(checkoutId);
    expect(listing.output).toContain('$60.00');
    const preview = await operatorCommand('jobs-retry.js', '--dry-run');
    expect(preview.output).toContain(`Would replay the refund of 1 checkout(s) whose refund had failed for good: ${checkoutId}`);
    expect(await statusOf(checkoutId)).toBe('REFUND_FAILED');
    const refused = await operatorCommand('jobs-retry.js', '--queue', 'no-such-queue');
    expect(refused.code).toBe(2); // a usage error
    expect(refused.output).toMatch(/--queue must be one of/);
    expect(refused.output).toContain('usage: npm run jobs:retry');

    refusing.mockRestore();
    const retried = await operatorCommand('jobs-retry.js');
    expect(retried.code).toBe(0);
    expect(retried.output).toContain(`Replayed the refund of 1 checkout(s)`);
    expect(await runSagaJobs()).toEqual([]);
    expect(await statusOf(checkoutId)).toBe('REFUNDED');
    expect(await refundFailedCheckouts()).toEqual([]);
    expect((await operatorCommand('refunds-failed.js')).output).toContain('No refund has failed for good.');
  });
});

describe('npm run jobs:retry', () => {
  it('replays dead-lettered jobs into the queues they came from', async () => {
    const { checkoutId, productId, sessionId } = await pendingCheckout();
    const boss = await getBoss();
    await testProvider.expireSession(sessionId);
    // The release of the expired session failed for good (say, the database was down through every retry).
    await boss.send('checkout-release', { checkoutId });
    const [job] = await boss.fetch('checkout-release');
    await boss.fail('checkout-release', job!.id, { message: 'database unreachable (test)' });
    const deadLetters = await boss.findJobs('dead-letter', { queued: true });
    expect(deadLetters.map((dead) => dead.data)).toContainEqual({ checkoutId });

    expect((await replayDeadLetters({ queue: 'checkout-release', dryRun: true })).jobs).toEqual([{ name: 'checkout-release', count: 1 }]);
    await replayDeadLetters({ queue: 'checkout-release' });
    expect(await boss.findJobs('dead-letter', { queued: true })).toEqual([]);
    expect((await runOneJob('checkout-release')).ran).toBe(true);
    expect(await statusOf(checkoutId)).toBe('RELEASED');
    expect(await stockOf(productId)).toBe(5);
  });
});
