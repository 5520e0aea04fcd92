// The Express server in front of Remix: we own request ids, request logs and metrics
// (./request-observer.ts, /metrics), security headers (./security.ts), CSRF and malformed-address
// refusal, body limits, compression, static caching and the health endpoints.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express, { type RequestHandler } from 'express';
import pg from 'pg';
import { env } from '~/utils/env.server.ts';
import { runInRequestScope } from '~/utils/request-scope.server.ts';
import { publicMetrics } from './metrics-endpoint.ts';
import { projectRoot } from './project-root.ts';
import { labelRemixRoute, labelRoute, observeRequests } from './request-observer.ts';
import { refuseCrossSiteWrites, securityHeaders, type SecurityOptions } from './security.ts';

/** Forms are small; a webhook event (Stripe's, Clerk's) can carry a whole object. */
export const MAX_FORM_BYTES = 100 * 1024;
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

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
  // One proxy (Fly's) stands in front: req.ip is the address it saw, which a client cannot forge.
  app.set('trust proxy', 1);

  const security: SecurityOptions = {
    imageUrlTemplate: env().IMAGE_URL_TEMPLATE,
    appUrl: env().APP_URL,
    clerkPublishableKey: env().CLERK_PUBLISHABLE_KEY,
  };
  app.use(requestId);
  app.use(observeRequests);
  app.use(securityHeaders(security));
  app.use(refuseMalformedUrls);
  app.use(limitBodySize);
  app.use(refuseCrossSiteWrites(security));
  app.use(discardUnreadBodies);
  // A webhook's answer is a few bytes for a machine: compressing it only costs a zlib stream (Remix
  // sends no Content-Length, so the size threshold cannot tell).
  app.use(compression({ filter: (req, res) => !req.path.startsWith('/webhooks/') && compression.filter(req, res) }));

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

  // Remix fingerprints everything under /build/, so it can be cached for good.
  app.use('/build', labelRoute('static'), express.static(path.join(root, 'public/build'), { immutable: true, maxAge: '1y' }));
  // The other public files (favicon.ico) have an extension and pages never do: pages skip the lookup.
  const publicFiles = express.static(path.join(root, 'public'), { maxAge: '1h' });
  app.use((req, res, next) => {
    if (!path.extname(req.path)) return next();
    res.locals.route = 'static';
    publicFiles(req, res, next);
  });

  app.all(
    '*',
    labelRemixRoute(build),
    (_req, res, next) => runInRequestScope(next, { appendCookie: (setCookie) => res.append('Set-Cookie', setCookie) }),
    createRequestHandler({
      build,
      mode,
      getLoadContext: (req, res) => ({ cspNonce: String(res.locals.cspNonce), clientIp: req.ip ?? 'unknown' }),
    }),
  );
  return { app, close: () => readiness.end() };
}

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
  res.on('finish', () => {
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
    res.status(413).type('text/plain').send(`Request body too large: at most ${limit / 1024} KB here.`);
    return;
  }
  next();
};
