// Starts the web server (and, unless RUN_WORKER=0, the job worker in the same process), and shuts
// both down gracefully on SIGTERM/SIGINT (./shutdown.ts): stop accepting connections and fetching
// jobs, answer the requests and finish the jobs in flight, stop pg-boss, close the pools, stop the
// embedded database.
import { once } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { disconnectDb } from '~/utils/db.server.ts';
import { getBoss, stopBoss } from '~/utils/jobs.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { startWorker } from '../jobs/handlers.ts';
import { createApp, listen } from './app.ts';
import { startPrivateMetricsListener } from './metrics-endpoint.ts';
import { projectRoot } from './project-root.ts';
import { exitOnStartupError, prepareRuntime } from './runtime.ts';
import { drainableServer, exitGracefullyOnSignals, SHUTDOWN_GRACE_MS } from './shutdown.ts';

export async function startWeb({ dev }: { dev: boolean }) {
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
  const starting = start({ dev });
  const { server, runtime, devReload } = await starting;
  const { port } = server.address() as { port: number };
  const url = runtime.env.APP_URL ?? `http://localhost:${port}`;
  await startPrivateMetricsListener();
  logger().info({ url }, `REEN is ready at ${url}${runtime.embedded ? ' (embedded PostgreSQL)' : ''}`);
  // Only the Remix build is reloaded: this process, and the worker inside it, keep their code.
  if (dev) logger().info('Live reload covers the pages (routes and what they import); after a change in server/ or jobs/ (the worker), restart `npm run dev`');
  await devReload?.ready();
  return server;
}

async function start({ dev }: { dev: boolean }) {
  const runtime = await prepareRuntime({ seed: true }).catch(exitOnStartupError);
  const buildPath = path.join(projectRoot(), 'build/index.js');
  const devReload = dev ? await devBuild(buildPath) : null;
  const build = devReload ? devReload.current : ((await import(pathToFileURL(buildPath).href)) as ServerBuild);

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
