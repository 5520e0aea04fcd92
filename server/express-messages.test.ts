// Node builds each request and response with Express's prototypes already in place, so Express's
// own Object.setPrototypeOf on every arrival changes nothing (./express-messages.ts says why that
// matters). Checked on arrival, before Express sees the request: our listener runs first.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import express, { type Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from './app.ts';
import { expressMessageClasses } from './express-messages.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function appAnsweringQuery() {
  const app = express();
  app.get('/echo', (req, res) => {
    res
      .status(201)
      .type('text/plain')
      .send(`q=${String(req.query.q)} ${req.hostname}`);
  });
  return app;
}

/** The prototypes of the first request and response as they arrive, and the answer. */
async function prototypesOnArrival(app: Express, server: Server) {
  servers.push(server);
  let arrived: { request: object | null; response: object | null } | undefined;
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    arrived ??= { request: Object.getPrototypeOf(request), response: Object.getPrototypeOf(response) };
  });
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const answer = await fetch(`http://127.0.0.1:${port}/echo?q=shoes`);
  return { arrived: arrived!, status: answer.status, text: await answer.text() };
}

describe('expressMessageClasses', () => {
  it('gives requests and responses the app prototypes before Express sees them, and Express works as before', async () => {
    const app = appAnsweringQuery();
    const { arrived, status, text } = await prototypesOnArrival(app, createServer(expressMessageClasses(app), app));
    expect(arrived.request).toBe(app.request);
    expect(arrived.response).toBe(app.response);
    expect([status, text]).toEqual([201, 'q=shoes 127.0.0.1']);
  });

  it('is what our server listens with', async () => {
    const app = appAnsweringQuery();
    const server = listen(app, 0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { arrived, status } = await prototypesOnArrival(app, server);
    expect(arrived.request).toBe(app.request);
    expect(arrived.response).toBe(app.response);
    expect(status).toBe(201);
  });

  it('is needed: without it Node builds plain messages, and Express changes their prototypes', async () => {
    const app = appAnsweringQuery();
    const { arrived } = await prototypesOnArrival(app, createServer(app));
    expect(arrived.request).not.toBe(app.request);
    expect(arrived.response).not.toBe(app.response);
  });
});
