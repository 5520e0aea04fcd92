// The Express server in front of Remix: we own request ids, security headers, body limits,
// compression, static caching and the health endpoints.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express, { type RequestHandler } from 'express';
import pg from 'pg';
import { runInRequestScope } from '~/utils/request-scope.server.ts';
import { projectRoot } from './project-root.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

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
  app.set('trust proxy', true);

  app.use(requestId);
  app.use(securityHeaders);
  app.use(limitBodySize);
  app.use(compression());

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

  // Remix fingerprints everything under /build/, so it can be cached for good.
  app.use('/build', express.static(path.join(root, 'public/build'), { immutable: true, maxAge: '1y' }));
  // The other public files (favicon.ico) have an extension and pages never do: pages skip the lookup.
  const publicFiles = express.static(path.join(root, 'public'), { maxAge: '1h' });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

  app.all(
    '*',
    (_req, _res, next) => runInRequestScope(next),
    createRequestHandler({ build, mode, getLoadContext: (_req, res) => ({ requestId: String(res.locals.requestId) }) }),
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

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  });
  next();
};

/**
 * Refuses bodies over MAX_BODY_BYTES before Remix reads them. A body without a declared length
 * (chunked) cannot be checked up front, so it is refused: browsers' forms and webhook senders
 * always declare it.
 */
const limitBodySize: RequestHandler = (req, res, next) => {
  if (req.get('transfer-encoding') && !req.get('content-length')) {
    res.status(411).type('text/plain').send('Length Required');
    return;
  }
  if (Number(req.get('content-length') ?? 0) > MAX_BODY_BYTES) {
    res.status(413).type('text/plain').send('Request body too large');
    return;
  }
  next();
};
