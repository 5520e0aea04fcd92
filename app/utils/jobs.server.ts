// pg-boss on the app's own database. Jobs are sent inside the Prisma transaction that writes the
// data they are about: if it rolls back, the job was never sent.
import { fromPrisma, PgBoss } from 'pg-boss';
import { queuePolicies, type QueueName, type QueuePayloads } from './queues.ts';
import { databaseUrl, poolLifetime } from './db.server.ts';
import { keptAcrossDevRebuilds } from './dev-rebuilds.server.ts';
import { env } from './env.server.ts';
import { throttledErrorLog } from './throttled-error-log.server.ts';
import type { Tx } from './transaction.server.ts';

const boss = keptAcrossDevRebuilds('boss', () => ({ current: undefined as Promise<PgBoss> | undefined }));

export type { QueueName, QueuePayloads };

const SUPERVISE_SECONDS = 10;

/** The process's pg-boss instance, started once (installing or upgrading its schema if needed). */
export function getBoss(): Promise<PgBoss> {
  boss.current ??= (async () => {
    const boss = new PgBoss({
      // pg-boss hands its options to pg.Pool, which honours the lifetime (not in pg-boss's types).
      ...(poolLifetime() as object),
      connectionString: databaseUrl(),
      schema: 'pgboss',
      max: 4,
      application_name: 'reen-jobs',
      // The supervisor's monitor is what hands a dead worker's expired job to another one; pg-boss's
      // default (a pass a minute) would leave a checkout unsettled a minute past JOB_EXPIRE_SECONDS.
      superviseIntervalSeconds: SUPERVISE_SECONDS,
      monitorIntervalSeconds: SUPERVISE_SECONDS,
    });
    boss.on('error', throttledErrorLog('pg-boss error'));
    await boss.start();
    await declareQueues(boss);
    return boss;
  })().catch((error) => {
    boss.current = undefined;
    throw error;
  });
  return boss.current;
}

/** Stops pg-boss, letting running jobs finish (up to timeoutMs). */
export async function stopBoss(timeoutMs = 10_000) {
  const pending = boss.current;
  boss.current = undefined;
  if (!pending) return;
  const started = await pending.catch(() => null);
  await started?.stop({ graceful: true, timeout: timeoutMs, close: true });
}

async function declareQueues(boss: PgBoss) {
  const { JOB_EXPIRE_SECONDS, JOB_RETRY_LIMIT, JOB_RETRY_DELAY_SECONDS } = env();
  const policies = queuePolicies({
    expireInSeconds: JOB_EXPIRE_SECONDS,
    retryLimit: JOB_RETRY_LIMIT,
    retryDelay: JOB_RETRY_DELAY_SECONDS,
  });
  // A queue must exist before another names it as its dead-letter queue.
  const pending = Object.keys(policies) as QueueName[];
  const declared = new Set<string>();
  while (pending.length) {
    const index = pending.findIndex((name) => {
      const target = policies[name].deadLetter;
      return !target || target === name || declared.has(target);
    });
    if (index < 0) throw new Error(`dead-letter queues form a cycle: ${pending.join(', ')}`);
    const [name] = pending.splice(index, 1) as [QueueName];
    const policy = policies[name];
    if (await boss.getQueue(name)) {
      // A policy changed in queues.ts applies to a queue created by an earlier release too.
      await boss.updateQueue(name, policy);
    } else {
      await boss.createQueue(name, policy);
    }
    declared.add(name);
  }
}

/**
 * Sends a job as part of the transaction `tx`: committed with it, or never sent.
 * The queues must exist before the transaction takes its snapshot, so every process calls
 * getBoss() at start-up (a queue created later is invisible to it: foreign key violation).
 */
export async function enqueue<Q extends QueueName>(
  tx: Tx,
  queue: Q,
  data: QueuePayloads[Q],
  options: { singletonKey?: string; singletonSeconds?: number; startAfter?: number } = {},
) {
  const boss = await getBoss();
  return boss.send(queue, data, { ...options, db: fromPrisma(tx) });
}
