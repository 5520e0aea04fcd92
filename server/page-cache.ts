// Signed-out visitors' catalog pages (the home page, the products list with any search, sort and
// page, product pages), and the same pages' data that JavaScript navigations ask for (`.data`),
// served from memory without rendering, as long as nothing they show has changed: each entry keeps
// the page version it was rendered at, and a request reads the current version from the database
// (one query), so a write on any machine is seen at once on every one
// (docs/decisions/020-exact-page-cache.md). Only plain requests qualify: no sign-in, no cookie but
// the theme and the time zone, which are part of the key; only 200s with an ETag and without
// Set-Cookie are kept.
import type { RequestHandler, Response } from 'express';
import { LruMap } from '~/utils/lru-map.ts';
import { matchesIfNoneMatch, splitAround } from '~/utils/page-etag.server.ts';

/**
 * Lets a CDN keep a signed-out page 5 s and serve it 15 s more while it asks again: a burst of
 * visitors costs one request here, and no page stays at a CDN more than 20 s after a write. Browsers
 * (max-age=0) ask every time, with the ETag, and get a 304 while the page has not changed.
 */
export const PUBLIC_PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=5, stale-while-revalidate=15';

/** Remix routes whose signed-out pages depend only on the URL, the key's cookies and the page version. */
const CACHED_ROUTES = new Set(['routes/_index', 'routes/products._index', 'routes/products.$id._index']);
/** The cookies a signed-out page depends on; a request with any other cookie is left alone. */
const KEY_COOKIES = new Set(['theme', 'tz']);

export type PageCacheOptions = {
  /**
   * The page version, read after each call; requests arriving together should share one query
   * (currentPageVersion, through readAfterCall, shared with the loaders' catalog reads).
   */
  readVersion: () => Promise<bigint>;
  /** What else every page shows that the version does not cover (the sidebar's recent counts). */
  readExtraKey: () => Promise<string>;
  /** Bytes of pages kept; the least recently used go first. */
  maxBytes?: number;
};

/** The headers of the stored answer that a hit sends again (what the body is, and for whom). */
const REPLAYED_HEADERS = ['content-type', 'x-robots-tag', 'x-remix-response'];

type Entry = { version: bigint; etag: string; parts: Buffer[]; bytes: number; headers: [name: string, value: string][] };

export function pageCache({ readVersion, readExtraKey, maxBytes = 16 * 1024 * 1024 }: PageCacheOptions) {
  const entries = new LruMap<Entry>(maxBytes);
  /** The newest version seen: entries of older ones can never be served again. */
  let newest = 0n;

  const keep = (key: string, entry: Entry) => {
    if (entry.version < newest || entry.bytes > maxBytes) return;
    if (entry.version > newest) {
      newest = entry.version;
      entries.clear();
    }
    entries.set(key, entry, entry.bytes);
  };

  const middleware: RequestHandler = (req, res, next) => {
    const cookies = keyCookies(req.get('cookie'));
    // A page's data for a JavaScript navigation (`.data`) is kept beside the page; the legacy `?_data=` is not.
    if (req.method !== 'GET' || !CACHED_ROUTES.has(String(res.locals.route)) || cookies === null || '_data' in req.query) {
      next();
      return;
    }
    Promise.all([readVersion(), readExtraKey()])
      .then(
        ([version, extra]) => {
          const key = `${req.originalUrl}\n${cookies}\n${extra}`;
          const entry = entries.get(key);
          if (entry && entry.version === version) {
            send(req.get('if-none-match'), res, entry);
            return;
          }
          res.setHeader('X-Page-Cache', 'miss');
          capture(res, (page) => keep(key, { ...page, version }));
          next();
        },
        // Without the version nothing can be served from memory: the page is rendered.
        () => next(),
      )
      .catch(next);
  };
  return { middleware };
}

/** The key's cookies as one string; null when the request carries any other cookie. */
function keyCookies(header: string | undefined): string | null {
  if (!header) return '';
  const pairs = header
    .split(';')
    .map((pair) => pair.trim())
    .filter(Boolean);
  if (!pairs.every((pair) => KEY_COOKIES.has(pair.split('=')[0]!))) return null;
  return pairs.sort().join('; ');
}

function send(ifNoneMatch: string | undefined, res: Response, entry: Entry) {
  res.setHeader('X-Page-Cache', 'hit');
  res.setHeader('ETag', entry.etag);
  res.setHeader('Cache-Control', PUBLIC_PAGE_CACHE_CONTROL);
  res.setHeader('Vary', 'Cookie');
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  if (matchesIfNoneMatch(ifNoneMatch, entry.etag)) {
    res.status(304).end();
    return;
  }
  const nonce = Buffer.from(String(res.locals.cspNonce));
  const body = Buffer.concat(entry.parts.flatMap((part, i) => (i === 0 ? [part] : [nonce, part])));
  res.status(200);
  res.setHeader('Content-Length', String(body.length));
  res.end(body);
}

/**
 * Marks a signed-out page as shareable and, once it is sent, hands it to `store`: a 200 without
 * Set-Cookie, with its nonce cut out (a later response puts its own in).
 */
function capture(res: Response, store: (page: Omit<Entry, 'version'>) => void) {
  const chunks: Buffer[] = [];
  let storable = false;
  const { writeHead, write, end } = res;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    const status = typeof args[0] === 'number' ? args[0] : res.statusCode;
    storable = status === 200 && res.getHeader('set-cookie') === undefined && typeof res.getHeader('etag') === 'string';
    if (storable) {
      res.setHeader('Cache-Control', PUBLIC_PAGE_CACHE_CONTROL);
      res.setHeader('Vary', 'Cookie');
    }
    return writeHead.apply(this, args);
  } as Response['writeHead'];
  // Whether the page is kept is known once its headers are written, which may be at its end (an
  // answer compressed whole goes out in one piece): every chunk is kept until then.
  res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
    const written = (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    return written;
  } as Response['write'];
  res.end = function (this: Response, chunk?: unknown, ...rest: unknown[]) {
    const ended = (end as (...args: unknown[]) => Response).call(this, chunk, ...rest);
    if (storable && chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    if (storable) {
      const body = Buffer.concat(chunks);
      store({
        etag: String(res.getHeader('etag')),
        parts: splitAround(body, String(res.locals.cspNonce)),
        bytes: body.length,
        headers: REPLAYED_HEADERS.flatMap((name) => {
          const value = res.getHeader(name);
          return typeof value === 'string' ? [[name, value] as [string, string]] : [];
        }),
      });
    }
    return ended;
  } as Response['end'];
}

/**
 * For every answer: one that sets a cookie is never stored by a browser or a CDN (a flash, a new
 * session); a 304 keeps the CSP of the copy it confirms (the copy's scripts carry that nonce).
 */
export const cookiesAndNoncesNeverShared: RequestHandler = (_req, res, next) => {
  const { writeHead } = res;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    const status = typeof args[0] === 'number' ? args[0] : res.statusCode;
    if (res.getHeader('set-cookie') !== undefined) res.setHeader('Cache-Control', 'private, no-store');
    if (status === 304) res.removeHeader('Content-Security-Policy');
    return writeHead.apply(this, args);
  } as Response['writeHead'];
  next();
};
