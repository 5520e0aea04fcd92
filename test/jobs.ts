// Plays the worker in tests that decide themselves when jobs run: takes the oldest job of a queue,
// runs its real handler and settles it, as jobs/handlers.ts does (a failure is retried or
// dead-lettered by pg-boss according to the queue's policy).
import { getDb } from '~/utils/db.server.ts';
import { getBoss, type QueueName } from '~/utils/jobs.server.ts';
import { handleCheckoutCompensate, handleCheckoutComplete, handleCheckoutRelease, handleRefundFailed } from '../jobs/checkout.ts';

/** The checkout saga's queues and their handlers (emails are not part of the saga). */
const SAGA_HANDLERS: Partial<Record<QueueName, (data: never) => Promise<void>>> = {
  'checkout-complete': handleCheckoutComplete,
  'checkout-release': handleCheckoutRelease,
  'checkout-compensate': handleCheckoutCompensate,
  'checkout-refund-failed': handleRefundFailed,
};
const SAGA_QUEUES = Object.keys(SAGA_HANDLERS) as QueueName[];

export type JobRun = { ran: false } | { ran: true; error?: unknown };

export async function runOneJob(queue: QueueName): Promise<JobRun> {
  const boss = await getBoss();
  const [job] = await boss.fetch<never>(queue, { batchSize: 1 });
  if (!job) return { ran: false };
  try {
    await SAGA_HANDLERS[queue]!(job.data);
  } catch (error) {
    await boss.fail(queue, job.id, { message: (error as Error).message });
    return { ran: true, error };
  }
  await boss.complete(queue, job.id);
  return { ran: true };
}

/** The saga queues that have a job waiting to run now. */
export async function queuesWithJobs(): Promise<QueueName[]> {
  const rows = await getDb().$queryRaw<{ name: QueueName }[]>`
    SELECT DISTINCT name FROM pgboss.job WHERE name = ANY(${SAGA_QUEUES}) AND state IN ('created', 'retry') AND start_after <= now() ORDER BY name`;
  return rows.map((row) => row.name);
}

/** Runs saga jobs until none is waiting; returns the errors the handlers threw. */
export async function runSagaJobs(): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (let queues = await queuesWithJobs(); queues.length; queues = await queuesWithJobs()) {
    for (const queue of queues) {
      const run = await runOneJob(queue);
      if (run.ran && run.error) errors.push(run.error);
    }
  }
  return errors;
}
