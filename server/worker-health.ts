// The worker's health endpoint, for Fly's top-level check on the `worker` process group (fly.toml
// [checks.worker]): the worker serves no traffic, so nothing else tells a stuck or cut-off worker
// machine apart. GET /healthz answers `ok` while the process runs and its database answers
// `SELECT 1` (2 s), else 503. Fly's checks need the port on 0.0.0.0; no service routes it, and it
// tells nothing but ok or not. WORKER_HEALTH_PORT: 8081 by default with APP_ENV=production, else off.
import { createServer, type Server } from 'node:http';
import pg from 'pg';
import { env } from '~/utils/env.server.ts';
import { logger } from '~/utils/logger.server.ts';

export const DEFAULT_WORKER_HEALTH_PORT = 8081;

export async function startWorkerHealthListener(databaseUrl: string): Promise<{ close: () => Promise<void> } | null> {
  const { APP_ENV, WORKER_HEALTH_PORT } = env();
  const port = WORKER_HEALTH_PORT ?? (APP_ENV === 'production' ? DEFAULT_WORKER_HEALTH_PORT : undefined);
  if (port === undefined) return null;
  const database = new pg.Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 2_000, idleTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not crash the process; the check reports it.
  database.on('error', () => {});
  const server: Server = createServer(async (req, res) => {
    const answer = (status: number, text: string) =>
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(text);
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/healthz') return answer(404, 'Not found');
    try {
      await database.query('SELECT 1');
      answer(200, 'ok');
    } catch {
      answer(503, 'database unreachable');
    }
  });
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '0.0.0.0', resolve));
  } catch (error) {
    logger().error({ err: error, port }, 'the worker health listener could not start');
    await database.end();
    return null;
  }
  server.unref();
  logger().info({ port: (server.address() as { port: number }).port }, 'worker health check at /healthz');
  return {
    // At shutdown: the check fails from then on, as the worker stops taking jobs.
    close: async () => {
      server.close();
      server.closeAllConnections();
      await database.end();
    },
  };
}
