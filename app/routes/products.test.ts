// /products and /products/:id over HTTP, as a browser without JavaScript sees them.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProduct, updateProduct } from '~/models/product.server.ts';
import { ANONYMOUS_USER_ID } from '~/models/system-accounts.ts';
import { createUser, DEMO_EMAIL_DOMAIN } from '~/models/user.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { cookiesFrom, formPost, useTestServer } from '../../test/http.ts';
import { productInput } from '../../test/products.ts';
import { pageText } from '../../test/page-text.ts';

const tag = `prod${randomUUID().slice(0, 8)}`;
let seller: { id: string; cookie: string };
let shopper: { id: string; cookie: string };
const productIds: string[] = [];
let soldOutId: string;
let deletedId: string;

useDatabase();

const server = useTestServer();

async function person(name: string, role: 'ADMIN' | 'NADMIN') {
  const { id } = await createUser({ name, email: `${randomUUID()}@${DEMO_EMAIL_DOMAIN}`, role });
  const response = await server.request('/sign-in', formPost({ intent: 'pick', userId: id, redirectTo: '/' }));
  expect(response.status).toBe(302);
  return { id, cookie: cookiesFrom(response) };
}

function product(name: string, ownerId: string, extra: { stock?: number; createdAt?: Date } = {}) {
  return getDb().product.create({
    data: {
      name,
      description: `About ${name}`,
      priceCents: 1234,
      stock: extra.stock ?? 5,
      imageIds: [randomUUID(), randomUUID()],
      ownerId,
      createdAt: extra.createdAt,
    },
    select: { id: true },
  });
}

beforeAll(async () => {
  seller = await person(`Seller ${tag}`, 'ADMIN');
  shopper = await person(`Shopper ${tag}`, 'NADMIN');
  for (let i = 0; i < 12; i++) {
    // Item 11 has plenty in stock; the others few.
    const { id } = await product(`Item ${String(i).padStart(2, '0')} ${tag}`, seller.id, {
      stock: i === 11 ? 8 : 5,
      createdAt: new Date(Date.now() - i * 60_000),
    });
    productIds.push(id);
  }
  soldOutId = (await product(`Sold out ${tag}`, shopper.id, { stock: 0 })).id;
  deletedId = (await product(`Deleted ${tag}`, ANONYMOUS_USER_ID)).id;
});

/** The page and its text the way a reader sees it. */
async function readPage(response: Response) {
  const html = await response.text();
  return { html, text: pageText(html) };
}

async function get(path: string, cookie?: string) {
  const response = await server.request(path, cookie ? { headers: { Cookie: cookie } } : {});
  return { status: response.status, location: response.headers.get('location'), ...(await readPage(response)) };
}

const rowCount = (html: string) => html.match(/data-testid="product-row"/g)?.length ?? 0;

describe('GET /products', () => {
  it('searches by name and shows the seller link, never an anonymised product', async () => {
    const page = await get(`/products?q=${tag}&perPage=50`);
    expect(page.status).toBe(200);
    expect(rowCount(page.html)).toBe(13);
    expect(page.text).toContain(`Item 00 ${tag}`);
    expect(page.text).toContain(`Sold out ${tag}`);
    expect(page.text).not.toContain(`Deleted ${tag}`);
    expect(page.html).toContain(`href="/users/${seller.id}"`);
    expect(page.text).toContain('$12.34');
    const none = await get(`/products?q=nothing-${tag}`);
    expect(none.status).toBe(200);
    expect(none.text).toContain('No results.');
    expect(none.text).toContain('Page 1 of 1');
  });

  it('keeps page numbers and sizes in range: every malformed URL still answers 200', async () => {
    const base = `/products?seller=${seller.id}`;
    const first = await get(`${base}&page=0`);
    expect(first.status).toBe(200);
    expect(first.text).toContain('Page 1 of 2');
    expect(first.text).toContain(`Item 00 ${tag}`);
    expect(rowCount(first.html)).toBe(10);
    for (const page of ['-4', 'abc', '1.5']) {
      const response = await get(`${base}&page=${page}`);
      expect(response.status).toBe(200);
      expect(response.text).toContain('Page 1 of 2');
    }
    const pastTheEnd = await get(`${base}&page=99`);
    expect(pastTheEnd.status).toBe(200);
    expect(pastTheEnd.text).toContain('Page 2 of 2');
    expect(rowCount(pastTheEnd.html)).toBe(2);
    expect(pastTheEnd.text).toContain(`Item 11 ${tag}`);
    for (const perPage of ['7', 'lots', '-10', '1000']) {
      const response = await get(`${base}&perPage=${perPage}`);
      expect(response.status).toBe(200);
      expect(rowCount(response.html)).toBe(10);
    }
    const twenty = await get(`${base}&perPage=20`);
    expect(rowCount(twenty.html)).toBe(12);
    expect(twenty.text).toContain('Page 1 of 1');
  });

  it('sorts by a known column and falls back to newest for an unknown one', async () => {
    const byNameDesc = await get(`/products?seller=${seller.id}&sort=name&order=desc`);
    expect(byNameDesc.text.indexOf(`Item 11 ${tag}`)).toBeLessThan(byNameDesc.text.indexOf(`Item 10 ${tag}`));
    const unknown = await get(`/products?seller=${seller.id}&sort=colour&order=sideways`);
    expect(unknown.status).toBe(200);
    // Item 00 is the newest.
    expect(unknown.text.indexOf(`Item 00 ${tag}`)).toBeLessThan(unknown.text.indexOf(`Item 01 ${tag}`));
    expect(unknown.html).toMatch(/<option value="newest" selected="">/);
  });

  it('titles a seller’s list with their name and turns your own into My Products', async () => {
    const theirs = await get(`/products?seller=${seller.id}`, shopper.cookie);
    expect(theirs.text).toContain(`Seller ${tag}'s Products`);
    const yours = await get(`/products?seller=${seller.id}&sort=price`, seller.cookie);
    expect(yours.status).toBe(302);
    expect(yours.location).toBe('/products?sort=price&mine=1');
    const mine = await get('/products?mine=1', seller.cookie);
    expect(mine.text).toContain('My Products');
    expect(rowCount(mine.html)).toBe(10);
  });

  it('sends an unknown seller back to all products, and a signed-out "mine" to sign in', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', ANONYMOUS_USER_ID]) {
      const response = await get(`/products?seller=${id}`);
      expect(response.status).toBe(303);
      expect(response.location).toBe('/products');
    }
    const mine = await get('/products?mine=1');
    expect(mine.status).toBe(302);
    expect(mine.location).toBe('/sign-in?redirectTo=%2Fproducts%3Fmine%3D1');
  });

  it('shows edit and delete links only on the rows of the ADMIN who owns them', async () => {
    const asOwner = await get(`/products?q=${tag}&perPage=50`, seller.cookie);
    expect(asOwner.html).toContain(`href="/products/${productIds[0]}/edit"`);
    expect(asOwner.html).toContain(`href="/products/${productIds[0]}/delete"`);
    expect(asOwner.html).not.toContain(`href="/products/${soldOutId}/edit"`);
    const asShopper = await get(`/products?q=${tag}&perPage=50`, shopper.cookie);
    expect(asShopper.html).not.toMatch(/\/(edit|delete)"/);
  });

  it('tells every visitor about low stock ("Only N left") and sold-out products', async () => {
    const page = await get(`/products?q=${tag}&perPage=50`);
    const rowOf = (name: string) => page.html.split('data-testid="product-row"').find((row) => row.includes(`>${name}<`)) ?? '';
    expect(rowOf(`Item 00 ${tag}`)).toContain('Only 5 left');
    expect(rowOf(`Sold out ${tag}`)).toContain('>Sold out<');
    expect(rowOf(`Item 11 ${tag}`)).not.toContain('data-testid="stock-label"');
  });

  it('previews every image of a product in its row, fetched only once shown', async () => {
    const page = await get(`/products?q=${tag}&perPage=50`);
    const row = page.html.split('data-testid="product-row"').find((html) => html.includes(`>Item 00 ${tag}<`))!;
    const preview = row.slice(row.indexOf('data-testid="image-preview"'));
    // Backgrounds, not <img>: fetched only once shown, with or without JavaScript.
    expect(preview.slice(0, preview.indexOf('</div>')).match(/<img /g)).toBeNull();
    expect(preview.match(/--preview-image:url\(/g)).toHaveLength(2);
    expect(preview).toContain(`aria-label="Item 00 ${tag}, image 2 of 2"`);
    expect(row).toContain(`href="/products/${productIds[0]}"`);
  });
});

describe('GET /products/:id', () => {
  it('offers a signed-in shopper the add-to-cart form, and a visitor a sign-in link', async () => {
    const signedIn = await get(`/products/${productIds[0]}`, shopper.cookie);
    expect(signedIn.status).toBe(200);
    expect(signedIn.text).toContain(`Item 00 ${tag}`);
    expect(signedIn.text).toContain('$12.34');
    expect(signedIn.text).toContain(`About Item 00 ${tag}`);
    expect(signedIn.html).toContain('data-testid="add-to-cart-form"');
    expect(signedIn.html).toContain('href="#image-2"');
    expect(signedIn.text).toContain(`Other products of Seller ${tag}`);
    expect(signedIn.html).toContain(`href="/products/${productIds[1]}"`);

    const visitor = await get(`/products/${productIds[0]}`);
    expect(visitor.status).toBe(200);
    expect(visitor.html).not.toContain('data-testid="add-to-cart-form"');
    expect(visitor.html).toContain(`href="/sign-in?redirectTo=%2Fproducts%2F${productIds[0]}"`);
  });

  it('explains instead of the form to the owner, for a sold-out product and for a deleted one', async () => {
    const own = await get(`/products/${productIds[0]}`, seller.cookie);
    expect(own.text).toContain("You're the seller");
    expect(own.html).not.toContain('data-testid="add-to-cart-form"');
    expect(own.html).toContain(`href="/products/${productIds[0]}/edit"`);
    expect(own.text).toContain('Only 5 left');
    const visitor = await get(`/products/${productIds[0]}`);
    expect(visitor.text).toContain('Only 5 left');
    expect((await get(`/products/${productIds[11]}`)).html).not.toContain('data-testid="stock-label"');

    const soldOut = await get(`/products/${soldOutId}`, seller.cookie);
    expect(soldOut.text).toContain('Out of stock');
    expect(soldOut.html).toContain('data-testid="stock-label"');
    expect(soldOut.text).toContain('Sold out');
    expect(soldOut.html).not.toContain('data-testid="add-to-cart-form"');

    const deleted = await get(`/products/${deletedId}`, shopper.cookie);
    expect(deleted.status).toBe(200);
    expect(deleted.text).toContain('Product Deleted');
    // Its leftover stock is not offered: the page says it is no longer for sale, not "In stock 5".
    expect(deleted.html).toMatch(/data-testid="stock"[^>]*>No longer for sale</);
    expect(deleted.text).not.toContain('In stock');
    expect(deleted.html).not.toContain('data-testid="add-to-cart-form"');
    expect(deleted.text).not.toContain('Other products of');
    expect(deleted.html).not.toContain('data-testid="stock-label"');
  });

  it('describes itself to search engines and link previews: meta tags and schema.org Product data', async () => {
    const { id } = await getDb().product.create({
      data: {
        name: `</script><script>alert(1)</script> ${tag}`,
        description: 'Tricky & "quoted"',
        priceCents: 250,
        stock: 0,
        imageIds: [randomUUID()],
        ownerId: seller.id,
      },
      select: { id: true },
    });
    const page = await get(`/products/${id}`);
    expect(page.html).toContain('<meta name="description" content="Tricky &amp; &quot;quoted&quot;"/>');
    expect(page.html).toContain(`<meta property="og:url" content="${server.origin}/products/${id}"/>`);
    expect(page.html).toMatch(new RegExp(`<meta property="og:image" content="${server.origin}/placeholder-images/[0-9a-f-]{36}"/>`));
    expect(page.html).toContain('<meta property="product:price:amount" content="2.50"/>');
    expect(page.html).toContain('<meta name="twitter:card" content="summary_large_image"/>');
    const scripts = [...page.html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    // The name's "</script>" cannot end the script early: < and > are escaped inside it.
    const data = JSON.parse(scripts[0]![1]!);
    expect(data).toMatchObject({
      '@type': 'Product',
      name: `</script><script>alert(1)</script> ${tag}`,
      offers: { price: '2.50', priceCurrency: 'USD', availability: 'https://schema.org/OutOfStock' },
    });
  });

  it('charts the price history with the current price marked, and lists it as a table', async () => {
    const { id } = await createProduct(seller.id, productInput({ name: `Repriced ${tag}`, priceCents: 10_00, quantity: 4 }));
    await updateProduct(seller.id, id, productInput({ name: `Repriced ${tag}`, priceCents: 12_34, quantity: 4 }));
    await updateProduct(seller.id, id, productInput({ name: `Repriced ${tag}`, priceCents: 12_34, quantity: 2 }));
    await updateProduct(seller.id, id, productInput({ name: `Repriced ${tag}`, priceCents: 7_50, quantity: 2 }));

    const page = await get(`/products/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Price history');
    expect(page.text).toContain('Listed, then repriced 2 times. Current price: $7.50');
    const chart = page.html.slice(page.html.indexOf('data-testid="chart-price-history"'));
    expect(chart).toMatch(/<svg[^>]*role="img"/);
    expect(chart).toContain('<title');
    // The current price is the dashed reference line; the price steps from change to change.
    expect(chart).toContain('[stroke-dasharray:4_3]');
    const rows = [...chart.slice(0, chart.indexOf('</table>')).matchAll(/<tr[^>]*><th scope="row"[^>]*>([^<]*)<\/th><td[^>]*>([^<]*)<\/td><\/tr>/g)].map(
      (row) => [row[1], row[2]],
    );
    expect(rows.map(([, price]) => price)).toEqual(['$10.00', '$12.34', '$7.50', '$7.50']);
    expect(rows.at(-1)![0]).toBe('Now');

    // A product listed once shows its one price, unchanged.
    const { id: once } = await createProduct(seller.id, productInput({ name: `Listed once ${tag}`, priceCents: 3_00 }));
    expect((await get(`/products/${once}`)).text).toContain('The price it was listed at, unchanged since. Current price: $3.00');
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await get(`/products/${randomUUID()}`)).status).toBe(404);
    expect((await get('/products/not-a-uuid')).status).toBe(404);
  });
});
