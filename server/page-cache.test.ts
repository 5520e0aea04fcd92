// The cache of signed-out pages, ETags and Cache-Control over HTTP against the built server: no
// page is ever served stale after a write that changed it, whoever asks and however (a plain
// request, or a browser revalidating its copy with If-None-Match).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { deleteAccount, deleteClerkAccount } from '~/models/account.server.ts';
import { GLOBAL_COUNTS_TTL_MS } from '~/models/catalog-counts.server.ts';
import { releaseCheckout } from '~/models/checkout/release.server.ts';
import { createProduct, deleteProduct, updateProduct } from '~/models/product.server.ts';
import { createUser, ensureClerkUser } from '~/models/user.server.ts';
import { serializeTheme } from '~/utils/theme.server.ts';
import { useJobQueue, useScratchDatabase } from '../test/database-hooks.ts';
import { createUser as createTestUser, sessionCookie } from '../test/factories.ts';
import { cookiesFrom, formPost, useTestServer } from '../test/http.ts';
import { placeOrder } from '../test/orders.ts';
import { productInput, reserveUnits } from '../test/products.ts';

// A database of its own: on the shared one, files running beside this one write products, and every
// such write changes the page version that a cached page must match.
useScratchDatabase();
useJobQueue();
const server = useTestServer();

let shopperCookie: string;

beforeAll(async () => {
  shopperCookie = await sessionCookie((await createTestUser()).id);
});

type Seen = { status: number; body: string; etag: string | null; cache: string | null; cacheControl: string | null; csp: string | null };

async function get(path: string, headers: Record<string, string> = {}): Promise<Seen> {
  const response = await server.request(path, { headers });
  return {
    status: response.status,
    body: await response.text(),
    etag: response.headers.get('etag'),
    cache: response.headers.get('x-page-cache'),
    cacheControl: response.headers.get('cache-control'),
    csp: response.headers.get('content-security-policy'),
  };
}

/**
 * The page as a signed-out visitor gets it once it is in the cache: asked until it is a hit (the
 * sidebar's recent counts, part of the key, may refresh in between).
 */
async function cachedSignedOut(path: string, headers: Record<string, string> = {}): Promise<Seen> {
  let seen = await get(path, headers);
  for (let asked = 1; seen.cache !== 'hit' && asked < 4; asked++) seen = await get(path, headers);
  expect(seen.cache, `${path} is served from the cache (the last answer: ${seen.status}, ETag ${seen.etag})`).toBe('hit');
  return seen;
}

/**
 * Waits until the sidebar's recent counts (part of the key, up to GLOBAL_COUNTS_TTL_MS old, ADR 007)
 * include every write made before: from then on, with no write in between, two requests for one page
 * get the same page. The margin covers a count that began before the last write and ended after it.
 */
const countsCaughtUp = () => new Promise((resolve) => setTimeout(resolve, GLOBAL_COUNTS_TTL_MS + 500));

/** Whether the page lists a product of this name (as a link's text: a search box only echoes it). */
const lists = (body: string, name: string) => body.includes(`>${name}<`);

/**
 * Loads every page signed out (into the cache) and signed in, runs the write, then checks that each
 * page shows `after` to both: asked plainly, and with the ETag of the copy from before the write.
 */
async function expectFreshAfter(paths: string[], write: () => Promise<unknown>, before: (body: string) => void, after: (body: string) => void) {
  const old = [];
  for (const path of paths) {
    const signedOut = await cachedSignedOut(path);
    const signedIn = await get(path, { Cookie: shopperCookie });
    before(signedOut.body);
    before(signedIn.body);
    old.push({ path, signedOut, signedIn });
  }
  await write();
  for (const { path, signedOut, signedIn } of old) {
    for (const [who, headers, etag] of [
      ['signed out', {}, signedOut.etag],
      ['signed in', { Cookie: shopperCookie }, signedIn.etag],
    ] as const) {
      for (const revalidating of [false, true]) {
        const seen = await get(path, { ...headers, ...(revalidating ? { 'If-None-Match': etag! } : {}) });
        expect(seen.status, `${path} ${who}${revalidating ? ' revalidating' : ''}`).toBe(200);
        after(seen.body);
      }
    }
  }
}

async function seller(name = `Seller ${randomUUID().slice(0, 8)}`) {
  return (await createTestUser({ name, role: 'ADMIN' })).id;
}

const stockCount = (body: string) => Number(body.match(/data-testid="stock-count">(\d+)</)?.[1]);

describe('no page is stale after a write that changed it', () => {
  it('a product created shows in the list and on its seller’s other products', async () => {
    const sellerId = await seller();
    const { id: firstId } = await createProduct(sellerId, productInput());
    const name = `Fresh ${randomUUID().slice(0, 8)}`;
    await expectFreshAfter(
      [`/products?q=${encodeURIComponent(name)}`, `/products?seller=${sellerId}`, `/products/${firstId}`, '/products'],
      () => createProduct(sellerId, productInput({ name })),
      (body) => expect(lists(body, name)).toBe(false),
      (body) => expect(lists(body, name)).toBe(true),
    );
  });

  it('a product edited shows its new name and price everywhere', async () => {
    const sellerId = await seller();
    const { id } = await createProduct(sellerId, productInput({ name: `Before ${randomUUID().slice(0, 8)}` }));
    const name = `After ${randomUUID().slice(0, 8)}`;
    await expectFreshAfter(
      [`/products/${id}`, `/products?seller=${sellerId}`],
      () => updateProduct(sellerId, id, productInput({ name, priceCents: 777_77 })),
      (body) => expect(body).not.toContain(name),
      (body) => {
        expect(body).toContain(name);
        expect(body).toContain('$777.77');
      },
    );
  });

  it('a product deleted leaves the list', async () => {
    const sellerId = await seller();
    const name = `Doomed ${randomUUID().slice(0, 8)}`;
    const { id } = await createProduct(sellerId, productInput({ name }));
    await expectFreshAfter(
      [`/products?seller=${sellerId}`, `/products?q=${encodeURIComponent(name)}`],
      () => deleteProduct(sellerId, id),
      (body) => expect(lists(body, name)).toBe(true),
      (body) => expect(lists(body, name)).toBe(false),
    );
  });

  it('units sold show in the stock, and "Only N left" in the list', async () => {
    const sellerId = await seller();
    const name = `Selling ${randomUUID().slice(0, 8)}`;
    const { id } = await createProduct(sellerId, productInput({ name, quantity: 10 }));
    await expectFreshAfter(
      [`/products/${id}`, `/products?q=${encodeURIComponent(name)}`],
      async () => placeOrder((await createTestUser()).id, [{ productId: id, quantity: 3 }]),
      (body) => expect(body).not.toContain('Only 7 left'),
      (body) => {
        if (body.includes('data-testid="stock-count"')) expect(stockCount(body)).toBe(7);
        else expect(body).toContain('Only 7 left');
      },
    );
  });

  it('units reserved by a checkout, and released by its cancellation, show in the stock', async () => {
    const sellerId = await seller();
    const { id } = await createProduct(sellerId, productInput({ quantity: 10 }));
    let checkoutId = '';
    await expectFreshAfter(
      [`/products/${id}`],
      async () => (checkoutId = await reserveUnits(id, 4)),
      (body) => expect(stockCount(body)).toBe(10),
      (body) => expect(stockCount(body)).toBe(6),
    );
    await expectFreshAfter(
      [`/products/${id}`],
      () => releaseCheckout(checkoutId),
      (body) => expect(stockCount(body)).toBe(6),
      (body) => expect(stockCount(body)).toBe(10),
    );
  });

  it('a seller renamed on the profile form shows the new name beside their products', async () => {
    const sellerId = await seller();
    const { id } = await createProduct(sellerId, productInput());
    const name = `Renamed ${randomUUID().slice(0, 8)}`;
    await expectFreshAfter(
      [`/products/${id}`, `/products?seller=${sellerId}`],
      async () => {
        const response = await server.request(
          '/profile?index',
          formPost({ intent: 'details', name, email: `${randomUUID()}@example.test` }, await sessionCookie(sellerId)),
        );
        expect([302, 303]).toContain(response.status);
      },
      (body) => expect(body).not.toContain(name),
      (body) => expect(body).toContain(name),
    );
  });

  it('a seller renamed at Clerk (user.updated) shows the new name beside their products', async () => {
    const clerkId = `user_${randomUUID().slice(0, 12)}`;
    const { id: sellerId } = await createUser({ name: `Clerk seller ${randomUUID().slice(0, 8)}`, email: null, clerkId, role: 'ADMIN' });
    const { id } = await createProduct(sellerId, productInput());
    const name = `Clerk renamed ${randomUUID().slice(0, 8)}`;
    await expectFreshAfter(
      [`/products/${id}`],
      () => ensureClerkUser({ clerkId, name, email: null }),
      (body) => expect(body).not.toContain(name),
      (body) => expect(body).toContain(name),
    );
  });

  it('a seller’s account deleted takes their products off the list', async () => {
    const sellerId = await seller();
    const name = `Orphan ${randomUUID().slice(0, 8)}`;
    await createProduct(sellerId, productInput({ name }));
    await expectFreshAfter(
      [`/products?q=${encodeURIComponent(name)}`, '/products'],
      () => deleteAccount(sellerId),
      (body) => expect(lists(body, name)).toBe(true),
      (body) => expect(lists(body, name)).toBe(false),
    );
  });

  it('a seller deleted at Clerk (user.deleted) takes their products off the list', async () => {
    const clerkId = `user_${randomUUID().slice(0, 12)}`;
    const { id: sellerId } = await createUser({ name: `Clerk seller ${randomUUID().slice(0, 8)}`, email: null, clerkId, role: 'ADMIN' });
    const name = `Clerk orphan ${randomUUID().slice(0, 8)}`;
    await createProduct(sellerId, productInput({ name }));
    await expectFreshAfter(
      [`/products?q=${encodeURIComponent(name)}`],
      () => deleteClerkAccount(clerkId),
      (body) => expect(lists(body, name)).toBe(true),
      (body) => expect(lists(body, name)).toBe(false),
    );
  });
});

describe('the cache', () => {
  it('serves each page with the nonce of its own response, the CSP unchanged', async () => {
    await countsCaughtUp();
    const seen = await cachedSignedOut('/products');
    const nonce = seen.csp!.match(/'nonce-([^']+)'/)![1]!;
    const again = await get('/products');
    const nextNonce = again.csp!.match(/'nonce-([^']+)'/)![1]!;
    expect(nextNonce).not.toBe(nonce);
    expect(again.body).toContain(`nonce="${nextNonce}"`);
    expect(again.body).not.toContain(nonce);
    expect(again.body.replaceAll(nextNonce, '')).toBe(seen.body.replaceAll(nonce, ''));
  });

  it('keeps two themes and two time zones apart', async () => {
    const dark = (await serializeTheme('dark')).split(';')[0]!;
    const light = (await serializeTheme('light')).split(';')[0]!;
    // A write first: every entry of older versions is gone.
    await createProduct(await seller(), productInput());
    const pairs = [
      [dark, light],
      [`${dark}; tz=Asia%2FTokyo`, `${dark}; tz=America%2FNew_York`],
    ];
    for (const [one, other] of pairs) {
      expect((await get('/products', { Cookie: one! })).cache).toBe('miss');
      await cachedSignedOut('/products', { Cookie: one! });
      expect((await get('/products', { Cookie: other! })).cache, `${other} does not get the page of ${one}`).toBe('miss');
    }
    expect((await get('/products', { Cookie: dark })).body).toContain('data-theme="dark"');
    expect((await get('/products', { Cookie: light })).body).toContain('data-theme="light"');
  });

  it('never stores an answer that sets a cookie, such as a flash', async () => {
    // An unknown seller redirects to the list with a flash message.
    const path = `/products?seller=${randomUUID()}`;
    for (let i = 0; i < 2; i++) {
      const response = await server.request(path);
      expect([302, 303]).toContain(response.status);
      expect(response.headers.get('set-cookie')).toContain('__flash=');
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(response.headers.get('x-page-cache')).toBe('miss');
    }
    // The page showing the flash clears it with a cookie: never kept, never served to anyone else.
    const flash = cookiesFrom(await server.request(path));
    for (let i = 0; i < 2; i++) {
      const response = await server.request('/products', { headers: { Cookie: flash } });
      expect(response.headers.get('x-page-cache')).toBeNull();
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(await response.text()).toContain('That seller does not exist.');
    }
    expect((await get('/products')).body).not.toContain('That seller does not exist.');
  });

  it("keeps a page's data for a JavaScript navigation beside the page, never stale after a write", async () => {
    const sellerId = await seller();
    const before = `Before ${randomUUID().slice(0, 8)}`;
    const { id } = await createProduct(sellerId, productInput({ name: before }));
    const dataPath = `/products/${id}.data`;
    await countsCaughtUp();
    const cached = await cachedSignedOut(dataPath);
    expect(cached.body).toContain(JSON.stringify(before));
    // Sent as Remix sent it: the client decodes it by its type and knows it is Remix's answer.
    const again = await server.request(dataPath);
    expect(again.headers.get('content-type')).toMatch(/^text\/x-script/);
    expect(again.headers.get('x-remix-response')).toBe('yes');
    expect((await get(dataPath, { 'If-None-Match': cached.etag! })).status).toBe(304);

    const after = `After ${randomUUID().slice(0, 8)}`;
    await updateProduct(sellerId, id, productInput({ name: after }));
    for (const headers of [{}, { 'If-None-Match': cached.etag! }, { Cookie: shopperCookie }] as Record<string, string>[]) {
      const seen = await get(dataPath, headers);
      expect(seen.status).toBe(200);
      expect(seen.body).toContain(JSON.stringify(after));
      expect(seen.body).not.toContain(JSON.stringify(before));
    }
    const signedIn = await get(dataPath, { Cookie: shopperCookie });
    expect(signedIn.cache).toBeNull();
    expect(signedIn.cacheControl).toBe('private, no-store');
  });

  it('never serves a signed-in person from it, and never lets a shared cache keep their page', async () => {
    await cachedSignedOut('/products');
    const signedIn = await get('/products', { Cookie: shopperCookie });
    expect(signedIn.cache).toBeNull();
    expect(signedIn.cacheControl).toBe('private, no-store');
  });
});

/**
 * The product page's price chart ends at "now", to the minute: two requests that must see the same
 * page are not sent in the last seconds of a minute.
 */
async function notNearTheMinutesEnd() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left));
}

describe('ETag and 304', () => {
  it('answers 304 to a signed-out visitor whose copy is current, without a CSP for another nonce', async () => {
    await countsCaughtUp();
    const { etag, cacheControl } = await cachedSignedOut('/products');
    expect(cacheControl).toMatch(/^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+$/);
    const response = await server.request('/products', { headers: { 'If-None-Match': etag! } });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe('');
    expect(response.headers.get('content-security-policy')).toBeNull();
  });

  it('answers 304 to a signed-in person whose copy is current, and 200 once their header changed', async () => {
    const sellerId = await seller();
    const { id } = await createProduct(sellerId, productInput());
    // Two price changes, so that the price chart has a step between its first point and "now",
    // placed by the time between them and now.
    await updateProduct(sellerId, id, productInput({ priceCents: 12_34 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await updateProduct(sellerId, id, productInput({ priceCents: 23_45 }));
    const buyerId = (await createTestUser()).id;
    const cookie = await sessionCookie(buyerId);
    await countsCaughtUp();
    await notNearTheMinutesEnd();
    const first = await get(`/products/${id}`, { Cookie: cookie });
    expect(first.etag).toMatch(/^W\/"/);
    const again = await server.request(`/products/${id}`, { headers: { Cookie: cookie, 'If-None-Match': first.etag! } });
    expect(again.status).toBe(304);
    // The cart count in the header changes: the copy is not current any more.
    const added = await server.request('/cart', formPost({ intent: 'add', productId: id, quantity: '1' }, cookie));
    expect(added.status).toBeLessThan(400);
    const after = await server.request(`/products/${id}`, { headers: { Cookie: cookie, 'If-None-Match': first.etag! } });
    expect(after.status).toBe(200);
  });
});
