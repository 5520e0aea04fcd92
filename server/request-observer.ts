// Every HTTP request runs in a log scope carrying its X-Request-Id, ends with one log line (method,
// path, route, status, duration) and is timed in reen_http_request_duration_seconds. The route label
// is the Remix route id that answered (never the URL: ids in paths would make a series each), or
// one of a few fixed names for what Express answers itself.
import type { ServerBuild } from '@remix-run/node';
import { matchRoutes } from '@remix-run/react';
import type { Request, RequestHandler, Response } from 'express';
import { logger, withLogContext } from '~/utils/logger.server.ts';
import { metrics } from '~/utils/metrics.server.ts';
import { pageOfDataPath } from './single-fetch.ts';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Must come after the request id middleware (it reads res.locals.requestId). */
export const observeRequests: RequestHandler = (req, res, next) => {
  const started = process.hrtime.bigint();
  withLogContext({ requestId: String(res.locals.requestId) }, () => {
    const log = logger();
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(req, res);
      const method = METHODS.has(req.method) ? req.method : 'OTHER';
      metrics().httpRequestDuration.observe({ route, method, status_class: `${Math.floor(res.statusCode / 100)}xx` }, seconds);
      // The query is left out: it can carry tokens (Clerk's handshake) and personal data (searches).
      const path = req.originalUrl.split('?')[0];
      const durationMs = Math.round(seconds * 1e4) / 10;
      const aborted = !res.writableFinished;
      log.info({ method: req.method, path, route, status: res.statusCode, durationMs, ...(aborted && { aborted }) }, `${req.method} ${path} ${res.statusCode}`);
    });
    next();
  });
};

/** Labels what the next middleware answers (static files). */
export function labelRoute(route: string): RequestHandler {
  return (_req, res, next) => {
    res.locals.route = route;
    next();
  };
}

/** Labels a request that Remix will answer with the id of its deepest matching route. */
export function labelRemixRoute(build: ServerBuild | (() => Promise<ServerBuild>)): RequestHandler {
  if (typeof build !== 'function') {
    return (req, res, next) => {
      res.locals.route = remixRouteId(build, req.path);
      next();
    };
  }
  // `remix dev`: the build changes as files are saved.
  return (req, res, next) => {
    build().then((current) => {
      res.locals.route = remixRouteId(current, req.path);
      next();
    }, next);
  };
}

/** Express's own routes (healthz, readyz, metrics) by path; 'refused' for answers before routing. */
function routeLabel(req: Request, res: Response): string {
  if (typeof res.locals.route === 'string') return res.locals.route;
  const expressRoute = (req.route as { path?: unknown } | undefined)?.path;
  return typeof expressRoute === 'string' ? expressRoute.replace(/^\//, '') : 'refused';
}

type RouteObject = Parameters<typeof matchRoutes>[0][number];
type Labels = { tree: RouteObject[]; byPath: Map<string, string> };
const labelsOfBuild = new WeakMap<ServerBuild, Labels>();

/**
 * The route ids of up to KEPT_PATHS paths are kept, the oldest dropped first: matchRoutes ranks and
 * compiles every route on each call (its cost: bench/README.md). Long paths are not kept, so the
 * cache stays small.
 */
const KEPT_PATHS = 1_000;
const KEPT_PATH_LENGTH = 200;

export function remixRouteId(build: ServerBuild, pathname: string): string {
  let labels = labelsOfBuild.get(build);
  if (!labels) {
    labels = { tree: routeTree(build.routes), byPath: new Map() };
    labelsOfBuild.set(build, labels);
  }
  const kept = labels.byPath.get(pathname);
  if (kept) return kept;
  const page = pageOfDataPath(pathname) ?? pathname;
  const id = matchRoutes(labels.tree, page)?.at(-1)?.route.id ?? 'unmatched';
  if (pathname.length <= KEPT_PATH_LENGTH) {
    if (labels.byPath.size >= KEPT_PATHS) labels.byPath.delete(labels.byPath.keys().next().value!);
    labels.byPath.set(pathname, id);
  }
  return id;
}

function routeTree(routes: ServerBuild['routes'], parentId?: string): RouteObject[] {
  return Object.values(routes)
    .filter((route) => route.parentId === parentId)
    .map(
      (route) =>
        ({ id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive, children: routeTree(routes, route.id) }) as RouteObject,
    );
}
