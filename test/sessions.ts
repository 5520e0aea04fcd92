// Signed-in people for HTTP tests: a fresh demo account (so the demo sign-in can pick it) and the
// cookie a browser would send after signing in; and the flash message a redirect left behind.
import { randomUUID } from 'node:crypto';
import { createUser, DEMO_EMAIL_DOMAIN } from '~/models/user.server.ts';
import { cookiesFrom, formPost, type TestServer } from './http.ts';

export async function signedInUser(server: TestServer, role: 'ADMIN' | 'NADMIN' = 'NADMIN') {
  const tag = randomUUID().slice(0, 8);
  const { id } = await createUser({ name: `Person ${tag}`, email: `person-${tag}@${DEMO_EMAIL_DOMAIN}`, role });
  const response = await server.request('/sign-in', formPost({ intent: 'pick', userId: id, redirectTo: '/' }));
  if (response.status !== 302) throw new Error(`sign-in answered ${response.status}`);
  return { id, cookie: cookiesFrom(response) };
}

/** The flash message that `redirect` set, as the next page shows it. */
export async function flashAfter(server: TestServer, redirect: Response, cookie: string) {
  const page = await server.request('/', { headers: { Cookie: `${cookie}; ${cookiesFrom(redirect)}` } });
  const match = /data-testid="flash"[^>]*><p[^>]*>([^<]*)<\/p>/.exec(await page.text());
  return match?.[1] ?? null;
}
