// Our patches of @remix-run/server-runtime, @remix-run/react and react-router-dom (patches/README.md)
// make the routes a document is rendered with once per build: Remix handed React Router new route
// objects on every render, which converted them to data routes and ranked their branches again.
import { createRequire } from 'node:module';
import type * as Router from '@remix-run/router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTestServer } from '../test/http.ts';

// The copy of the router that React Router's server rendering calls (the one Remix loads).
const router = createRequire(createRequire(import.meta.url).resolve('react-router-dom/server')).resolve('@remix-run/router');
const routerModule = createRequire(import.meta.url)(router) as typeof Router;

describe('documents rendered by the built server', () => {
  const server = useTestServer();
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reuse the routes of the first render: none converted again, whatever the page', async () => {
    expect((await server.request('/sign-in')).status).toBe(200);
    const converted = vi.spyOn(routerModule, 'UNSAFE_convertRoutesToDataRoutes');
    for (const path of ['/sign-in', '/no-such-page', '/economy', '/sign-in?redirectTo=%2Fcart']) {
      const answer = await server.request(path);
      expect(await answer.text(), path).toContain('</html>');
    }
    expect(converted).not.toHaveBeenCalled();
  });
});
