// What the job worker does: the handler of each queue (a file each in jobs/) and the schedules,
// registered with pg-boss by startWorker. It runs inside `npm start` by default (RUN_WORKER=1) and
// alone with `npm run worker` (server/worker-process.ts). pg-boss retries failed jobs, so every
// handler must be idempotent. Each job runs in a log scope with its id and queue, and is counted
// and timed in the metrics; the worker also reports the depth of every queue at scrape time.
import type { Job, JobResult, PgBoss } from 'pg-boss';
import { env } from '~/utils/env.server.ts';
import { getBoss, stopBoss } from '~/utils/jobs.server.ts';
import { logger, withLogContext } from '~/utils/logger.server.ts';
import { closeMailTransport } from '~/utils/mail.server.ts';
import { metrics } from '~/utils/metrics.server.ts';
import type { QueueName, QueuePayloads } from '~/utils/queues.ts';
import { handleClerkUserDelete, handleClerkUserSync } from './clerk.ts';
import { handleEconomyRollup } from './economy.ts';
import { handleCheckoutCompensate, handleCheckoutComplete, handleCheckoutRelease, handleCheckoutSweep, handleRefundFailed } from './checkout.ts';
import { handleRateLimitsPrune } from './rate-limits.ts';
import { handleCheckoutReconcile } from './reconcile.ts';
import { handleSendEmail } from './send-email.ts';
import { handleSessionsPrune } from './sessions.ts';
import { handleTestPaymentWebhook } from './test-payments.ts';

export type WorkQueue = Exclude<QueueName, 'dead-letter'>;
type Handlers = { [Q in WorkQueue]: (data: QueuePayloads[Q], job: Job<QueuePayloads[Q]>) => Promise<void> };

const HANDLERS: Handlers = {
  'send-email': handleSendEmail,
  'checkout-complete': handleCheckoutComplete,
  'checkout-release': handleCheckoutRelease,
  'checkout-compensate': handleCheckoutCompensate,
  'checkout-refund-failed': handleRefundFailed,
  'checkout-sweep': handleCheckoutSweep,
  'checkout-reconcile': handleCheckoutReconcile,
  'rate-limits-prune': handleRateLimitsPrune,
  'sessions-prune': handleSessionsPrune,
  'economy-rollup': handleEconomyRollup,
  'clerk-user-sync': handleClerkUserSync,
  'clerk-user-delete': handleClerkUserDelete,
  'test-payment-webhook': handleTestPaymentWebhook,
};

/** Cron schedules (pg-boss keeps them in the database; every worker may declare them). */
const SCHEDULES: { queue: WorkQueue; cron: string }[] = [
  { queue: 'checkout-sweep', cron: '* * * * *' },
  { queue: 'checkout-reconcile', cron: '*/10 * * * *' },
  { queue: 'rate-limits-prune', cron: '17 * * * *' },
  { queue: 'sessions-prune', cron: '47 * * * *' },
  { queue: 'economy-rollup', cron: '*/5 * * * *' },
];

export type Worker = {
  /**
   * Stops fetching and waits up to graceMs for the batches in hand to finish. pg-boss stays up: a
   * web process still sends jobs while its last requests are answered.
   */
  drain: (graceMs: number) => Promise<void>;
  /** drain, then stop pg-boss: a job still running is failed (to be retried by another worker) and the pool closes. */
  stop: (graceMs?: number) => Promise<void>;
};

/** Works every queue, or only `queues` (tests that must not take each other's jobs). */
export async function startWorker({ queues = Object.keys(HANDLERS) as WorkQueue[] }: { queues?: WorkQueue[] } = {}): Promise<Worker> {
  const boss = await getBoss();
  for (const queue of queues) await register(boss, queue, HANDLERS[queue]);
  for (const { queue, cron } of SCHEDULES) if (queues.includes(queue)) await boss.schedule(queue, cron, {});
  metrics().reportQueueDepth(() => boss.getQueues());
  const drain = async (graceMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    const finished = Promise.allSettled(queues.map((queue) => boss.offWork(queue, { wait: true })));
    await Promise.race([finished, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  };
  return {
    drain,
    stop: async (graceMs = 10_000) => {
      metrics().reportQueueDepth(null);
      await drain(graceMs);
      closeMailTransport();
      // A job still running has had its grace: pg-boss fails it after at most 1 s more (its least).
      await stopBoss(1_000);
    },
  };
}

/**
 * How each queue is worked. A worker takes up to BATCH_SIZE jobs per fetch and fetches again at
 * once while fetches come back full, so a backlog drains without waiting out the polling interval
 * between jobs (one job per fetch and a 1 s interval capped a queue at one job a second). An idle
 * queue is asked again every JOB_POLLING_INTERVAL_SECONDS. The jobs of a batch run one after
 * another, and each is settled on its own: a failure retries that job only.
 *
 * A queue may run several such loops side by side (CONCURRENCY). One completion at a time waits on
 * the database for most of its round trips, which capped the checkouts a worker completes; two side
 * by side completed more with few more conflicts (two completions collide only when they pay the
 * same seller), four raised the conflicts and completed fewer (figures in bench/README.md). Emails
 * claim only their own rows, so they never conflict, and over SMTP they wait on the network.
 */
const BATCH_SIZE = 8;
const CONCURRENCY: Partial<Record<WorkQueue, number>> = { 'checkout-complete': 2, 'send-email': 4 };

async function register<Q extends WorkQueue>(boss: PgBoss, queue: Q, handler: Handlers[Q]) {
  await boss.work<QueuePayloads[Q]>(
    queue,
    {
      batchSize: BATCH_SIZE,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: env().JOB_POLLING_INTERVAL_SECONDS,
      perJobResults: true,
      localConcurrency: CONCURRENCY[queue] ?? 1,
    },
    async (jobs) => {
      const results: JobResult[] = [];
      for (const job of jobs) results.push(await withLogContext({ jobId: job.id, queue }, () => runJob(queue, job, handler)));
      return results;
    },
  );
}

async function runJob<Q extends WorkQueue>(queue: Q, job: Job<QueuePayloads[Q]>, handler: Handlers[Q]): Promise<JobResult> {
  const started = process.hrtime.bigint();
  const finish = (outcome: 'completed' | 'failed') => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics().jobsProcessed.inc({ queue, outcome });
    metrics().jobDuration.observe({ queue, outcome }, seconds);
    return Math.round(seconds * 1e4) / 10;
  };
  try {
    await handler(job.data, job);
    logger().info({ durationMs: finish('completed') }, `job ${queue} completed`);
    return { id: job.id, status: 'completed' };
  } catch (error) {
    logger().error({ err: error, durationMs: finish('failed') }, `job ${queue} failed (retried while retries remain)`);
    // Stored as the job's output, as pg-boss stores an error thrown by a handler.
    return { id: job.id, status: 'failed', output: error };
  }
}
