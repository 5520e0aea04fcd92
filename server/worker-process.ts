// The job worker alone (`npm run worker`, e.g. Fly's `worker` process group). On SIGTERM/SIGINT it
// stops fetching, lets the jobs in hand finish (./shutdown.ts), stops pg-boss and closes the pools.
import { disconnectDb } from '~/utils/db.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { startWorker } from '../jobs/handlers.ts';
import { startPrivateMetricsListener } from './metrics-endpoint.ts';
import { startWorkerHealthListener } from './worker-health.ts';
import { exitOnStartupError, prepareRuntime } from './runtime.ts';
import { exitGracefullyOnSignals, SHUTDOWN_GRACE_MS } from './shutdown.ts';

export async function runWorkerProcess() {
  let health: Awaited<ReturnType<typeof startWorkerHealthListener>> = null;
  // Installed first: a signal during start-up waits for it, then shuts down; and the embedded
  // database's import drops the signal listeners added while it loads (embedded-postgres.ts).
  exitGracefullyOnSignals(async () => {
    const { runtime, worker } = await starting;
    await health?.close();
    await worker.stop(SHUTDOWN_GRACE_MS);
    await disconnectDb();
    await runtime.stopDatabase();
  });
  const starting = (async () => {
    const runtime = await prepareRuntime({ seed: false }).catch(exitOnStartupError);
    health = await startWorkerHealthListener(runtime.databaseUrl);
    const worker = await startWorker().catch(exitOnStartupError);
    return { runtime, worker };
  })();
  await starting;
  await startPrivateMetricsListener();
  logger().info('REEN worker is running');
}
