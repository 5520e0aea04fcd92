// The cart over HTTP as a browser without JavaScript uses it (plain form posts, redirects,
// flash messages), plus the status codes the enhanced forms (js=1) get.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS_USER_ID } from '~/models/system-accounts.ts';
import { isolate } from '~/utils/bidi.ts';
import { getDb } from '~/utils/db.server.ts';
import { createCheckout, createProduct, createSignedInUser } from '../../test/factories.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { cookiesFrom, formPost, useTestServer } from '../../test/http.ts';
import { decodeEntities } from '../../test/page-text.ts';

useDatabase();

const server = useTestServer();

/** A new demo account, signed in: its id and session cookie. */
const shopper = () => createSignedInUser();

/** Follows a redirect the way a browser does, sending the session and the flash cookie back. */
async function follow(response: Response, cookie: string) {
  expect(response.status).toBe(303);
  const location = response.headers.get('location')!;
  const page = await server.request(location, { headers: { Cookie: `${cookie}; ${cookiesFrom(response)}` } });
  // Any page shows the flash; a product page may not exist yet in a branch without the catalog.
  expect(page.status).toBeLessThan(500);
  return { location, html: decodeEntities(await page.text()) };
}

/** The flash message shown, each `<bdi>` in it written back as the isolated quote it was sent as. */
function flashOf(html: string) {
  const match = html.match(/data-testid="flash" data-kind="(\w+)"[^>]*><p[^>]*>([\s\S]*?)<\/p>/);
  return match ? { kind: match[1], message: match[2]!.replace(/<bdi>([^<]*)<\/bdi>/g, (_, quoted: string) => isolate(quoted)) } : null;
}

function badgeOf(html: string) {
  return html.match(/data-testid="cart-badge"[^>]*>([^<]*)</)?.[1] ?? null;
}

async function lineOf(userId: string, productId: string) {
  return getDb().cartItem.findUnique({ where: { userId_productId: { userId, productId } }, select: { id: true, quantity: true } });
}

const add = (productId: string, quantity: string, extra: Record<string, string> = {}) => ({ intent: 'add', productId, quantity, ...extra });

describe('signed out', () => {
  it('sends the cart page and its posts to sign-in, coming back to the page the form was on', async () => {
    const page = await server.request('/cart');
    expect(page).toRedirectTo('/sign-in?redirectTo=%2Fcart', 302);

    const product = await createProduct();
    const post = await server.request('/cart', formPost(add(product.id, '1', { redirectTo: `/products/${product.id}` })));
    expect(post).toRedirectTo(`/sign-in?redirectTo=${encodeURIComponent(`/products/${product.id}`)}`, 303);
    expect(await getDb().cartItem.count({ where: { productId: product.id } })).toBe(0);
  });
});

describe('adding without JavaScript', () => {
  it('adds, merges into the same line, caps at the stock, and says so each time', async () => {
    const { id, cookie } = await shopper();
    const product = await createProduct({ stock: 5 });
    const productPage = `/products/${product.id}`;

    const first = await follow(await server.request('/cart', formPost(add(product.id, '2', { redirectTo: productPage }), cookie)), cookie);
    expect(first.location).toBe(productPage);
    expect(flashOf(first.html)).toEqual({ kind: 'success', message: `Added to your cart: 2 × ${isolate(product.name)}.` });
    expect(badgeOf(first.html)).toBe('1');

    const merged = await follow(await server.request('/cart', formPost(add(product.id, '2', { redirectTo: productPage }), cookie)), cookie);
    expect(flashOf(merged.html)).toEqual({ kind: 'success', message: `Added 2 × ${isolate(product.name)}: your cart now has 4.` });
    expect(await lineOf(id, product.id)).toMatchObject({ quantity: 4 });

    const capped = await follow(await server.request('/cart', formPost(add(product.id, '3', { redirectTo: productPage }), cookie)), cookie);
    expect(flashOf(capped.html)).toEqual({ kind: 'info', message: `Only 5 in stock: your cart has 5 × ${isolate(product.name)}.` });
    expect(await lineOf(id, product.id)).toMatchObject({ quantity: 5 });
    expect(badgeOf(capped.html)).toBe('1');
  });

  it('goes back to the page the form was on with an error message, writing nothing', async () => {
    const seller = await shopper();
    const { id, cookie } = await shopper();
    const own = await createProduct({ ownerId: seller.id });
    const deleted = await createProduct({ ownerId: ANONYMOUS_USER_ID });
    const soldOut = await createProduct({ stock: 0 });
    const fine = await createProduct();
    const cases: [Record<string, string>, string][] = [
      [add(deleted.id, '1'), 'This product was deleted.'],
      [add(soldOut.id, '1'), 'This product is out of stock.'],
      [add(randomUUID(), '1'), 'This product does not exist.'],
      [add('not-a-uuid', '1'), 'This product does not exist.'],
      [add(fine.id, 'lots'), 'Enter a whole number of at least 1.'],
      [add(fine.id, '0'), 'Enter a whole number of at least 1.'],
      [add(fine.id, '1.5'), 'Enter a whole number of at least 1.'],
      [add(fine.id, ''), 'Enter a whole number of at least 1.'],
      [add(fine.id, '0x2'), 'Enter a whole number of at least 1.'],
      [add(fine.id, '9007199254740993'), 'That is more than any product has in stock: enter a smaller quantity.'],
    ];
    for (const [fields, message] of cases) {
      const back = await follow(await server.request('/cart', formPost({ ...fields, redirectTo: '/products' }, cookie)), cookie);
      expect(back.location).toBe('/products');
      expect(flashOf(back.html), JSON.stringify(fields)).toEqual({ kind: 'error', message });
    }
    const ownBack = await follow(await server.request('/cart', formPost({ ...add(own.id, '1'), redirectTo: '/products' }, seller.cookie)), seller.cookie);
    expect(flashOf(ownBack.html)).toEqual({ kind: 'error', message: "You can't buy your own product." });
    expect(await getDb().cartItem.count({ where: { userId: { in: [id, seller.id] } } })).toBe(0);
  });

  it('loses no add when two tabs post at the same moment', async () => {
    const { id, cookie } = await shopper();
    const product = await createProduct({ stock: 50 });
    for (let round = 1; round <= 3; round++) {
      const answers = await Promise.all([1, 2].map(() => server.request('/cart', formPost(add(product.id, '2'), cookie))));
      expect(answers.map((answer) => answer.status)).toEqual([303, 303]);
      expect(await lineOf(id, product.id)).toMatchObject({ quantity: 4 * round });
    }
  });

  it('never redirects to another site', async () => {
    const { cookie } = await shopper();
    const product = await createProduct();
    const response = await server.request('/cart', formPost(add(product.id, '1', { redirectTo: '//evil.example/' }), cookie));
    expect(response).toRedirectTo('/cart', 303);
  });
});

describe('the cart page without JavaScript', () => {
  it('shows an empty cart with a link to the products', async () => {
    const { cookie } = await shopper();
    const html = await (await server.request('/cart', { headers: { Cookie: cookie } })).text();
    expect(html).toContain('Your cart is empty.');
    expect(html).toMatch(/href="\/products"[^>]*>Browse products</);
    expect(badgeOf(html)).toBeNull();
  });

  it('lists the lines with image, link, unit price, quantity and totals', async () => {
    const { id, cookie } = await shopper();
    const first = await createProduct({ priceCents: 12_34, stock: 9 });
    const second = await createProduct({ priceCents: 1_000_00, stock: 9 });
    await server.request('/cart', formPost(add(first.id, '3'), cookie));
    await server.request('/cart', formPost(add(second.id, '2'), cookie));
    const response = await server.request('/cart', { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const html = decodeEntities(await response.text());
    const imageId = (await getDb().product.findUniqueOrThrow({ where: { id: first.id } })).imageIds[0];
    expect(html).toContain(`src="/placeholder-images/${imageId}"`);
    expect(html).toContain(`href="/products/${first.id}"`);
    expect(html).toMatch(/data-money=""[^>]*>\$12\.34<\/span> each/);
    expect(html).toMatch(/data-money=""[^>]*>\$1,000\.00<\/span> each/);
    expect(html).toMatch(new RegExp(`id="quantity-${(await lineOf(id, first.id))!.id}"[^>]*value="3"`));
    expect(html).toContain('$37.02'); // 3 × $12.34
    expect(html).toMatch(/data-testid="cart-total"[^>]*>\$2,037\.02</);
    expect(html).toMatch(/<button type="submit" class="[^"]*">Check out<\/button>/);
    expect(html).not.toContain('Maximum cost exceeded');
    expect(badgeOf(html)).toBe('2');
  });

  it('shows the order cap alert and disables checkout above $999,999.99', async () => {
    const { cookie } = await shopper();
    const products = await Promise.all(Array.from({ length: 3 }, () => createProduct({ priceCents: 2_000_00, stock: 200 })));
    for (const product of products) await server.request('/cart', formPost(add(product.id, '200'), cookie)); // 3 × $400,000
    const html = await (await server.request('/cart', { headers: { Cookie: cookie } })).text();
    expect(html).toMatch(/data-testid="cart-total"[^>]*>\$1,200,000\.00</);
    expect(html).toContain('Maximum cost exceeded');
    expect(html.replace(/<[^>]+>/g, '')).toContain('An order can cost at most $999,999.99');
    expect(html).toMatch(/<button type="submit" disabled="" class="[^"]*">Check out<\/button>/);
  });

  it('marks lines whose product was deleted, sold out or fell short since, and blocks checkout', async () => {
    const { cookie } = await shopper();
    const [deleted, soldOut, short] = await Promise.all([createProduct(), createProduct(), createProduct({ stock: 9 })]);
    for (const product of [deleted, soldOut, short]) await server.request('/cart', formPost(add(product.id, '4'), cookie));
    await getDb().product.update({ where: { id: deleted.id }, data: { ownerId: ANONYMOUS_USER_ID } });
    await getDb().product.update({ where: { id: soldOut.id }, data: { stock: 0 } });
    await getDb().product.update({ where: { id: short.id }, data: { stock: 3 } });
    const html = await (await server.request('/cart', { headers: { Cookie: cookie } })).text();
    expect(html).toContain('This product was deleted. Remove it to check out.');
    expect(html).toContain('This product is out of stock. Remove it to check out.');
    expect(html).toContain('Only 3 left in stock. Lower the quantity to check out.');
    expect(html).toMatch(/<button type="submit" disabled="" class="[^"]*">Check out<\/button>/);
  });

  it('says when a checkout is in progress', async () => {
    const { id, cookie } = await shopper();
    const before = await (await server.request('/cart', { headers: { Cookie: cookie } })).text();
    expect(before).not.toContain('You have a checkout in progress');
    await createCheckout({ buyerId: id });
    const after = await (await server.request('/cart', { headers: { Cookie: cookie } })).text();
    expect(after).toContain('You have a checkout in progress');
  });

  it('changes a quantity and removes a line, with a message each time', async () => {
    const { id, cookie } = await shopper();
    const product = await createProduct({ stock: 8 });
    await server.request('/cart', formPost(add(product.id, '1'), cookie));
    const line = (await lineOf(id, product.id))!;

    const updated = await follow(await server.request('/cart', formPost({ intent: 'update', lineId: line.id, quantity: '8' }, cookie)), cookie);
    expect(updated.location).toBe('/cart');
    expect(flashOf(updated.html)).toEqual({ kind: 'success', message: `Your cart now has 8 × ${isolate(product.name)}.` });
    expect(await lineOf(id, product.id)).toMatchObject({ quantity: 8 });

    const removed = await follow(await server.request('/cart', formPost({ intent: 'remove', lineId: line.id }, cookie)), cookie);
    expect(flashOf(removed.html)).toEqual({ kind: 'success', message: `Removed ${isolate(product.name)} from your cart.` });
    expect(removed.html).toContain('Your cart is empty.');
    expect(await lineOf(id, product.id)).toBeNull();
  });

  it('re-renders the page with the error next to the line for a refused change, changing nothing', async () => {
    const { id, cookie } = await shopper();
    const product = await createProduct({ stock: 8 });
    await server.request('/cart', formPost(add(product.id, '2'), cookie));
    const line = (await lineOf(id, product.id))!;
    const cases: [Record<string, string>, number, string][] = [
      [{ intent: 'update', lineId: line.id, quantity: '9' }, 409, 'Only 8 in stock: choose a quantity from 1 to 8.'],
      [{ intent: 'update', lineId: line.id, quantity: '0' }, 400, 'Enter a whole number of at least 1.'],
      [{ intent: 'update', lineId: line.id, quantity: 'x' }, 400, 'Enter a whole number of at least 1.'],
      [{ intent: 'update', lineId: line.id, quantity: '1e400' }, 400, 'Enter a whole number of at least 1.'],
      [{ intent: 'update', lineId: line.id, quantity: '1e1' }, 400, 'Enter a whole number of at least 1.'],
      [{ intent: 'update', lineId: line.id, quantity: '0x2' }, 400, 'Enter a whole number of at least 1.'],
      [{ intent: 'update', lineId: line.id, quantity: '99999999999999999999' }, 400, 'That is more than any product has in stock: enter a smaller quantity.'],
    ];
    for (const [fields, status, message] of cases) {
      const response = await server.request('/cart', formPost(fields, cookie));
      expect(response.status, JSON.stringify(fields)).toBe(status);
      const html = decodeEntities(await response.text());
      // The message in a live region, the field marked, pointing at it and focused on load.
      expect(html).toContain(`id="quantity-${line.id}-error" aria-live="polite"`);
      expect(html).toContain(message);
      expect(html).toMatch(new RegExp(`id="quantity-${line.id}"[^>]*aria-invalid="true"[^>]*aria-describedby="quantity-${line.id}-error"[^>]*autofocus=""`));
    }
    expect(await lineOf(id, product.id)).toMatchObject({ quantity: 2 });
  });

  it("answers 404 for another user's line, and leaves it alone", async () => {
    const owner = await shopper();
    const other = await shopper();
    const product = await createProduct();
    await server.request('/cart', formPost(add(product.id, '2'), owner.cookie));
    const line = (await lineOf(owner.id, product.id))!;
    const posts: Record<string, string>[] = [
      { intent: 'remove', lineId: line.id },
      { intent: 'update', lineId: line.id, quantity: '1' },
    ];
    for (const fields of posts) {
      const response = await server.request('/cart', formPost(fields, other.cookie));
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('This line is not in your cart.');
    }
    expect(await lineOf(owner.id, product.id)).toMatchObject({ quantity: 2 });
  });
});

describe('what changed in the cart without the shopper', () => {
  it("says once that a seller lowered the stock below a line and deleted another line's product", async () => {
    const seller = await createSignedInUser({ role: 'ADMIN' });
    const shelf = await createProduct({ ownerId: seller.id, name: 'Notice Shelf', priceCents: 3_00, stock: 9 });
    const lamp = await createProduct({ ownerId: seller.id, name: 'Notice Lamp', stock: 9 });
    const { cookie } = await shopper();
    await server.request('/cart', formPost(add(shelf.id, '5'), cookie));
    await server.request('/cart', formPost(add(lamp.id, '1'), cookie));

    const edit = { intent: 'update', name: 'Notice Shelf', description: 'A product made by a cart test.', price: '3.00', quantity: '2', images: '1' };
    expect((await server.request(`/products/${shelf.id}/edit`, formPost(edit, seller.cookie))).status).toBe(303);
    expect((await server.request(`/products/${lamp.id}/delete`, formPost({ intent: 'delete' }, seller.cookie))).status).toBe(303);

    const first = decodeEntities(await (await server.request('/cart', { headers: { Cookie: cookie } })).text());
    expect(first).toContain('Your cart changed since you last saw it');
    // Each name isolated from the sentence around it.
    expect(first).toContain('"<bdi>Notice Shelf</bdi>": only 2 left, so your cart now has 2 instead of 5.');
    expect(first).toContain('"<bdi>Notice Lamp</bdi>" was removed from your cart: its seller deleted it.');
    expect(first).toMatch(/data-testid="cart-total"[^>]*>\$6\.00</);
    const again = decodeEntities(await (await server.request('/cart', { headers: { Cookie: cookie } })).text());
    expect(again).not.toContain('Your cart changed since you last saw it');
    expect(again).not.toContain('Notice Lamp');
  });
});

describe('answers to hand-made and enhanced posts', () => {
  it('gives fetchers (js=1) data with a meaningful status instead of a redirect', async () => {
    const seller = await shopper();
    const { cookie } = await shopper();
    const own = await createProduct({ ownerId: seller.id });
    const soldOut = await createProduct({ stock: 0 });
    const fine = await createProduct({ stock: 3 });
    const cases: [Record<string, string>, string, number][] = [
      [add(fine.id, '1', { js: '1', redirectTo: '/products' }), cookie, 200],
      [add(fine.id, '9', { js: '1', redirectTo: '/products' }), cookie, 200],
      [add(own.id, '1', { js: '1' }), seller.cookie, 403],
      [add(randomUUID(), '1', { js: '1' }), cookie, 404],
      [add(soldOut.id, '1', { js: '1' }), cookie, 409],
      [add(fine.id, 'many', { js: '1' }), cookie, 400],
    ];
    for (const [fields, who, status] of cases) {
      const response = await server.request('/cart', formPost(fields, who));
      expect(response.status, JSON.stringify(fields)).toBe(status);
      expect(response.headers.get('location')).toBeNull();
    }
  });

  it('answers 400, never 500, to a forged intent, missing fields or a body that is not a form', async () => {
    const { cookie } = await shopper();
    const posts: Record<string, string>[] = [{ intent: 'empty-the-shop' }, {}, { intent: 'remove' }, { intent: 'update', lineId: randomUUID() }];
    for (const fields of posts) {
      const response = await server.request('/cart', formPost(fields, cookie));
      expect(response.status, JSON.stringify(fields)).toBe(400);
    }
    const json = await server.request('/cart', { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: '{"intent":"add"' });
    expect(json.status).toBe(400);
  });
});
