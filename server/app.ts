// The Express server in front of Remix: we own request ids, request logs and metrics
// (./request-observer.ts, /metrics), security headers (./security.ts), CSRF and malformed-address
// refusal, body limits, compression, static caching and the health endpoints; and how it listens
// (listen below: timeouts, a cap on connections per client, the origin it is reached at).
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { constants as zlib } from 'node:zlib';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import expressStaticGzip from 'express-static-gzip';
import pg from 'pg';
import { currentPageVersion, recentSidebarCounts } from '~/models/page-version.server.ts';
import { env, isClerkMode } from '~/utils/env.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { runInRequestScope } from '~/utils/request-scope.server.ts';
import { clientAddress, rateLimitAddress, trustProxySetting } from './client-address.ts';
import { publicMetrics } from './metrics-endpoint.ts';
import { expressMessageClasses } from './express-messages.ts';
import { cookiesAndNoncesNeverShared, pageCache } from './page-cache.ts';
import { projectRoot } from './project-root.ts';
import { createRequestHandler } from './remix-handler.ts';
import { labelRemixRoute, labelRoute, observeRequests } from './request-observer.ts';
import { refuseCrossSiteWrites, securityHeaders, type SecurityOptions } from './security.ts';
import { pageOfDataPath } from './single-fetch.ts';
import { wholeAnswerCompression } from './whole-answer-compression.ts';

/** Forms are small; a webhook event (Stripe's, Clerk's) can carry a whole object. */
const MAX_FORM_BYTES = 100 * 1024;
const MAX_WEBHOOK_BYTES = 1024 * 1024;

export type AppOptions = {
  /** The Remix server build, or a function returning the current one (dev rebuilds). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: 'production' | 'development';
  databaseUrl: string;
};

export function createApp({ build, mode, databaseUrl }: AppOptions) {
  const root = projectRoot();
  const app = express();
  app.disable('x-powered-by');
  // Forwarding headers are believed only from the proxies CLIENT_IP_SOURCE says stand in front
  // (none by default): otherwise any client could name any address and walk past the rate limits.
  const clientIpSource = env().CLIENT_IP_SOURCE;
  app.set('trust proxy', trustProxySetting(clientIpSource));

  const security: SecurityOptions = {
    imageUrlTemplate: env().IMAGE_URL_TEMPLATE,
    appUrl: env().APP_URL,
    clerkPublishableKey: isClerkMode() ? env().CLERK_PUBLISHABLE_KEY : undefined,
    strictTransportSecurity: env().APP_ENV === 'production' && (env().APP_URL ?? '').startsWith('https://'),
  };
  app.use(requestId);
  app.use(observeRequests);
  app.use(securityHeaders(security));
  app.use(cookiesAndNoncesNeverShared);
  app.use(refuseMalformedUrls);
  app.use(limitBodySize);
  app.use(refuseCrossSiteWrites(security));
  app.use(discardUnreadBodies);
  // Pages are made per request, so they are compressed at Brotli's and gzip's fastest levels, and an
  // answer whose body comes whole (every page) in one call (whole-answer-compression.ts);
  // `compression` streams the others (docs/decisions/029-pages-compressed-whole.md). A webhook's
  // answer is a few bytes for a machine: compressing it only costs a zlib stream (Remix sends no
  // Content-Length, so the size threshold cannot tell).
  const compressible = (req: express.Request, res: express.Response) => !req.path.startsWith('/webhooks/') && compression.filter(req, res);
  app.use(compression({ level: 1, brotli: { params: { [zlib.BROTLI_PARAM_QUALITY]: 1 } }, filter: compressible }));
  app.use(wholeAnswerCompression({ filter: compressible }));

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').type('text/plain').send('ok');
  });
  const readiness = new pg.Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 2_000, idleTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not crash the process; /readyz reports it.
  readiness.on('error', () => {});
  app.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store').type('text/plain');
    try {
      await readiness.query('SELECT 1');
      res.send('ready');
    } catch {
      res.status(503).send('database unreachable');
    }
  });
  app.get('/metrics', publicMetrics());

  // Remix fingerprints everything under /build/, so it can be cached for good. Its scripts and
  // stylesheets go out as compressed at build time (scripts/precompress-assets.mjs): Brotli, else
  // gzip, else as they are; the compression above leaves an answer already encoded alone.
  app.use(
    '/build',
    labelRoute('static'),
    expressStaticGzip(path.join(root, 'public/build'), {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      serveStatic: { immutable: true, maxAge: '1y' },
    }),
  );
  // The other public files (favicon.ico) have an extension and pages never do: pages, and the data
  // of pages that JavaScript navigations ask for (`.data`), skip the lookup.
  const publicFiles = express.static(path.join(root, 'public'), { maxAge: '1h' });
  app.use((req, res, next) => {
    if (!path.extname(req.path) || pageOfDataPath(req.path) !== null) return next();
    res.locals.route = 'static';
    publicFiles(req, res, next);
  });

  const pages = pageCache({ readVersion: currentPageVersion, readExtraKey: recentSidebarCounts });
  app.all(
    '*',
    labelRemixRoute(build),
    pages.middleware,
    (_req, res, next) => runInRequestScope(next, { appendCookie: (setCookie) => res.append('Set-Cookie', setCookie) }),
    createRequestHandler({
      build,
      mode,
      getLoadContext: (req, res) => ({
        cspNonce: String(res.locals.cspNonce),
        clientIp: clientAddress(req, clientIpSource),
        appOrigin: appOriginOf(req.app),
      }),
    }),
  );
  app.use(answerErrors);
  return { app, close: () => readiness.end() };
}

/** Waiting for a request's headers, and for the whole request, before the connection is closed. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** Connections one client address may hold open at once (CLIENT_IP_SOURCE=socket); more are closed. */
export const MAX_CONNECTIONS_PER_CLIENT = 50;

/**
 * Serves `app` on `port` and `host`, and records the origin it is reached at: APP_URL, else this
 * server's own address (http://localhost:PORT when it listens on every interface). Return URLs
 * and the webhook URL are built from it, never from a request's Host or X-Forwarded-Host.
 * Node's defaults let a request take 300 s to arrive: slow clients could hold every connection.
 */
export function listen(app: Express, port: number, host: string): Server {
  const server = createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1_000, ...expressMessageClasses(app) },
    app,
  );
  // Behind a proxy every connection comes from the proxy: its own limits apply there (fly.toml).
  if (env().CLIENT_IP_SOURCE.kind === 'socket') capConnectionsPerClient(server, MAX_CONNECTIONS_PER_CLIENT);
  server.once('listening', () => {
    const { port: bound } = server.address() as { port: number };
    app.locals.appOrigin = configuredOrigin(env().APP_URL, host, bound);
  });
  server.listen(port, host);
  return server;
}

/** APP_URL's origin, else http://<host>:<port> of this server (localhost for every interface). */
function configuredOrigin(appUrl: string | undefined, host: string, port: number): string {
  if (appUrl) return new URL(appUrl).origin;
  const name = ['0.0.0.0', '::', '', '0:0:0:0:0:0:0:0'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

function appOriginOf(app: { locals: Record<string, unknown> }): string {
  // An app served without listen() (none today) falls back on the configured port.
  return (app.locals.appOrigin as string | undefined) ?? configuredOrigin(env().APP_URL, env().HOST, env().PORT);
}

function capConnectionsPerClient(server: Server, max: number) {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const key = rateLimitAddress(socket.remoteAddress ?? 'unknown');
    const count = open.get(key) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(key, count + 1);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}

/**
 * What reaches Express's own error handler (a body that cannot be read, a header Node refuses):
 * a client's mistake (4xx) is logged at info without a stack, ours at error, both as JSON lines;
 * Express's default would print the stack to stderr.
 */
const answerErrors: ErrorRequestHandler = (error, req, res, _next) => {
  const status = Number((error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode);
  const clientMistake = Number.isInteger(status) && status >= 400 && status < 500;
  if (clientMistake) logger().info({ status, method: req.method, path: req.path, reason: String((error as Error).message ?? error) }, 'request refused');
  else logger().error({ err: error, method: req.method, path: req.path }, 'the request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .status(clientMistake ? status : 500)
    .type('text/plain')
    .send(clientMistake ? 'Bad request.' : 'Something went wrong on our side. Please try again.');
};

const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  const id = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.set('X-Request-Id', id);
  next();
};

/**
 * A path that does not decode to UTF-8 text or that carries a NUL is refused: no route has a use
 * for either, and PostgreSQL cannot compare a NUL (looking one up would be a 500). In the query, a
 * NUL is dropped instead: list pages read a hand-edited query leniently (nonsense falls back to the
 * defaults), and a NUL can mean nothing there.
 */
const refuseMalformedUrls: RequestHandler = (req, res, next) => {
  const queryStart = req.originalUrl.indexOf('?');
  const pathname = queryStart < 0 ? req.originalUrl : req.originalUrl.slice(0, queryStart);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    res.status(400).type('text/plain').send('Bad request: the address is not valid UTF-8.');
    return;
  }
  if (decoded.includes('\0')) {
    res.status(400).type('text/plain').send('Bad request: the address contains a NUL character.');
    return;
  }
  if (queryStart >= 0 && /%00/i.test(req.originalUrl.slice(queryStart))) {
    const query = req.originalUrl.slice(queryStart).replace(/%00/gi, '');
    req.originalUrl = `${pathname}${query}`;
    req.url = req.originalUrl;
  }
  next();
};

/**
 * A route may answer without reading the body (a webhook without a signature, a refused request):
 * what is left of it would sit on the connection, and the next request sent on it would wait
 * forever behind it. It is read and dropped once the answer is sent (at most the body limit).
 */
const discardUnreadBodies: RequestHandler = (req, res, next) => {
  // Once: a listener left on the response would keep the request reachable through it.
  res.once('finish', () => {
    if (!req.readableEnded) req.resume();
  });
  next();
};

/**
 * Refuses bodies over MAX_FORM_BYTES (MAX_WEBHOOK_BYTES for /webhooks/) before Remix reads them. A
 * body without a declared length (chunked) cannot be checked up front, so it is refused: browsers'
 * forms and webhook senders always declare it.
 */
const limitBodySize: RequestHandler = (req, res, next) => {
  if (req.get('transfer-encoding') && !req.get('content-length')) {
    res.status(411).type('text/plain').send('Length Required');
    return;
  }
  const limit = req.path.startsWith('/webhooks/') ? MAX_WEBHOOK_BYTES : MAX_FORM_BYTES;
  if (Number(req.get('content-length') ?? 0) > limit) {
    res
      .status(413)
      .type('text/plain')
      .send(`Request body too large: at most ${limit / 1024} KB here.`);
    return;
  }
  next();
};
