// The Fetch API request our Express handler gives Remix: everything the client sent, and an abort
// signal that is the handler's own (./remix-handler.ts says why), aborted exactly when the client
// goes away before its answer.
import { getEventListeners } from 'node:events';
import http, { type Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createRemixRequest, RequestWithSignal } from './remix-handler.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

type Built = {
  request: Request;
  closed: Promise<void>;
  /** The 'finish' and 'close' listeners on the response now that were not there before the request was built. */
  listenersAdded: () => number;
};

/**
 * An Express server whose one route builds the Remix request and lets `answer` respond; each
 * request comes with when its response closed (after the handler's own listeners ran).
 */
async function serverBuildingRequests(answer: (request: Request, res: express.Response) => void) {
  const built: Built[] = [];
  const app = express();
  app.all('/shop', (req, res) => {
    const listeners = () => res.listenerCount('finish') + res.listenerCount('close');
    const before = listeners();
    const request = createRemixRequest(req, res);
    built.push({ request, closed: new Promise((resolve) => res.once('close', () => resolve())), listenersAdded: () => listeners() - before });
    answer(request, res);
  });
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { built, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

describe('RequestWithSignal', () => {
  it('has the very signal it is given, and adds no listener to it (a Request given a signal follows it with one of its own)', () => {
    const controller = new AbortController();
    const request = new RequestWithSignal('http://127.0.0.1/shop', { method: 'GET' }, controller.signal);
    expect(request).toBeInstanceOf(Request);
    expect(request.signal).toBe(controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);

    const following = new Request('http://127.0.0.1/shop', { signal: controller.signal });
    expect(following.signal).not.toBe(controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
  });
});

describe('createRemixRequest', () => {
  it('carries the URL, method, headers and body the client sent', async () => {
    const { built, origin } = await serverBuildingRequests(async (request, res) => {
      res.type('text/plain').send(await request.text());
    });
    const answer = await fetch(`${origin}/shop?q=shoes%20%C3%A9`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Colour': 'teal' },
      body: 'name=Ada&price=1.50',
    });
    expect(await answer.text()).toBe('name=Ada&price=1.50');
    const { request } = built[0]!;
    expect(request.url).toBe(`${origin}/shop?q=shoes%20%C3%A9`);
    expect(request.method).toBe('POST');
    expect(request.headers.get('x-colour')).toBe('teal');
    expect(request.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
  });

  it('aborts the signal when the client goes away before its answer is sent', async () => {
    const { built, origin } = await serverBuildingRequests((_request, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('first part; the rest never comes');
    });
    await new Promise<void>((resolve, reject) => {
      const request = http.get(`${origin}/shop`, (response) => response.once('data', () => (request.destroy(), resolve())));
      request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
    });
    await built[0]!.closed;
    expect(built[0]!.request.signal.aborted).toBe(true);
  });

  it('leaves the signal alone once the answer was sent, when the connection closes after it', async () => {
    const { built, origin } = await serverBuildingRequests((_request, res) => {
      res.type('text/plain').send('whole answer');
    });
    const answer = await fetch(`${origin}/shop`, { headers: { Connection: 'close' } });
    expect(await answer.text()).toBe('whole answer');
    await built[0]!.closed;
    expect(built[0]!.request.signal.aborted).toBe(false);
  });

  it('takes its listeners off the response as they run: nothing of the request stays reachable through it', async () => {
    const { built, origin } = await serverBuildingRequests((_request, res) => {
      res.type('text/plain').send('whole answer');
    });
    await (await fetch(`${origin}/shop`)).text();
    await built[0]!.closed;
    expect(built[0]!.listenersAdded()).toBe(0);
  });
});
