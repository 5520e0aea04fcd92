// /products/:id/edit over HTTP, as a browser without JavaScript (or a hand-made request) uses it.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cancelCheckout } from '~/models/checkout/checkout.server.ts';
import { payFee } from '~/models/ledger.server.ts';
import { createProduct, deleteProduct } from '~/models/product.server.ts';
import { stepDownToNadmin } from '~/models/role.server.ts';
import { PLATFORM_USER_ID } from '~/models/system-accounts.ts';
import { getDb } from '~/utils/db.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { createCheckout, createSignedInUser, createUser } from '../../test/factories.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { formPost, useTestServer } from '../../test/http.ts';
import { lockRow, productAboveQuantityLimit, productInput, reserveUnits, snapshot } from '../../test/products.ts';

useDatabase();

const server = useTestServer();

/** A signed-in ADMIN with a $12.34 product of two images that a released checkout took to 2,010 in stock. */
async function sellerAboveQuantityLimit() {
  const seller = await createSignedInUser({ role: 'ADMIN' });
  const productId = await productAboveQuantityLimit(seller.id, { name: 'Pixel Font Pack', priceCents: 12_34, imageCount: 2 });
  return { ...seller, productId };
}

const quantityInput = (html: string) => /<input[^>]*name="quantity"[^>]*>/.exec(html)?.[0] ?? '';

/** A signed-in ADMIN with a $12.34 x 10 product of two images. */
async function sellerWithProduct() {
  const seller = await createSignedInUser({ role: 'ADMIN' });
  const { id } = await createProduct(seller.id, productInput({ name: 'Pixel Font Pack', priceCents: 12_34, quantity: 10, imageCount: 2 }));
  return { ...seller, productId: id };
}

const fields = (overrides: Record<string, string> = {}) => ({
  intent: 'update',
  name: 'Pixel Font Pack',
  description: 'A test product.',
  price: '12.34',
  quantity: '10',
  images: '2',
  ...overrides,
});

const get = (path: string, cookie: string) => server.request(path, { headers: { Cookie: cookie } });

describe('GET /products/:id/edit', () => {
  it('shows the owner the form filled in, with the images and the balance', async () => {
    const { productId, cookie } = await sellerWithProduct();
    const product = await getDb().product.findUniqueOrThrow({ where: { id: productId } });
    const response = await get(`/products/${productId}/edit`, cookie);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>Update Pixel Font Pack | REEN</title>');
    expect(html).toContain('value="Pixel Font Pack"');
    expect(html).toContain('value="12.34"');
    expect(html).toContain('value="10"');
    for (const imageId of product.imageIds) expect(html).toContain(`src="/placeholder-images/${imageId}"`);
    expect(html).toMatch(/data-testid="fee"[^>]*>\$0\.00</);
    expect(html).toMatch(/data-testid="balance"[^>]*>\$3,999,995\.06</); // $4,000,000 - 4% of $123.40
    expect(html).toContain(`href="/products/${productId}/delete"`);
  });

  it('offers 0 to 2,000, or up to the stock when a released checkout took it above 2,000', async () => {
    const { productId, cookie } = await sellerWithProduct();
    const ordinary = await (await get(`/products/${productId}/edit`, cookie)).text();
    expect(quantityInput(ordinary)).toContain('max="2000"');
    expect(ordinary).toContain('>0 to 2,000</p>');

    const above = await sellerAboveQuantityLimit();
    const html = await (await get(`/products/${above.productId}/edit`, above.cookie)).text();
    expect(quantityInput(html)).toContain('value="2010"');
    expect(quantityInput(html)).toContain('max="2010"');
    expect(html).toContain('>0 to 2,010 (the stock now)</p>');
  });

  it('tells the seller how many units checkouts in progress hold, and that they may come back', async () => {
    const { productId, cookie } = await sellerWithProduct();
    const { id: buyer } = await createUser();
    const page = async () => (await get(`/products/${productId}/edit`, cookie)).text();
    await createCheckout({ buyerId: buyer, productId, status: 'COMPLETED' });
    await createCheckout({ buyerId: buyer, productId, status: 'RELEASED' });
    expect(await page()).not.toContain('reserved in');

    await reserveUnits(productId, 1);
    expect(await page()).toContain('0 to 2,000. 1 more is reserved in a checkout in progress: it comes back to stock if that checkout is not paid.');
    await reserveUnits(productId, 2);
    const html = await page();
    expect(quantityInput(html)).toContain('value="7"');
    expect(html).toContain('0 to 2,000. 3 more are reserved in checkouts in progress: they come back to stock if those checkouts are not paid.');
  });

  it('refuses another ADMIN, a NADMIN and a downgraded owner (403); unknown and deleted products are 404', async () => {
    const { id: ownerId, productId, cookie: ownerCookie } = await sellerWithProduct();
    const other = await createSignedInUser({ role: 'ADMIN' });
    const shopper = await createSignedInUser();
    for (const cookie of [other.cookie, shopper.cookie]) {
      const response = await get(`/products/${productId}/edit`, cookie);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('This product belongs to another seller: only its owner can change it.');
    }
    expect((await get(`/products/${randomUUID()}/edit`, ownerCookie)).status).toBe(404);
    expect((await get('/products/not-an-id/edit', ownerCookie)).status).toBe(404);

    const { id: goneId } = await createProduct(ownerId, productInput());
    await createCheckout({ buyerId: shopper.id, productId: goneId, status: 'COMPLETED' });
    await deleteProduct(ownerId, goneId);
    expect((await get(`/products/${goneId}/edit`, ownerCookie)).status).toBe(404);

    await stepDownToNadmin(ownerId);
    const downgraded = await get(`/products/${productId}/edit`, ownerCookie);
    expect(downgraded.status).toBe(403);
    expect(await downgraded.text()).toContain('You are not an ADMIN any more: become an ADMIN again to change your products.');
  });
});

describe('POST /products/:id/edit', () => {
  it('previews the fee of the growth, writing nothing', async () => {
    const { id, productId, cookie } = await sellerWithProduct();
    const before = await snapshot([id], [productId]);
    const response = await server.request(`/products/${productId}/edit`, formPost(fields({ intent: 'preview', price: '15.01' }), cookie));
    expect(response.status).toBe(200);
    const html = await response.text();
    // 4% of (150.10 - 123.40) = 106.8 cents, less the 0.4 cent the listing's fee rounded up (493.6 -> 494).
    expect(html).toMatch(/data-testid="fee"[^>]*>\$1\.06</);
    expect(html).toContain('value="15.01"');
    expect(await snapshot([id], [productId])).toEqual(before);
  });

  it('previews no fee for a price or quantity it would refuse, and a fee for a quantity of 0', async () => {
    const { productId, cookie } = await sellerWithProduct();
    const preview = (overrides: Record<string, string>) =>
      server.request(`/products/${productId}/edit`, formPost(fields({ intent: 'preview', ...overrides }), cookie));
    for (const [overrides, error] of [
      [{ price: '2500.00' }, 'The price must be from $1.00 to $2,000.00.'],
      [{ quantity: '2001' }, 'Enter a whole number from 0 to 2,000.'],
    ] as const) {
      const response = await preview(overrides);
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain(error);
      expect(html).toMatch(/data-testid="fee"[^>]*>—</);
      expect(html).toMatch(/data-testid="remaining"[^>]*>—</);
    }
    const sellOut = await preview({ quantity: '0' });
    expect(sellOut.status).toBe(200);
    expect(await sellOut.text()).toMatch(/data-testid="fee"[^>]*>\$0\.00</);
  });

  it('saves the changes, charges the difference fee and redirects with a message', async () => {
    const { id, productId, cookie } = await sellerWithProduct();
    const response = await server.request(`/products/${productId}/edit`, formPost(fields({ name: 'Pixel Font Pack 2', price: '15.01', images: '5' }), cookie));
    expect(response).toRedirectTo(`/products/${productId}`, 303);
    const product = await getDb().product.findUniqueOrThrow({ where: { id: productId } });
    expect(product).toMatchObject({ name: 'Pixel Font Pack 2', priceCents: 15_01, stock: 10 });
    expect(product.imageIds).toHaveLength(5);
    const fees = await getDb().ledgerEntry.findMany({ where: { productId }, orderBy: { createdAt: 'asc' } });
    expect(fees.map((fee) => [fee.kind, fee.amountCents, fee.fromUserId, fee.toUserId])).toEqual([
      ['LISTING_FEE', 4_94n, id, PLATFORM_USER_ID],
      ['LISTING_FEE', 1_06n, id, PLATFORM_USER_ID], // 4% of $150.10 in all is $6.00 (600.4 cents)
    ]);
    await expect(response).toShowFlash('Product updated. Fee for this change: $1.06', { server, cookie });

    const lowered = await server.request(`/products/${productId}/edit`, formPost(fields({ price: '2.00', quantity: '0' }), cookie));
    expect(lowered.status).toBe(303);
    await expect(lowered).toShowFlash('Product updated. No fee: price × quantity did not grow.', { server, cookie });
    expect(await getDb().ledgerEntry.count({ where: { productId } })).toBe(2);

    // $0 to $2.00: 4% is $0.08 (608.4 cents in all, 608 paid). Then $2.00 to $2.02: 4% of $0.02 is
    // 0.08 cent, carried (608.48 in all), and it says so; one cent more of growth makes it a cent.
    const raised = await server.request(`/products/${productId}/edit`, formPost(fields({ price: '2.00', quantity: '1' }), cookie));
    await expect(raised).toShowFlash('Product updated. Fee for this change: $0.08', { server, cookie });
    const nudged = await server.request(`/products/${productId}/edit`, formPost(fields({ price: '2.02', quantity: '1' }), cookie));
    await expect(nudged).toShowFlash('Product updated. No fee yet: 4% of this growth comes to less than a cent, carried over to your next change.', {
      server,
      cookie,
    });
    expect(await getDb().ledgerEntry.count({ where: { productId } })).toBe(3);
    const nudgedAgain = await server.request(`/products/${productId}/edit`, formPost(fields({ price: '2.03', quantity: '1' }), cookie));
    await expect(nudgedAgain).toShowFlash('Product updated. Fee for this change: $0.01', { server, cookie });
  });

  it('answers 400 with a message per field and what was typed, writing nothing', async () => {
    const { id, productId, cookie } = await sellerWithProduct();
    const before = await snapshot([id], [productId]);
    const response = await server.request(`/products/${productId}/edit`, formPost(fields({ name: 'n'.repeat(101), price: 'ten', quantity: '-1' }), cookie));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Use at most 100 characters.');
    expect(html).toContain('Enter a price in dollars and cents, like 12.34.');
    expect(html).toContain('Enter a whole number from 0 to 2,000.');
    expect(html).toContain('value="ten"');
    expect(await snapshot([id], [productId])).toEqual(before);
  });

  it('saves a stock that a released checkout took above 2,000 unchanged or lowered, and refuses to raise it', async () => {
    const { id, productId, cookie } = await sellerAboveQuantityLimit();
    const before = await snapshot([id], [productId]);
    const raised = await server.request(`/products/${productId}/edit`, formPost(fields({ quantity: '2011' }), cookie));
    expect(raised.status).toBe(400);
    const html = await raised.text();
    expect(html).toContain('Enter a whole number from 0 to 2,010 (the 2,010 in stock now): a quantity above 2,000 can be kept or lowered, not raised.');
    expect(html).toContain('value="2011"');
    expect(await snapshot([id], [productId])).toEqual(before);

    const unchanged = await server.request(
      `/products/${productId}/edit`,
      formPost(fields({ name: 'Pixel Font Pack 2', price: '12.00', quantity: '2010' }), cookie),
    );
    expect(unchanged.status).toBe(303);
    await expect(unchanged).toShowFlash('Product updated. No fee: price × quantity did not grow.', { server, cookie });
    const lowered = await server.request(`/products/${productId}/edit`, formPost(fields({ price: '12.00', quantity: '2005' }), cookie));
    expect(lowered.status).toBe(303);
    expect(await getDb().product.findUniqueOrThrow({ where: { id: productId } })).toMatchObject({ name: 'Pixel Font Pack', priceCents: 12_00, stock: 2_005 });

    const backUp = await server.request(`/products/${productId}/edit`, formPost(fields({ price: '12.00', quantity: '2010' }), cookie));
    expect(backUp.status).toBe(400);
    expect(await backUp.text()).toContain('Enter a whole number from 0 to 2,005 (the 2,005 in stock now)');
    const fees = await getDb().ledgerEntry.findMany({ where: { productId }, orderBy: { createdAt: 'asc' } });
    expect(fees.map((fee) => fee.amountCents)).toEqual([987_20n, 4_94n]); // listed 2,000 x $12.34, then 10 more
  });

  it('answers 400 when units are bought between reading the form and saving it, writing nothing', async () => {
    const { productId, cookie } = await sellerAboveQuantityLimit();
    const lock = await lockRow('Product', productId);
    const saving = server.request(`/products/${productId}/edit`, formPost(fields({ quantity: '2010' }), cookie));
    // The route and the update have read 2,010 in stock; the update waits to write it.
    await expect.poll(lock.waiting).toBe(1);
    await lock.query('UPDATE "Product" SET stock = stock - 5 WHERE id = $1', [productId]);
    await lock.commit();

    const response = await saving;
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Enter a whole number from 0 to 2,005 (the 2,005 in stock now)');
    expect(await getDb().product.findUniqueOrThrow({ where: { id: productId } })).toMatchObject({ stock: 2_005 });
  });

  it('keeps 0 to 2,000 for a stock of 2,000 or less', async () => {
    const { id, productId, cookie } = await sellerWithProduct();
    const before = await snapshot([id], [productId]);
    const response = await server.request(`/products/${productId}/edit`, formPost(fields({ quantity: '2001' }), cookie));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Enter a whole number from 0 to 2,000.');
    expect(await snapshot([id], [productId])).toEqual(before);
  });

  it('refuses hand-made posts from another ADMIN, a NADMIN and a downgraded owner with 403, writing nothing', async () => {
    const { id: ownerId, productId, cookie: ownerCookie } = await sellerWithProduct();
    const other = await createSignedInUser({ role: 'ADMIN' });
    const shopper = await createSignedInUser();
    const people = [ownerId, other.id, shopper.id];
    const before = await snapshot(people, [productId]);
    for (const cookie of [other.cookie, shopper.cookie]) {
      const response = await server.request(`/products/${productId}/edit`, formPost(fields({ price: '99' }), cookie));
      expect(response.status).toBe(403);
    }
    expect((await server.request(`/products/${randomUUID()}/edit`, formPost(fields(), ownerCookie))).status).toBe(404);
    expect(await snapshot(people, [productId])).toEqual(before);

    await stepDownToNadmin(ownerId);
    const downgraded = await snapshot(people, [productId]);
    const response = await server.request(`/products/${productId}/edit`, formPost(fields({ price: '99' }), ownerCookie));
    expect(response.status).toBe(403);
    expect(await snapshot(people, [productId])).toEqual(downgraded);
  });

  it('previews and charges a raise on the units a pending checkout holds (security finding 3)', async () => {
    const seller = await createSignedInUser({ role: 'ADMIN' });
    const { id: productId } = await createProduct(seller.id, productInput({ name: 'Pixel Font Pack', priceCents: 1_00, quantity: 2_000, imageCount: 2 }));
    const checkoutId = await reserveUnits(productId, 2_000);
    const exploit = fields({ price: '2000.00', quantity: '0' });

    const preview = await server.request(`/products/${productId}/edit`, formPost({ ...exploit, intent: 'preview' }, seller.cookie));
    expect(preview.status).toBe(200);
    expect(await preview.text()).toMatch(/data-testid="fee"[^>]*>\$159,920\.00</); // 4% of $4,000,000 - $2,000 on 2,000 held units

    const saved = await server.request(`/products/${productId}/edit`, formPost(exploit, seller.cookie));
    expect(saved.status).toBe(303);
    await expect(saved).toShowFlash('Product updated. Fee for this change: $159,920.00', { server, cookie: seller.cookie });
    const { buyerId } = await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } });
    expect(await cancelCheckout(buyerId, checkoutId)).toBe('released');
    const fees = await getDb().ledgerEntry.findMany({ where: { productId, kind: 'LISTING_FEE' }, orderBy: { createdAt: 'asc' } });
    expect(fees.map((fee) => fee.amountCents)).toEqual([80_00n, 159_920_00n]); // $160,000 in all for $4,000,000 on sale
    // Back on sale at $2,000, already paid for: the edit page previews no fee for keeping it.
    const page = await (await get(`/products/${productId}/edit`, seller.cookie)).text();
    expect(quantityInput(page)).toContain('value="2000"');
    expect(page).toMatch(/data-testid="fee"[^>]*>\$0\.00</);
  });

  it('previews the carried growth as the server charges it', async () => {
    const seller = await createSignedInUser({ role: 'ADMIN' });
    const { id: productId } = await createProduct(seller.id, productInput({ name: 'Pixel Font Pack', priceCents: 1_00, quantity: 1, imageCount: 2 }));
    const save = (price: string) => server.request(`/products/${productId}/edit`, formPost(fields({ price, quantity: '1' }), seller.cookie));
    const preview = async (price: string) =>
      (await server.request(`/products/${productId}/edit`, formPost(fields({ intent: 'preview', price, quantity: '1' }), seller.cookie))).text();
    // $1.00 -> $1.12: 4.48 cents in all, 4 paid. -> $1.13: 4.52 in all, so 4% of one more cent is a cent.
    expect(await preview('1.12')).toMatch(/data-testid="fee"[^>]*>\$0\.00</);
    await expect(await save('1.12')).toShowFlash(
      'Product updated. No fee yet: 4% of this growth comes to less than a cent, carried over to your next change.',
      { server, cookie: seller.cookie },
    );
    expect(await preview('1.13')).toMatch(/data-testid="fee"[^>]*>\$0\.01</);
    await expect(await save('1.13')).toShowFlash('Product updated. Fee for this change: $0.01', { server, cookie: seller.cookie });
  });

  it('refuses a fee the balance does not cover with 409, writing nothing', async () => {
    const { id, productId, cookie } = await sellerWithProduct();
    const { balanceCents } = await getDb().user.findUniqueOrThrow({ where: { id } });
    await serializable((tx) => payFee(tx, { kind: 'UPGRADE_FEE', userId: id, amountCents: Number(balanceCents) - 1_00 }));
    const before = await snapshot([id], [productId]);
    const response = await server.request(`/products/${productId}/edit`, formPost(fields({ price: '100' }), cookie));
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain('Your balance does not cover the listing fee of $35.06. Nothing was changed.');
    expect(html).toContain('value="100"');
    expect(await snapshot([id], [productId])).toEqual(before);
  });
});
