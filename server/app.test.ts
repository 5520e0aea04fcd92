import { randomUUID } from 'node:crypto';
import { globSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deleteAccount } from '~/models/account.server.ts';
import { ANONYMOUS_USER_ID } from '~/models/system-accounts.ts';
import { createUser, DEMO_EMAIL_DOMAIN } from '~/models/user.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { useScratchDatabase } from '../test/database-hooks.ts';
import { cookiesFrom, formPost, useTestServer } from '../test/http.ts';
import { nonceNamedAlike, pageText } from '../test/page-text.ts';
import { projectRoot } from './project-root.ts';

let demoUserId: string;
const demoName = `Demo ${randomUUID().slice(0, 6)}`;

useScratchDatabase();

const server = useTestServer();

beforeAll(async () => {
  ({ id: demoUserId } = await createUser({ name: demoName, email: `${randomUUID()}@${DEMO_EMAIL_DOMAIN}` }));
});

async function signIn() {
  const response = await server.request('/sign-in', formPost({ intent: 'pick', userId: demoUserId, redirectTo: '/' }));
  expect(response.status).toBe(302);
  return cookiesFrom(response);
}

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await server.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    const ready = await server.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe('ready');
  });
});

describe('the Express layer', () => {
  it('sets security headers and a request id, keeping a sane incoming one', async () => {
    const response = await server.request('/', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(response.headers.get('x-request-id')).toBe('abc-123');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-powered-by')).toBeNull();
    const generated = await server.request('/healthz', { headers: { 'X-Request-Id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses form bodies over 100 KB before Remix reads them (webhooks: see security.test.ts)', async () => {
    const response = await server.request('/sign-in', formPost({ intent: 'create', name: 'x'.repeat(100 * 1024 + 1) }));
    expect(response.status).toBe(413);
  });

  it('compresses pages: Brotli for browsers, else gzip', async () => {
    const plain = await (await server.request('/products', { headers: { 'Accept-Encoding': 'identity' } })).text();
    for (const [acceptEncoding, encoding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const response = await server.request('/products', { headers: { 'Accept-Encoding': acceptEncoding } });
      expect(response.headers.get('content-encoding'), acceptEncoding).toBe(encoding);
      expect(response.headers.get('vary'), acceptEncoding).toMatch(/Accept-Encoding/i);
      // fetch decodes what it was sent: the page, but for its nonce.
      expect(nonceNamedAlike(await response.text()), acceptEncoding).toBe(nonceNamedAlike(plain));
    }
  });

  it("does not compress a webhook's few bytes of answer", async () => {
    const response = await server.request('/webhooks/stripe', {
      method: 'POST',
      headers: { 'Accept-Encoding': 'gzip', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.text()).toBe('Missing Stripe-Signature header');
  });

  it("sends the build's scripts as compressed at build time: Brotli, else gzip, else as they are, cached for good", async () => {
    const [file] = globSync('public/build/_shared/*.js.br', { cwd: projectRoot() }).map((compressed) => compressed.slice(0, -'.br'.length));
    const original = readFileSync(path.join(projectRoot(), file!));
    const url = `/${path.relative('public', file!)}`;
    for (const [acceptEncoding, encoding, stored] of [
      ['gzip, deflate, br', 'br', `${file}.br`],
      ['gzip', 'gzip', `${file}.gz`],
      ['identity', null, file],
    ] as const) {
      const response = await server.request(url, { headers: { 'Accept-Encoding': acceptEncoding } });
      expect(response.status, acceptEncoding).toBe(200);
      expect(response.headers.get('content-encoding'), acceptEncoding).toBe(encoding);
      // The stored file's bytes, not a compression made for this request.
      expect(Number(response.headers.get('content-length')), acceptEncoding).toBe(statSync(path.join(projectRoot(), stored!)).size);
      expect(response.headers.get('content-type'), acceptEncoding).toMatch(/^application\/javascript/);
      expect(response.headers.get('vary'), acceptEncoding).toMatch(/Accept-Encoding/i);
      expect(response.headers.get('cache-control'), acceptEncoding).toBe('public, max-age=31536000, immutable');
      // fetch decodes what it was sent: the script itself.
      expect(Buffer.from(await response.arrayBuffer()).equals(original), acceptEncoding).toBe(true);
    }
  });

  it('serves a favicon', async () => {
    expect((await server.request('/favicon.ico')).status).toBe(200);
  });
});

describe('layout', () => {
  it('shows a signed-out visitor the shop with the product count, and a sign-in link', async () => {
    // A database of this file's own: on the shared one, files running beside it add and remove
    // products while the sidebar shows a count up to 2 s old.
    const listed = () => getDb().product.count({ where: { ownerId: { not: ANONYMOUS_USER_ID } } });
    const before = await listed();
    const response = await server.request('/');
    expect(response.status).toBe(200);
    const html = await response.text();
    const after = await listed();
    expect(html).toContain('href="/sign-in"');
    const badge = html.match(/data-testid="count-products"[^>]*>([^<]+)</)?.[1];
    if (before > 99) {
      expect(badge).toBe('99+');
    } else {
      expect(Number(badge)).toBeGreaterThanOrEqual(before);
      expect(Number(badge)).toBeLessThanOrEqual(after);
    }
    expect(html).not.toContain('data-testid="count-my-products"');
    expect(html).toContain('data-theme="system"');
  });

  it('renders unknown pages as a 404 inside the layout', async () => {
    const response = await server.request('/no/such/page');
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('Page not found');
    expect(html).toContain('<title>Page not found | REEN</title>');
    expect(html).toContain('aria-label="Main"');
  });
});

describe('demo sign-in without JavaScript', () => {
  it('signs in as a demo account and shows the user with their counts', async () => {
    const cookie = await signIn();
    expect(cookie).toMatch(/reen_session=/);
    const html = await (await server.request('/', { headers: { Cookie: cookie } })).text();
    expect(pageText(html)).toContain(`Welcome back, ${demoName}`);
    expect(html).toMatch(/data-testid="count-my-products"[^>]*>0</);
    expect(html).toMatch(/data-testid="count-orders"[^>]*>0</);
    expect(html).toContain('Sign out');
  });

  it('goes back to where sign-in was asked for, never to another site', async () => {
    const back = await server.request('/sign-in', formPost({ intent: 'pick', userId: demoUserId, redirectTo: '/orders?page=2' }));
    expect(back.headers.get('location')).toBe('/orders?page=2');
    const evil = await server.request('/sign-in', formPost({ intent: 'pick', userId: demoUserId, redirectTo: '//evil.example' }));
    expect(evil.headers.get('location')).toBe('/');
  });

  it('lists demo accounts only', async () => {
    const outsider = `Outsider ${randomUUID().slice(0, 6)}`;
    await createUser({ name: outsider, email: `${randomUUID()}@example.test` });
    const html = await (await server.request('/sign-in')).text();
    expect(html).toContain(`Continue as ${demoName}`);
    expect(html).not.toContain(outsider);
  });

  it('refuses to sign in as an account that is not a demo account', async () => {
    const { id } = await createUser({ name: 'Not demo', email: `${randomUUID()}@example.test` });
    const response = await server.request('/sign-in', formPost({ intent: 'pick', userId: id }));
    expect(response.status).toBe(404);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await response.text()).toContain('That demo account does not exist.');
  });

  const PASSWORD = 'correct horse battery';

  it('creates an account with the starting balance and a hashed password', async () => {
    const email = `new-${randomUUID()}@example.test`;
    const response = await server.request('/sign-in', formPost({ intent: 'create', name: 'New Person', email, newPassword: PASSWORD }));
    expect(response.status).toBe(302);
    const user = await getDb().user.findFirstOrThrow({ where: { email } });
    expect(user.balanceCents).toBe(4_000_000_00n);
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user.passwordHash).not.toContain(PASSWORD);
    const html = await (await server.request('/', { headers: { Cookie: cookiesFrom(response) } })).text();
    expect(pageText(html)).toContain('Welcome, New Person');
  });

  it('re-renders the form with clear messages for bad input, writing nothing and never echoing a password', async () => {
    const response = await server.request('/sign-in', formPost({ intent: 'create', name: '', email: 'not-an-email', newPassword: 'short' }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Enter your name.');
    expect(html).toContain('Enter a valid email address.');
    expect(html).toContain('Choose a password of at least 8 characters.');
    expect(html).toMatch(/<input[^>]*id="email"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="not-an-email"');
    expect(html).not.toContain('value="short"');
    expect(await getDb().user.count({ where: { email: 'not-an-email' } })).toBe(0);
  });

  it('answers a sign-up with an email in use exactly as with a new one: an account of its own, nothing told', async () => {
    const email = `shared-${randomUUID()}@example.test`;
    await createUser({ name: 'Persona-like', email });
    const first = await server.request('/sign-in', formPost({ intent: 'create', name: 'First', email, newPassword: PASSWORD }));
    const second = await server.request('/sign-in', formPost({ intent: 'create', name: 'Second', email: email.toUpperCase(), newPassword: `${PASSWORD} two` }));
    const fresh = await server.request(
      '/sign-in',
      formPost({ intent: 'create', name: 'Fresh', email: `fresh-${randomUUID()}@example.test`, newPassword: PASSWORD }),
    );
    for (const response of [first, second, fresh]) {
      expect(response).toRedirectTo('/', 302);
      expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('reen_session='))).toBe(true);
    }
    const accounts = await getDb().user.findMany({ where: { email }, select: { name: true, balanceCents: true }, orderBy: { createdAt: 'asc' } });
    expect(accounts.map((account) => account.name)).toEqual(['Persona-like', 'First', 'Second']);
    expect(accounts.every((account) => account.balanceCents === 4_000_000_00n)).toBe(true);
    for (const [response, name] of [
      [first, 'First'],
      [second, 'Second'],
    ] as const) {
      const html = await (await server.request('/profile', { headers: { Cookie: cookiesFrom(response) } })).text();
      expect(html).toContain(name);
    }
  });

  it('signs a second sign-up with the same email and password into the same account, and answers 400 to a forged intent', async () => {
    const email = `twice-${randomUUID()}@example.test`;
    const first = await server.request('/sign-in', formPost({ intent: 'create', name: 'Twice', email, newPassword: PASSWORD }));
    const again = await server.request('/sign-in', formPost({ intent: 'create', name: 'Twice Again', email, newPassword: PASSWORD }));
    expect([first.status, again.status]).toEqual([302, 302]);
    const accounts = await getDb().user.findMany({ where: { email }, select: { id: true, name: true } });
    expect(accounts).toEqual([expect.objectContaining({ name: 'Twice' })]);
    const html = await (await server.request('/profile', { headers: { Cookie: cookiesFrom(again) } })).text();
    expect(html).toContain('Twice');
    const forged = await server.request('/sign-in', formPost({ intent: 'delete-everything' }));
    expect(forged.status).toBe(400);
  });

  it('signs an account created here back in by its email, in any case, and its password', async () => {
    const email = `back-${randomUUID()}@example.test`;
    const created = await server.request('/sign-in', formPost({ intent: 'create', name: 'Back Again', email, newPassword: PASSWORD }));
    expect(created.status).toBe(302);
    const again = await server.request(
      '/sign-in',
      formPost({ intent: 'password', accountEmail: email.toUpperCase(), password: PASSWORD, redirectTo: '/orders' }),
    );
    expect(again).toRedirectTo('/orders', 302);
    const html = await (await server.request('/', { headers: { Cookie: cookiesFrom(again) } })).text();
    expect(pageText(html)).toContain('Welcome back, Back Again');
  });

  it('answers an unknown email, a wrong password and an account without a password alike: 401, one message, the email kept', async () => {
    const email = `known-${randomUUID()}@example.test`;
    await server.request('/sign-in', formPost({ intent: 'create', name: 'Known', email, newPassword: PASSWORD }));
    const passwordless = `old-${randomUUID()}@example.test`;
    await createUser({ name: 'Made before passwords', email: passwordless });
    const deletedEmail = `deleted-${randomUUID()}@example.test`;
    await server.request('/sign-in', formPost({ intent: 'create', name: 'Deleted', email: deletedEmail, newPassword: PASSWORD }));
    await deleteAccount((await getDb().user.findFirstOrThrow({ where: { email: deletedEmail } })).id);
    const clerkEmail = `clerk-${randomUUID()}@example.test`;
    await createUser({ name: 'Clerk Person', email: clerkEmail, clerkId: `user_${randomUUID()}` });

    const answers = [];
    for (const [accountEmail, password] of [
      [`nobody-${randomUUID()}@example.test`, PASSWORD],
      [email, 'not the password'],
      [passwordless, PASSWORD],
      [deletedEmail, PASSWORD],
      [clerkEmail, PASSWORD],
    ] as const) {
      const response = await server.request('/sign-in', formPost({ intent: 'password', accountEmail, password }));
      expect(response.headers.getSetCookie()).toEqual([]);
      const html = await response.text();
      expect(html).toMatch(/<input[^>]*id="password"[^>]*aria-invalid="true"/);
      expect(html).toContain(`value="${accountEmail}"`);
      expect(html).not.toContain(`value="${password}"`);
      answers.push({ status: response.status, message: /That email and password do not match an account made here\./.test(html) });
    }
    expect(answers).toEqual(Array(5).fill({ status: 401, message: true }));
  });

  it('takes as long for an unknown email as for a wrong password: the password is hashed either way', async () => {
    const email = `timed-${randomUUID()}@example.test`;
    await server.request('/sign-in', formPost({ intent: 'create', name: 'Timed', email, newPassword: PASSWORD }));
    const timed = async (accountEmail: string) => {
      const started = performance.now();
      await (await server.request('/sign-in', formPost({ intent: 'password', accountEmail, password: 'not the password' }))).text();
      return performance.now() - started;
    };
    // The two kinds alternate, each first in turn, so that whatever else the machine is doing (other
    // test files run beside this one) weighs on both alike.
    const wrongPasswordTimes: number[] = [];
    const unknownEmailTimes: number[] = [];
    for (let round = 0; round < 6; round++) {
      const unknown = `nobody-${randomUUID()}@example.test`;
      if (round % 2 === 0) {
        wrongPasswordTimes.push(await timed(email));
        unknownEmailTimes.push(await timed(unknown));
      } else {
        unknownEmailTimes.push(await timed(unknown));
        wrongPasswordTimes.push(await timed(email));
      }
    }
    const median = (times: number[]) => times.sort((x, y) => x - y)[times.length / 2]!;
    const wrongPassword = median(wrongPasswordTimes);
    const unknownEmail = median(unknownEmailTimes);
    // Without the stand-in hash, an unknown email answers in a few milliseconds against scrypt's tens
    // (a ratio under 0.1); the bounds are loose for a busy machine.
    expect(unknownEmail).toBeGreaterThan(wrongPassword * 0.4);
    expect(unknownEmail).toBeLessThan(wrongPassword * 2.5);
  });

  it('answers 400, not 500, to a body that is not a form', async () => {
    const json = await server.request('/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    expect(await json.text()).toContain('could not be read as a form');
    const broken = await server.request('/theme', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
      body: 'garbage',
    });
    expect(broken.status).toBe(400);
  });

  it('signs out with a POST and says so once (a flash message)', async () => {
    const cookie = await signIn();
    const response = await server.request('/sign-out', formPost({}, cookie));
    expect(response.status).toBe(303);
    const home = await server.request('/', { headers: { Cookie: cookiesFrom(response) } });
    const html = await home.text();
    expect(html).toContain('href="/sign-in"');
    expect(html).not.toContain('Welcome back');
    expect(html).toContain('You are signed out.');
    // The page that showed the message clears it, so a reload does not show it again.
    const cleared = home.headers.getSetCookie().find((value) => value.startsWith('__flash='));
    expect(cleared).toMatch(/Max-Age=0/);
    const again = await (await server.request('/', { headers: { Cookie: cookiesFrom(home) } })).text();
    expect(again).not.toContain('You are signed out.');
  });

  it('ignores a forged flash cookie', async () => {
    const html = await (await server.request('/', { headers: { Cookie: '__flash=eyJraW5kIjoiZXJyb3IifQ%3D%3D' } })).text();
    expect(html).not.toContain('data-testid="flash"');
  });
});

describe('theme', () => {
  it('keeps the choice in a cookie, so the first paint is right without JavaScript', async () => {
    const response = await server.request('/theme', formPost({ theme: 'dark', redirectTo: '/products?page=2' }));
    expect(response).toRedirectTo('/products?page=2', 302);
    const html = await (await server.request('/', { headers: { Cookie: cookiesFrom(response) } })).text();
    expect(html).toContain('data-theme="dark"');
    expect(html).toMatch(/value="dark" aria-pressed="true"/);
  });

  it('refuses an unknown theme', async () => {
    const response = await server.request('/theme', formPost({ theme: 'sepia' }));
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
