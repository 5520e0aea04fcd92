// Remix's Express adapter (@remix-run/express) but for one thing: the Request that Remix gets
// carries the adapter's abort signal itself. The adapter hands its signal to `new Request(url,
// { signal })`, and the Request then makes a signal of its own that follows the given one (an abort
// listener, a WeakRef and a FinalizationRegistry entry for every request): work on every request
// that buys nothing here (docs/decisions/025-request-signal.md).
import type { IncomingHttpHeaders } from 'node:http';
import {
  createReadableStreamFromReadable,
  createRequestHandler as createRemixHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from '@remix-run/node';
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express';

/** A Request whose `signal` is the one it is given, not a follower of it. */
export class RequestWithSignal extends Request {
  readonly #signal: AbortSignal;

  constructor(url: string, init: RequestInit, signal: AbortSignal) {
    super(url, init);
    this.#signal = signal;
  }

  override get signal(): AbortSignal {
    return this.#signal;
  }
}

/**
 * The Fetch API request of an Express request, as the adapter builds it (its URL from the Host
 * header and Express's `hostname`, its body streamed), aborted when the connection closes before
 * the response has been sent: the loaders and the render stop for a client that went away.
 */
export function createRemixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const [, forwardedPort] = req.get('X-Forwarded-Host')?.split(':') ?? [];
  const [, hostPort] = req.get('host')?.split(':') ?? [];
  const port = [forwardedPort, hostPort].map((text) => Number.parseInt(text ?? '', 10)).find(Number.isSafeInteger);
  // The Request parses the URL itself: no URL object of our own first.
  const url = `${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`;

  const controller = new AbortController();
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: fetchHeaders(req.headers) };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = 'half';
  }
  // Closed before it finished (the whole response handed to the socket): it never will be. Once: a
  // listener left on the response would keep the controller, its signal and what hangs on that
  // reachable past the young generation (bench/README.md, "Session 31").
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return new RequestWithSignal(url, init, controller.signal);
}

/** Node's request headers as Fetch API headers, a repeated header's every value kept. */
function fetchHeaders(headers: IncomingHttpHeaders): Headers {
  const result = new Headers();
  for (const [name, values] of Object.entries(headers)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) result.append(name, value);
    else result.set(name, values);
  }
  return result;
}

/**
 * Sends Remix's response: its status, every header (each Set-Cookie apart), its body. No route of
 * ours streams (every answer is whole), so nothing is flushed ahead of the body.
 */
async function sendResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

type HandlerOptions = {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
};

/** Serves a request with Remix, as the adapter's `createRequestHandler` does. */
export function createRequestHandler({ build, mode, getLoadContext }: HandlerOptions): RequestHandler {
  const handleRequest = createRemixHandler(build, mode);
  return async (req, res, next) => {
    try {
      const response = await handleRequest(createRemixRequest(req, res), getLoadContext(req, res));
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}
