// Signed-in people for HTTP tests: a fresh account and the cookie of a stored session, as a browser
// holds it after signing in; and the flash message a redirect left behind.
import { createTestUser } from './db.ts';
import { cookiesFrom, sessionCookieFor, type TestServer } from './http.ts';

/** A fresh account and its session cookie (`_server`: kept so that callers read as before). */
export async function signedInUser(_server: TestServer, role: 'ADMIN' | 'NADMIN' = 'NADMIN') {
  const id = await createTestUser({ role });
  return { id, cookie: await sessionCookieFor(id) };
}

/** The flash message that `redirect` set, as the next page shows it. */
export async function flashAfter(server: TestServer, redirect: Response, cookie: string) {
  const page = await server.request('/', { headers: { Cookie: `${cookie}; ${cookiesFrom(redirect)}` } });
  const match = /data-testid="flash"[^>]*><p[^>]*>([^<]*)<\/p>/.exec(await page.text());
  return match?.[1] ?? null;
}
