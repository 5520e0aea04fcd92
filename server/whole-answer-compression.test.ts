// Whole answers compressed in one call, streams left to `compression`, over real HTTP.
import { once } from 'node:events';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import compression from 'compression';
import express, { type RequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preferredEncoding, wholeAnswerCompression } from './whole-answer-compression.ts';

const page = Buffer.from(`<!DOCTYPE html><html><body>${'<p class="row">Product name, 12.34, in stock</p>'.repeat(200)}</body></html>`);
/** Resolved by a test once its client has the stream's first chunk; the stream route waits for it. */
let firstChunkReceived: () => void = () => {};

const routes: Record<string, RequestHandler> = {
  '/ended-at-once': (_req, res) => {
    res.type('html').end(page);
  },
  // As Remix's handler sends a rendered page: one write, a flush, then the end.
  '/written-then-ended': (_req, res) => {
    res.type('html');
    res.write(page);
    (res as typeof res & { flush(): void }).flush();
    void Promise.resolve().then(() => res.end());
  },
  '/streamed': (_req, res) => {
    res.type('html');
    res.write(page.subarray(0, 4096));
    (res as typeof res & { flush(): void }).flush();
    // The rest only once the client has the start: a held first chunk would never get there.
    new Promise<void>((resolve) => (firstChunkReceived = resolve)).then(
      () => res.end(page.subarray(4096)),
      () => {},
    );
  },
  '/small': (_req, res) => {
    res.type('html').end(page.subarray(0, 500));
  },
  '/image': (_req, res) => {
    res.type('png').end(page);
  },
  '/no-transform': (_req, res) => {
    res.type('html').set('Cache-Control', 'no-transform').end(page);
  },
  '/not-modified': (_req, res) => {
    res.status(304).end();
  },
  '/with-length': (_req, res) => {
    res.type('html').set('Content-Length', String(page.length)).end(page);
  },
};

let origin = '';
let server: http.Server;

beforeAll(async () => {
  const app = express();
  const filter = compression.filter;
  app.use(compression({ level: 1, filter }));
  app.use(wholeAnswerCompression({ filter }));
  for (const [path, handler] of Object.entries(routes)) app.all(path, handler);
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The answer as sent: its headers and its raw (still encoded) bytes. */
async function get(path: string, acceptEncoding: string | undefined, { method = 'GET', onFirstChunk = () => {} } = {}) {
  const request = http.request(`${origin}${path}`, { method, headers: acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding } });
  request.end();
  const [response] = (await once(request, 'response')) as [IncomingMessage];
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => {
    if (chunks.length === 0) onFirstChunk();
    chunks.push(chunk);
  });
  await once(response, 'end');
  return { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) };
}

const decode = (encoding: string | undefined, body: Buffer) => (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body);

describe('whole-answer compression', () => {
  it('compresses an answer ended at once, or written once and then ended, in one piece with its length', async () => {
    for (const path of ['/ended-at-once', '/written-then-ended', '/with-length']) {
      for (const [acceptEncoding, encoding] of [
        ['gzip, deflate, br, zstd', 'br'],
        ['gzip', 'gzip'],
      ] as const) {
        const { headers, body } = await get(path, acceptEncoding);
        expect(headers['content-encoding'], `${path} ${acceptEncoding}`).toBe(encoding);
        expect(headers['vary'], path).toMatch(/Accept-Encoding/i);
        expect(Number(headers['content-length']), path).toBe(body.length);
        expect(headers['transfer-encoding'], path).toBeUndefined();
        expect(decode(encoding, body).equals(page), path).toBe(true);
      }
    }
  });

  it('leaves a stream to `compression`: its first chunk goes out before it ends', async () => {
    const { headers, body } = await get('/streamed', 'br', { onFirstChunk: () => firstChunkReceived() });
    expect(headers['content-encoding']).toBe('br');
    expect(headers['content-length']).toBeUndefined();
    expect(decode('br', body).equals(page)).toBe(true);
  });

  it('sends as it is what should not be compressed, or cannot be', async () => {
    for (const [path, acceptEncoding, method] of [
      ['/ended-at-once', undefined, 'GET'],
      ['/ended-at-once', 'identity', 'GET'],
      ['/ended-at-once', 'br;q=0, gzip;q=0', 'GET'],
      ['/ended-at-once', 'br', 'HEAD'],
      ['/small', 'br', 'GET'],
      ['/image', 'br', 'GET'],
      ['/no-transform', 'br', 'GET'],
      ['/not-modified', 'br', 'GET'],
    ] as const) {
      const { headers, body } = await get(path, acceptEncoding, { method });
      expect(headers['content-encoding'], `${path} ${acceptEncoding} ${method}`).toBeUndefined();
      if (method === 'GET' && path !== '/not-modified') expect(body.length, path).toBeGreaterThan(0);
    }
  });
});

describe('preferredEncoding', () => {
  it('prefers Brotli, then gzip, honouring q=0 and *', () => {
    expect(preferredEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(preferredEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(preferredEncoding('BR ; q=0.5')).toBe('br');
    expect(preferredEncoding('*')).toBe('br');
    expect(preferredEncoding('*;q=0, gzip')).toBe('gzip');
    expect(preferredEncoding('deflate')).toBeNull();
    expect(preferredEncoding('identity')).toBeNull();
    expect(preferredEncoding('')).toBeNull();
    expect(preferredEncoding(undefined)).toBeNull();
  });
});
