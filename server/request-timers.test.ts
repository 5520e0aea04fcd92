// A request that has been answered leaves no timer behind. Remix starts a timer for each page's
// hydration data and each navigation's data (the longest it waits for deferred data), which it
// cleared only when the request was aborted; an answered request never is, so for streamTimeout
// every answered request stayed reachable from its timer (its request, response and rendered data):
// under load, thousands of them. Our patches (patches/README.md) clear it once the data is encoded.
import { describe, expect, it } from 'vitest';
import { useDatabase } from '../test/database-hooks.ts';
import { createUser, sessionCookie } from '../test/factories.ts';
import { useTestServer } from '../test/http.ts';

useDatabase();
const server = useTestServer();

const pendingTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('an answered request', () => {
  it('leaves no timer pending, for pages and for the data of navigations', async () => {
    const cookie = await sessionCookie((await createUser()).id);
    // Signed in: these pages are rendered by Remix every time, never served from the page cache.
    const paths = ['/products', '/products.data', '/users', '/users.data'];
    const get = async (path: string) => {
      const response = await server.request(path, { headers: { Cookie: cookie } });
      expect(response.status, path).toBe(200);
      await response.arrayBuffer();
    };
    for (const path of paths) await get(path);
    const before = pendingTimers();
    const rounds = 20;
    for (let round = 0; round < rounds; round++) for (const path of paths) await get(path);
    // The server's own timers come and go (an idle pooled connection has one, and its pool holds at
    // most 10); one per request would be 80.
    expect(pendingTimers() - before).toBeLessThan(rounds);
  });
});
