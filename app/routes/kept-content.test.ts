// Pages whose content the server keeps by their loader data and URL (docs/decisions/028): served
// kept, a page reads exactly as rendered in full; a change of what it shows is seen at once; people
// whose content reads the same share it, each with their own header.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProduct, updateProduct } from '~/models/product.server.ts';
import { useScratchDatabase } from '../../test/database-hooks.ts';
import { createSignedInUser, type SignedInTestUser } from '../../test/factories.ts';
import { useTestServer } from '../../test/http.ts';
import { parseMetrics, valueOf } from '../../test/metrics.ts';
import { nonceNamedAlike } from '../../test/page-text.ts';
import { productInput } from '../../test/products.ts';

// A database of its own: the economy page shows every account's money, which other files change.
useScratchDatabase();
const server = useTestServer();

const tag = randomUUID().slice(0, 8);
// Text a person can type, which the markup must escape and isolate.
const tricky = `</article> <b>${tag}</b> & "co" שלום 🎉`;
let seller: SignedInTestUser;
let shopper: SignedInTestUser;
let otherShopper: SignedInTestUser;
let productId: string;

beforeAll(async () => {
  // A product page's chart runs up to "now" to the minute: a clock that stands still keeps a page's
  // data the same from one request to the next (this process is the server too).
  vi.useFakeTimers({ toFake: ['Date'], now: new Date() });
  seller = await createSignedInUser({ name: `Seller ${tricky}`, role: 'ADMIN' });
  shopper = await createSignedInUser({ name: `Shopper ${tag}` });
  otherShopper = await createSignedInUser({ name: `Other shopper ${tag}` });
  ({ id: productId } = await createProduct(seller.id, productInput({ name: `Product ${tricky}`, priceCents: 12_34 })));
  await createProduct(seller.id, productInput({ name: `Another ${tricky}` }));
});

afterAll(() => {
  vi.useRealTimers();
});

/** A page as its viewer gets it, with the request's nonce named alike (it is the only part that must differ). */
async function page(path: string, viewer: SignedInTestUser) {
  const response = await server.request(path, { headers: { Cookie: viewer.cookie } });
  expect(response.status).toBe(200);
  return nonceNamedAlike(await response.text());
}

/** Text as React writes it into markup. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const escaped = (text: string) => text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);

/** The name the page's header shows (the person it was rendered for). */
const headerName = (html: string) => /data-testid="header-user"[^>]*>(?:<[^>]+>)*([^<]*)</.exec(html)?.[1];

async function servedKept(part: string) {
  const response = await server.request('/metrics');
  return valueOf(parseMetrics(await response.text()), 'reen_kept_markup_total', { part, outcome: 'served' });
}

describe.each([
  { part: 'product-page', path: () => `/products/${productId}`, shows: `Product ${tricky}` },
  { part: 'products-list', path: () => `/products?q=${tag}&sort=name`, shows: `Another ${tricky}` },
  { part: 'users-list', path: () => `/users?q=${tag}`, shows: `Seller ${tricky}` },
  { part: 'economy', path: () => '/economy?range=7d', shows: 'Every cent ever granted' },
])('$part', ({ part, path, shows }) => {
  it('is kept at its second request and served kept from the third, reading exactly as rendered in full', async () => {
    const before = await servedKept(part);
    const full = await page(path(), shopper);
    expect(full).toContain(`data-kept-part="${part}"`);
    expect(full).toContain(escaped(shows));
    expect(await page(path(), shopper)).toBe(full);
    expect(await servedKept(part)).toBe(before);
    expect(await page(path(), shopper)).toBe(full);
    expect(await servedKept(part)).toBe(before + 1);
  });

  it('is shared by viewers whose content reads the same, each with their own header', async () => {
    for (let i = 0; i < 2; i++) await page(path(), shopper);
    const before = await servedKept(part);
    const theirs = await page(path(), otherShopper);
    expect(await servedKept(part)).toBe(before + 1);
    expect(headerName(theirs)).toBe(`Other shopper ${tag}`);
  });
});

describe('the product page', () => {
  it('shows a change at once, and never another viewer their own content', async () => {
    for (let i = 0; i < 3; i++) await page(`/products/${productId}`, shopper);
    // The seller's page says it is theirs: their data differs from the shopper's.
    const sellers = await page(`/products/${productId}`, seller);
    expect(sellers).toContain('You&#x27;re the seller');
    expect(sellers).not.toContain('data-testid="add-to-cart-form"');

    await updateProduct(seller.id, productId, productInput({ name: `Product ${tricky}`, priceCents: 56_78 }));
    const repriced = await page(`/products/${productId}`, shopper);
    expect(repriced).toMatch(/data-testid="price"[^>]*>\$56\.78</);
  });

  it('draws its chart up to the new "now" once the minute turns, never the page kept before', async () => {
    const chartOf = (html: string) => /data-testid="chart-price-history"[\s\S]*?<\/figure>/.exec(html)![0];
    let before = '';
    for (let i = 0; i < 3; i++) before = await page(`/products/${productId}`, shopper);
    vi.setSystemTime(Date.now() + 90 * 60_000);
    const later = await page(`/products/${productId}`, shopper);
    expect(chartOf(later)).not.toBe(chartOf(before));
  });

  it('keeps the URL in its key: the form sends a shopper back to the address they came from', async () => {
    for (let i = 0; i < 3; i++) await page(`/products/${productId}`, shopper);
    const path = `/products/${productId}?from=${tag}`;
    const addressed = await page(path, shopper);
    const form = /data-testid="add-to-cart-form"[\s\S]*?<\/form>/.exec(addressed)![0];
    expect(form).toContain(`name="redirectTo" value="${path}"`);
  });
});
