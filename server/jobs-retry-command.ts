// `npm run jobs:retry`: replays dead-lettered jobs into the queues they came from, and retries the
// refunds that failed for good. `-- --dry-run` only shows what it would replay; `-- --queue <name>`
// replays only jobs that came from that queue.
import { parseArgs } from 'node:util';
import { disconnectDb } from '~/utils/db.server.ts';
import { stopBoss } from '~/utils/jobs.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { replayDeadLetters } from '../jobs/dead-letters.ts';
import { queuePolicies, type QueueName } from '~/utils/queues.ts';
import { exitOnStartupError, prepareRuntime } from './runtime.ts';

const QUEUES = Object.keys(queuePolicies({ expireInSeconds: 1, retryLimit: 0, retryDelay: 1 })) as QueueName[];

const USAGE = 'usage: npm run jobs:retry -- [--dry-run] [--queue <queue>]';

/** A mistyped command line is a usage error: say how to call it, without a stack (exit 2). */
function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

export async function runJobsRetryCommand() {
  let values: { 'dry-run': boolean; queue?: string };
  try {
    ({ values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, queue: { type: 'string' } } }));
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  const queue = values.queue as QueueName | undefined;
  if (queue && !QUEUES.includes(queue)) usageError(`--queue must be one of: ${QUEUES.join(', ')}`);

  const runtime = await prepareRuntime({ seed: false }).catch(exitOnStartupError);
  try {
    const dryRun = values['dry-run'];
    const { jobs, refunds } = await replayDeadLetters({ queue, dryRun });
    const verb = dryRun ? 'Would replay' : 'Replayed';
    const moved = jobs.reduce((sum, { count }) => sum + count, 0);
    console.log(`${verb} ${moved} dead-lettered job(s)${jobs.length ? `: ${jobs.map(({ name, count }) => `${count} to ${name}`).join(', ')}` : ''}`);
    console.log(`${verb} the refund of ${refunds.length} checkout(s) whose refund had failed for good${refunds.length ? `: ${refunds.join(', ')}` : ''}`);
  } catch (error) {
    logger().error({ err: error }, 'jobs:retry failed');
    process.exitCode = 1;
  } finally {
    await stopBoss();
    await disconnectDb();
    await runtime.stopDatabase();
  }
}
