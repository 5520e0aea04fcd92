// Starts the web server (and, unless RUN_WORKER=0, the job worker in the same process), and shuts
// both down gracefully on SIGTERM/SIGINT (./shutdown.ts): stop accepting connections and fetching
// jobs, answer the requests and finish the jobs in flight, stop pg-boss, close the pools, stop the
// embedded database.
import { once } from 'node:events';
import { statSync, watch } from 'node:fs';
import path from 'node:path';
import { broadcastDevReady, type ServerBuild } from '@remix-run/node';
import { disconnectDb } from '~/utils/db.server.ts';
import { getBoss, stopBoss } from '~/utils/jobs.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { startWorker } from '../jobs/handlers.ts';
import { createApp, listen } from './app.ts';
import { startPrivateMetricsListener } from './metrics-endpoint.ts';
import { APP_BUILD_PATH, loadAppBuild } from './app-build.ts';
import { exitOnStartupError, prepareRuntime } from './runtime.ts';
import { drainableServer, exitGracefullyOnSignals, SHUTDOWN_GRACE_MS } from './shutdown.ts';

/** `build` is the app's build this code runs from (./app-build.ts). */
export async function startWeb({ build, dev }: { build: ServerBuild; dev: boolean }) {
  // Installed first: a signal during start-up waits for it, then shuts down; and the embedded
  // database's import drops the signal listeners added while it loads (embedded-postgres.ts).
  exitGracefullyOnSignals(async () => {
    const { draining, worker, closeApp, runtime } = await starting;
    const [{ cut }] = await Promise.all([draining.close(SHUTDOWN_GRACE_MS), worker?.drain(SHUTDOWN_GRACE_MS)]);
    if (cut) logger().error(`${cut} request(s) still unanswered after ${SHUTDOWN_GRACE_MS / 1000} s were cut`);
    // Only now: the last requests may have sent jobs.
    await stopBoss(1_000);
    await Promise.all([closeApp(), disconnectDb()]);
    await runtime.stopDatabase();
  });
  const starting = start({ build, dev });
  const { server, runtime, devReload } = await starting;
  const { port } = server.address() as { port: number };
  const url = runtime.env.APP_URL ?? `http://localhost:${port}`;
  await startPrivateMetricsListener();
  logger().info({ url }, `REEN is ready at ${url}${runtime.embedded ? ' (embedded PostgreSQL)' : ''}`);
  // Only the routes come from each new build: the server and the worker keep the first build's code.
  if (dev) logger().info('Live reload covers the pages (routes and what they import); after a change in server/ or jobs/ (the worker), restart `npm run dev`');
  await devReload?.ready();
  return server;
}

async function start({ build: firstBuild, dev }: { build: ServerBuild; dev: boolean }) {
  const runtime = await prepareRuntime({ seed: true }).catch(exitOnStartupError);
  const devReload = dev ? devBuild(firstBuild) : null;
  const build = devReload ? devReload.current : firstBuild;

  // Declares the queues before any request can send a job (see enqueue).
  await getBoss().catch(exitOnStartupError);
  const worker = runtime.env.RUN_WORKER ? await startWorker().catch(exitOnStartupError) : null;

  const { app, close: closeApp } = createApp({ build, mode: dev ? 'development' : 'production', databaseUrl: runtime.databaseUrl });
  const { HOST, PORT } = runtime.env;
  const server = listen(app, PORT, HOST);
  const draining = drainableServer(server);
  await once(server, 'listening').catch(exitOnStartupError);
  return { runtime, devReload, worker, closeApp, server, draining };
}

/**
 * In `remix dev`, loads the build again whenever the compiler writes a new one. Each new build
 * brings its own copy of the app's modules: what they must share with the first is kept across
 * rebuilds (app/utils/dev-rebuilds.server.ts).
 */
function devBuild(firstBuild: ServerBuild) {
  let build = firstBuild;
  watch(path.join(path.dirname(APP_BUILD_PATH), 'version.txt'), async () => {
    build = await loadAppBuild(statSync(APP_BUILD_PATH).mtimeMs);
    await broadcastDevReady(build);
  });
  return { current: async () => build, ready: () => broadcastDevReady(build) };
}
