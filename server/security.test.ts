// Browser-facing defences over real HTTP: cross-site form posts refused (CSRF) while the signed
// webhooks stay open, the Content-Security-Policy with a fresh nonce that every inline script
// carries, the other security headers, and the session cookie's flags.
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { webhookSigningSecret } from '~/utils/payments/provider.server.ts';
import { createProduct, createUser, sessionCookie } from '../test/factories.ts';
import { useDatabase, useJobQueue } from '../test/database-hooks.ts';
import { formPost, useTestServer } from '../test/http.ts';
import { useTally } from '../test/reliability.ts';
import { PUBLIC_PAGE_CACHE_CONTROL } from './page-cache.ts';
import { clerkFrontendApi, contentSecurityPolicy, freshNonce } from './security.ts';

useDatabase();
useJobQueue();
const tally = useTally('security (CSRF, headers, cookies)');
const server = useTestServer();

function withHeaders(init: RequestInit, headers: Record<string, string>): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } };
}

describe('cross-site request forgery', () => {
  async function addToCartFrom(headers: Record<string, string>) {
    const { id: buyerId } = await createUser();
    const { id: productId } = await createProduct();
    const response = await server.request('/cart', withHeaders(formPost({ intent: 'add', productId, quantity: '1' }, await sessionCookie(buyerId)), headers));
    tally.operations++;
    if (headers.Origin !== server.origin && Object.keys(headers).length) tally.badInputs++;
    if (response.status >= 500) tally.serverErrors++;
    const lines = await getDb().cartItem.count({ where: { userId: buyerId } });
    return { response, lines };
  }

  it.each([
    ['another site named in Origin', { Origin: 'https://evil.example' }],
    ['an opaque (null) Origin, as from a sandboxed frame', { Origin: 'null' }],
    ['a look-alike host', { Origin: 'http://127.0.0.1.evil.example' }],
    ['no Origin but Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['no Origin but Sec-Fetch-Site: same-site (another subdomain)', { 'Sec-Fetch-Site': 'same-site' }],
  ])('refuses a post from %s with 403 and a message, changing nothing', async (_, headers) => {
    const { response, lines } = await addToCartFrom(headers);
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/Cross-site request refused/);
    expect(lines).toBe(0);
  });

  it('accepts a post from its own pages, and from programs that send no Origin at all', async () => {
    const own = await addToCartFrom({ Origin: server.origin, 'Sec-Fetch-Site': 'same-origin' });
    expect(own.response.status).toBe(303);
    expect(own.lines).toBe(1);
    const program = await addToCartFrom({});
    expect(program.lines).toBe(1);
  });

  it('refuses cross-site sign-in and sign-out too (login CSRF)', async () => {
    const signIn = await server.request(
      '/sign-in',
      withHeaders(formPost({ intent: 'create', name: 'Mallory', email: `${randomUUID()}@example.test`, newPassword: 'mallory password' }), {
        Origin: 'https://evil.example',
      }),
    );
    expect(signIn.status).toBe(403);
    expect(signIn.headers.getSetCookie()).toEqual([]);
    const signOut = await server.request('/sign-out', withHeaders(formPost({}), { Origin: 'https://evil.example' }));
    expect(signOut.status).toBe(403);
    // Nor may another site end every session of a signed-in visitor.
    const { id: victim } = await createUser();
    const cookie = await sessionCookie(victim);
    const everywhere = await server.request('/sign-out', withHeaders(formPost({ scope: 'everywhere' }, cookie), { 'Sec-Fetch-Site': 'cross-site' }));
    expect(everywhere.status).toBe(403);
    expect(await getDb().userSession.count({ where: { userId: victim } })).toBe(1);
  });

  it('leaves the signed webhooks open to posts from anywhere', async () => {
    const payload = JSON.stringify({ id: `evt_${randomUUID()}`, object: 'event', type: 'customer.created', data: { object: { id: 'cus_1' } } });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSigningSecret() });
    const response = await server.request('/webhooks/stripe', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature, Origin: 'https://stripe.example', 'Sec-Fetch-Site': 'cross-site' },
      body: payload,
    });
    expect(response.status).toBe(200);
  });
});

describe('security headers', () => {
  it('sends a Content-Security-Policy whose fresh nonce every inline script of the page carries', async () => {
    const [first, second] = await Promise.all([server.request('/products'), server.request('/products')]);
    const policy = first.headers.get('content-security-policy')!;
    const nonce = policy.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second.headers.get('content-security-policy')).not.toContain(nonce);

    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(2);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);

    const directives = Object.fromEntries(policy.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(expect.arrayContaining(["'self'", `'nonce-${nonce}'`]));
    expect(directives['script-src']).not.toContain("'unsafe-inline'");
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
  });

  it('never gives two requests the same nonce, past the pool of random bytes they are drawn from', () => {
    const nonces = Array.from({ length: 1_000 }, freshNonce);
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });

  it('sets nosniff, a referrer policy and no framing on every answer, assets and errors included', async () => {
    for (const path of ['/', '/healthz', '/favicon.ico', '/no/such/page']) {
      const response = await server.request(path);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
  });

  it("allows Clerk's hosts and the product images' host in the policy", () => {
    const publishableKey = `pk_live_${Buffer.from('clerk.reen.example$').toString('base64')}`;
    expect(clerkFrontendApi(publishableKey)).toBe('https://clerk.reen.example');
    expect(clerkFrontendApi('sk_live_nope')).toBeNull();
    const policy = contentSecurityPolicy('abc', { imageUrlTemplate: 'https://robohash.org/{id}', clerkPublishableKey: publishableKey });
    const directive = (name: string) => policy.split('; ').find((entry) => entry.startsWith(`${name} `))!;
    expect(directive('script-src')).toContain('https://clerk.reen.example');
    expect(directive('script-src')).toContain('https://challenges.cloudflare.com');
    expect(directive('connect-src')).toContain('https://clerk.reen.example');
    expect(directive('img-src')).toContain('https://robohash.org');
    expect(directive('img-src')).toContain('https://img.clerk.com');
    expect(directive('worker-src')).toBe("worker-src 'self' blob:");
    expect(directive('frame-src')).toContain('https://challenges.cloudflare.com');
    // The page a form post redirects to may send the browser on to Clerk's handshake.
    expect(directive('form-action')).toContain('https://clerk.reen.example');
    expect(directive('form-action')).toContain('https://checkout.stripe.com');
    // A relative template (the built-in placeholder images) is covered by 'self'.
    expect(contentSecurityPolicy('abc', { imageUrlTemplate: '/placeholder-images/{id}', clerkPublishableKey: publishableKey })).toContain(
      "img-src 'self' data: blob: https://img.clerk.com",
    );
  });

  it("allows none of Clerk's hosts without Clerk (the demo sign-in)", async () => {
    const policy = (await server.request('/products')).headers.get('content-security-policy')!;
    expect(policy).not.toMatch(/clerk|cloudflare/i);
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+';/);
    expect(contentSecurityPolicy('abc', { imageUrlTemplate: '/placeholder-images/{id}' })).toContain("img-src 'self' data: blob:;");
  });

  it('sends no Strict-Transport-Security outside production (production: server/deployment.test.ts)', async () => {
    expect((await server.request('/')).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('caching of private pages', () => {
  it("answers a signed-in person's pages and data requests with private, no-store; a visitor's keep their caching", async () => {
    const cookie = await sessionCookie((await createUser()).id);
    for (const path of ['/profile', '/products', '/', '/profile.data', '/_root.data', '/products.data?_routes=routes%2Fproducts._index', '/?_data=root']) {
      const response = await server.request(path, { headers: { Cookie: cookie } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('private, no-store');
    }
    // A page that refuses is a page too.
    const refused = await server.request('/products/new', { headers: { Cookie: cookie } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('cache-control')).toBe('private, no-store');
    // A visitor's pages, and their data for JavaScript navigations, may be kept briefly by a CDN
    // (the page cache's public Cache-Control, with Vary: Cookie).
    for (const path of ['/products', '/', '/products.data', '/_root.data']) {
      const response = await server.request(path);
      expect(response.headers.get('cache-control'), path).toBe(PUBLIC_PAGE_CACHE_CONTROL);
      expect(response.headers.get('vary'), path).toMatch(/\bCookie\b/);
    }
    // Resource routes (the placeholder images) keep their own caching, signed in or not.
    const image = await server.request(`/placeholder-images/${randomUUID()}`, { headers: { Cookie: cookie } });
    expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});

describe('body limits', () => {
  it('refuses forms over 100 KB and webhooks over 1 MiB before reading them, with a message', async () => {
    const form = await server.request('/sign-in', formPost({ intent: 'create', name: 'x'.repeat(100 * 1024 + 1) }));
    expect(form.status).toBe(413);
    expect(await form.text()).toMatch(/too large: at most 100 KB/);
    const webhook = await server.request('/webhooks/stripe', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(webhook.status).toBe(413);
    expect(await webhook.text()).toMatch(/too large: at most 1024 KB/);
    // Up to 1 MiB a webhook reaches its route, which refuses this one for lack of a signature without
    // reading it. (Before discardUnreadBodies, the next request on that kept-alive connection hung:
    // the session cookie test below timed out whenever it followed this one.)
    const unsigned = await server.request('/webhooks/stripe', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: 'x'.repeat(200 * 1024),
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.text()).toMatch(/Missing Stripe-Signature/);
  });
});

describe('the session cookie', () => {
  it('is httpOnly, SameSite=Lax and for the whole site (Secure in production: see session.server.test.ts)', async () => {
    const response = await server.request(
      '/sign-in',
      formPost({ intent: 'create', name: 'Cookie Tester', email: `${randomUUID()}@example.test`, newPassword: 'cookie tester password' }),
    );
    expect(response.status).toBe(302);
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('reen_session='))!;
    const flags = session
      .split('; ')
      .slice(1)
      .map((flag) => flag.toLowerCase());
    expect(flags).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    expect(flags).not.toContain('secure');
  });
});
