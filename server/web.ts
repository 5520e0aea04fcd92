// Starts the web server (and, unless RUN_WORKER=0, the job worker in the same process), and shuts
// both down gracefully on SIGTERM/SIGINT: stop accepting, finish in-flight requests and jobs,
// close the pools, stop the embedded database.
import type { Server } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { disconnectDb } from '~/utils/db.server.ts';
import { getBoss, stopBoss } from '~/utils/jobs.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { startWorker } from '../jobs/worker.ts';
import { createApp } from './app.ts';
import { startPrivateMetricsListener } from './metrics-endpoint.ts';
import { projectRoot } from './project-root.ts';
import { exitOnStartupError, prepareRuntime } from './runtime.ts';

const SHUTDOWN_GRACE_MS = 10_000;

export async function startWeb({ dev }: { dev: boolean }) {
  const runtime = await prepareRuntime({ seed: true }).catch(exitOnStartupError);
  const buildPath = path.join(projectRoot(), 'build/index.js');
  const devReload = dev ? await devBuild(buildPath) : null;
  const build = devReload ? devReload.current : ((await import(pathToFileURL(buildPath).href)) as ServerBuild);

  // Declares the queues before any request can send a job (see enqueue).
  await getBoss().catch(exitOnStartupError);
  if (runtime.env.RUN_WORKER) await startWorker().catch(exitOnStartupError);

  const { app, close } = createApp({ build, mode: dev ? 'development' : 'production', databaseUrl: runtime.databaseUrl });
  const { HOST, PORT } = runtime.env;
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(PORT, HOST, () => resolve(listening)).on('error', reject);
  }).catch(exitOnStartupError);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger().info(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS * 2).unref();
    await Promise.all([
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
      // Stops the in-process worker too: no new jobs, running ones finish.
      stopBoss(SHUTDOWN_GRACE_MS),
    ]);
    await Promise.all([close(), disconnectDb()]);
    await runtime.stopDatabase();
    clearTimeout(force);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  const { port } = server.address() as { port: number };
  const url = runtime.env.APP_URL ?? `http://localhost:${port}`;
  await startPrivateMetricsListener();
  logger().info({ url }, `REEN is ready at ${url}${runtime.embedded ? ' (embedded PostgreSQL)' : ''}`);
  await devReload?.ready();
  return server;
}

/** In `remix dev`, reloads the build whenever the compiler writes a new one. */
async function devBuild(buildPath: string) {
  const { broadcastDevReady } = await import('@remix-run/node');
  const { statSync, watch } = await import('node:fs');
  const load = async () =>
    (await import(`${pathToFileURL(buildPath).href}?t=${statSync(buildPath).mtimeMs}`)) as ServerBuild;
  let build = await load();
  watch(path.join(path.dirname(buildPath), 'version.txt'), async () => {
    build = await load();
    await broadcastDevReady(build);
  });
  return { current: async () => build, ready: () => broadcastDevReady(build) };
}
