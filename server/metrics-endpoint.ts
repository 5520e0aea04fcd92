// /metrics in Prometheus's text format, in two places:
// - on the web port, reachable from the internet: open outside production; with APP_ENV=production
//   it answers only `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise), and 404 while
//   METRICS_TOKEN is unset (start-up warns once);
// - on a private listener (METRICS_PORT; 9091 by default with APP_ENV=production, off otherwise),
//   without a token: Fly's scraper (fly.toml [[metrics]]) cannot send one. It binds one private
//   address, METRICS_HOST (127.0.0.1 by default; on Fly the machine's private network address,
//   fly-local-6pn), never every interface: a public address would serve it to the internet. The
//   worker process has no other HTTP port, so its job metrics are served only there.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { env } from '~/utils/env.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { metrics } from '~/utils/metrics.server.ts';

const DEFAULT_METRICS_PORT = 9091;

/** The handler of /metrics on the public web port (token rule above). */
export function publicMetrics(): (req: IncomingMessage, res: ServerResponse) => void {
  const { APP_ENV, METRICS_TOKEN } = env();
  const guarded = APP_ENV === 'production';
  if (guarded && !METRICS_TOKEN) logger().warn('METRICS_TOKEN is not set: /metrics answers 404 on the web port (the private metrics port still serves it)');
  return (req, res) => {
    if (guarded && !METRICS_TOKEN) return answer(res, 404, 'Not found');
    if (guarded && !bearerMatches(req.headers.authorization, METRICS_TOKEN!)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return answer(res, 401, 'Unauthorized: send Authorization: Bearer <METRICS_TOKEN>');
    }
    void sendMetrics(res);
  };
}

/**
 * Starts the private metrics listener when METRICS_PORT is set or in production. A port already in
 * use is logged, not fatal: metrics are not worth stopping the shop for.
 */
export async function startPrivateMetricsListener(): Promise<Server | null> {
  const { APP_ENV, METRICS_PORT, METRICS_HOST } = env();
  const port = METRICS_PORT ?? (APP_ENV === 'production' ? DEFAULT_METRICS_PORT : undefined);
  if (port === undefined) return null;
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') return answer(res, 404, 'Not found');
    void sendMetrics(res);
  });
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, METRICS_HOST, resolve));
  } catch (error) {
    logger().error({ err: error, port, host: METRICS_HOST }, 'the private metrics listener could not start');
    return null;
  }
  // Never what keeps the process alive at shutdown.
  server.unref();
  const { port: bound, address } = server.address() as { port: number; address: string };
  const shown = address.includes(':') ? `[${address}]` : address;
  logger().info({ port: bound, host: address }, `metrics at http://${shown}:${bound}/metrics`);
  return server;
}

async function sendMetrics(res: ServerResponse) {
  const { registry } = metrics();
  try {
    const body = await registry.metrics();
    res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).end(body);
  } catch (error) {
    logger().error({ err: error }, 'collecting the metrics failed');
    answer(res, 500, 'Collecting the metrics failed');
  }
}

function answer(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(message);
}

/** Constant time: digests of equal length are compared, whatever the length of what was sent. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const sent = /^Bearer (\S+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(sent), digest(token));
}
