// Runs the real Express + Remix server (from the production build) on a free port, for tests that
// speak HTTP to it. `npm test` builds before vitest runs. The server comes from the build, as in
// `npm start`: its pools (the build's own, beside the ones this file's fixtures open from source)
// are closed when it stops.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { APP_BUILD_PATH, loadAppBuild } from '../server/app-build.ts';
import { quietUnlessAsked } from './quiet-logs.ts';

/** What a test sees of the running server. */
export type TestServer = {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** fetch without following redirects, so tests see each 302 as a browser without JS would. */
  request: (pathname: string, init?: RequestInit) => Promise<Response>;
};

/**
 * The server for the tests of this file (or of the describe block it is called in), started before
 * them and stopped after them. Hooks registered before this call run first and are torn down last
 * (vitest runs afterAll hooks in reverse order): register there what the server needs (environment,
 * database, pg-boss). beforeAll hooks registered after it can already use the server.
 */
export function useTestServer(): TestServer {
  let running: Awaited<ReturnType<typeof startServer>> | undefined;
  beforeAll(async () => {
    running = await startServer();
  });
  afterAll(async () => {
    await running?.stop();
  });
  const server = () => {
    if (!running) throw new Error('the test server is not running: use it in tests and hooks, not while the file loads');
    return running;
  };
  return {
    get origin() {
      return server().origin;
    },
    request: (pathname, init) => server().request(pathname, init),
  };
}

async function startServer() {
  if (!existsSync(APP_BUILD_PATH)) throw new Error('build/index.js is missing: run `npm run build` first');
  const build = await loadAppBuild();
  const { createApp, listen, stopBoss, disconnectDb, logger } = build.entry.module.processes;
  // The build holds its own copy of the logger.
  quietUnlessAsked(logger());
  const { app, close } = createApp({ build, mode: 'production', databaseUrl: process.env.DATABASE_URL! });
  const server = await new Promise<Server>((resolve) => {
    const listening = listen(app, 0, '127.0.0.1').once('listening', () => resolve(listening));
  });
  const { port } = server.address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    request: (pathname: string, init: RequestInit = {}) => fetch(`${origin}${pathname}`, { redirect: 'manual', ...init }),
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await close();
      await stopBoss();
      await disconnectDb();
    },
  };
}

/**
 * msw's onUnhandledFrame for tests that mock an outside API and also speak HTTP to our own server:
 * requests to our server pass, any other request without a handler fails the test.
 */
export function failOnUnmockedOutsideRequests({ frame, defaults }: { frame: { data: unknown }; defaults: { error: () => void } }) {
  const request = (frame.data as { request?: Request }).request;
  if (request && new URL(request.url).hostname === '127.0.0.1') return;
  defaults.error();
}

/** A urlencoded form POST, as a browser without JavaScript sends it. */
export function formPost(fields: Record<string, string>, cookie?: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  };
}

/** The `name=value` part of each Set-Cookie header, ready to send back. */
export function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** The message a redirect carries in its flash cookie (signed, not encrypted: readable as is). */
export function flashOf(response: Response): { kind: string; message: string } | null {
  const raw = response.headers.getSetCookie().find((cookie) => cookie.startsWith('__flash='));
  if (!raw) return null;
  const signed = decodeURIComponent(raw.slice('__flash='.length).split(';')[0]!);
  const encoded = signed.slice(0, signed.lastIndexOf('.'));
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
}
