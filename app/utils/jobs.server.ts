// pg-boss on the app's own database. Jobs are sent inside the Prisma transaction that writes the
// data they are about: if it rolls back, the job was never sent.
import { fromPrisma, PgBoss } from 'pg-boss';
import { DEAD_LETTER_QUEUE, queuePolicies, type QueueName, type QueuePayloads } from '../../jobs/queues.ts';
import { databaseUrl } from './db.server.ts';
import { env } from './env.server.ts';
import type { Tx } from './transaction.server.ts';

declare global {
  // eslint-disable-next-line no-var
  var __reenBoss: Promise<PgBoss> | undefined;
}

export type { QueueName, QueuePayloads };

/** The process's pg-boss instance, started once (installing or upgrading its schema if needed). */
export function getBoss(): Promise<PgBoss> {
  globalThis.__reenBoss ??= (async () => {
    const boss = new PgBoss({ connectionString: databaseUrl(), schema: 'pgboss', max: 4, application_name: 'reen-jobs' });
    boss.on('error', (error) => console.error('[jobs]', error));
    await boss.start();
    await declareQueues(boss);
    return boss;
  })().catch((error) => {
    globalThis.__reenBoss = undefined;
    throw error;
  });
  return globalThis.__reenBoss;
}

/** Stops pg-boss, letting running jobs finish (up to timeoutMs). */
export async function stopBoss(timeoutMs = 10_000) {
  const pending = globalThis.__reenBoss;
  globalThis.__reenBoss = undefined;
  if (!pending) return;
  const boss = await pending.catch(() => null);
  await boss?.stop({ graceful: true, timeout: timeoutMs, close: true });
}

async function declareQueues(boss: PgBoss) {
  const { JOB_EXPIRE_SECONDS, JOB_RETRY_LIMIT, JOB_RETRY_DELAY_SECONDS } = env();
  const policies = queuePolicies({
    expireInSeconds: JOB_EXPIRE_SECONDS,
    retryLimit: JOB_RETRY_LIMIT,
    retryDelay: JOB_RETRY_DELAY_SECONDS,
  });
  // The dead-letter queue first: the others refer to it.
  const others = (Object.keys(policies) as QueueName[]).filter((name) => name !== DEAD_LETTER_QUEUE);
  const inOrder: QueueName[] = [DEAD_LETTER_QUEUE, ...others];
  for (const name of inOrder) {
    const policy = policies[name];
    if (!(await boss.getQueue(name))) {
      await boss.createQueue(name, policy);
      continue;
    }
    // A policy changed in queues.ts applies to a queue created by an earlier release too.
    await boss.updateQueue(name, policy);
  }
}

/**
 * Sends a job as part of the transaction `tx`: committed with it, or never sent.
 * The queues must exist before the transaction takes its snapshot, so every process calls
 * getBoss() at start-up (a queue created later is invisible to it: foreign key violation).
 */
export async function enqueue<Q extends QueueName>(tx: Tx, queue: Q, data: QueuePayloads[Q], options: { singletonKey?: string; startAfter?: number } = {}) {
  const boss = await getBoss();
  return boss.send(queue, data, { ...options, db: fromPrisma(tx) });
}
