// `npm run worker`: the job worker alone (e.g. Fly's `worker` process group).
import './production-mode.ts';
import { disconnectDb } from '~/utils/db.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { startWorker } from '../jobs/worker.ts';
import { startPrivateMetricsListener } from './metrics-endpoint.ts';
import { exitOnStartupError, prepareRuntime } from './runtime.ts';

const runtime = await prepareRuntime({ seed: false }).catch(exitOnStartupError);
const worker = await startWorker().catch(exitOnStartupError);
await startPrivateMetricsListener();
logger().info('REEN worker is running');

const shutdown = async (signal: string) => {
  logger().info(`${signal}: stopping the worker`);
  await worker.stop();
  await disconnectDb();
  await runtime.stopDatabase();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
