// Answers whose body is in hand at once (every page: Remix's handler writes a rendered page as one
// chunk, the page cache sends one buffer) are compressed in one call, at the fastest level, and sent
// in one write. The `compression` middleware, mounted before this one, compresses through a zlib
// stream per answer on Node's thread pool, flushed after each write: for a page, that was most of
// the cost of compressing it (docs/decisions/029-pages-compressed-whole.md). It still takes every
// other answer: one written in several chunks (a stream), or one this layer leaves alone.
import type { IncomingHttpHeaders } from 'node:http';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';

/** Below this many bytes an answer goes as it is, as with `compression`'s default threshold. */
const THRESHOLD_BYTES = 1024;

type Encoding = 'br' | 'gzip';

export type WholeAnswerCompressionOptions = {
  /** Whether the answer may be compressed at all (its type, its path); called once its headers are set. */
  filter: (req: Request, res: Response) => boolean;
};

/**
 * The encoding to send: Brotli if the request accepts it, else gzip, else none. Tokens with q=0 are
 * refused; `*` stands for any encoding not named.
 */
export function preferredEncoding(header: IncomingHttpHeaders['accept-encoding']): Encoding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.toLowerCase().split(';');
    const name = rawName?.trim();
    if (!name) continue;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const accepts = (encoding: Encoding) => (weights.get(encoding) ?? weights.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return null;
}

function compress(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 1, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipSync(body, { level: 1 });
}

type WriteArgs = [chunk: unknown, ...rest: unknown[]];

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Mount after `compression`, with the same filter: answers this layer compresses, that one leaves alone. */
export function wholeAnswerCompression({ filter }: WholeAnswerCompressionOptions): RequestHandler {
  return (req, res, next) => {
    const encoding = preferredEncoding(req.headers['accept-encoding']);
    if (!encoding || req.method === 'HEAD') {
      next();
      return;
    }
    const write = res.write as (...args: WriteArgs) => boolean;
    const end = res.end as (...args: WriteArgs) => Response;
    const flush = (res as Response & { flush?: () => void }).flush;
    /** The first chunk, kept until the answer ends (one chunk in all) or goes on (a stream). */
    let held: Buffer | undefined;
    let streaming = false;

    const startStreaming = () => {
      if (streaming) return;
      streaming = true;
      if (held !== undefined) write.call(res, held);
      held = undefined;
      flush?.call(res);
    };

    res.write = function (this: Response, ...args: WriteArgs) {
      const [chunk, ...rest] = args;
      if (streaming || held !== undefined || rest.length > 0 || !(chunk instanceof Uint8Array)) {
        startStreaming();
        return write.apply(this, args);
      }
      // A view, not a copy: a chunk handed to write() is not changed after.
      held = asBuffer(chunk);
      // Remix ends a whole answer within the same turn of the event loop; one that has not ended
      // by the next is a stream, and its first chunk goes out now.
      setImmediate(startStreaming);
      return true;
    } as Response['write'];

    // `compression`'s flush pushes its stream's output out; nothing is held there until this layer streams.
    if (flush) {
      (res as Response & { flush: () => void }).flush = function (this: Response) {
        if (streaming) flush.call(this);
      };
    }

    res.end = function (this: Response, ...args: WriteArgs) {
      const [chunk, ...rest] = args;
      const last = chunk instanceof Uint8Array && rest.length === 0 ? asBuffer(chunk) : undefined;
      const whole = held === undefined ? last : chunk === undefined ? held : last ? Buffer.concat([held, last]) : undefined;
      if (streaming || whole === undefined || !compressible(req, res, whole)) {
        startStreaming();
        return end.apply(this, args);
      }
      streaming = true;
      held = undefined;
      const body = compress(whole, encoding);
      res.vary('Accept-Encoding');
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', String(body.length));
      return end.call(this, body);
    } as Response['end'];

    next();
  };

  function compressible(req: Request, res: Response, body: Buffer): boolean {
    return (
      body.length >= THRESHOLD_BYTES &&
      res.getHeader('Content-Encoding') === undefined &&
      !/\bno-transform\b/i.test(String(res.getHeader('Cache-Control') ?? '')) &&
      filter(req, res)
    );
  }
}
