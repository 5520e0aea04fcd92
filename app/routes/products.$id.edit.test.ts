// /products/:id/edit over HTTP, as a browser without JavaScript (or a hand-made request) uses it.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { payFee } from '~/models/ledger.server.ts';
import { createProduct, deleteProduct } from '~/models/product.server.ts';
import { stepDownToNadmin } from '~/models/role.server.ts';
import { PLATFORM_USER_ID } from '~/models/system-accounts.ts';
import { getDb } from '~/utils/db.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { formPost, useTestServer } from '../../test/http.ts';
import { addCheckout, productInput, snapshot } from '../../test/products.ts';
import { flashAfter, signedInUser } from '../../test/sessions.ts';

useDatabase();

const server = useTestServer();

/** A signed-in ADMIN with a $12.34 x 10 product of two images. */
async function sellerWithProduct() {
  const seller = await signedInUser(server, 'ADMIN');
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

  it('refuses another ADMIN, a NADMIN and a downgraded owner (403); unknown and deleted products are 404', async () => {
    const { id: ownerId, productId, cookie: ownerCookie } = await sellerWithProduct();
    const other = await signedInUser(server, 'ADMIN');
    const shopper = await signedInUser(server);
    for (const cookie of [other.cookie, shopper.cookie]) {
      const response = await get(`/products/${productId}/edit`, cookie);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('This product belongs to another seller: only its owner can change it.');
    }
    expect((await get(`/products/${randomUUID()}/edit`, ownerCookie)).status).toBe(404);
    expect((await get('/products/not-an-id/edit', ownerCookie)).status).toBe(404);

    const { id: goneId } = await createProduct(ownerId, productInput());
    await addCheckout(shopper.id, goneId, 'COMPLETED');
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
    expect(html).toMatch(/data-testid="fee"[^>]*>\$1\.07</); // 4% of (150.10 - 123.40) = 106.8 cents
    expect(html).toContain('value="15.01"');
    expect(await snapshot([id], [productId])).toEqual(before);
  });

  it('saves the changes, charges the difference fee and redirects with a message', async () => {
    const { id, productId, cookie } = await sellerWithProduct();
    const response = await server.request(`/products/${productId}/edit`, formPost(fields({ name: 'Pixel Font Pack 2', price: '15.01', images: '5' }), cookie));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/products/${productId}`);
    const product = await getDb().product.findUniqueOrThrow({ where: { id: productId } });
    expect(product).toMatchObject({ name: 'Pixel Font Pack 2', priceCents: 15_01, stock: 10 });
    expect(product.imageIds).toHaveLength(5);
    const fees = await getDb().ledgerEntry.findMany({ where: { productId }, orderBy: { createdAt: 'asc' } });
    expect(fees.map((fee) => [fee.kind, fee.amountCents, fee.fromUserId, fee.toUserId])).toEqual([
      ['LISTING_FEE', 4_94n, id, PLATFORM_USER_ID],
      ['LISTING_FEE', 1_07n, id, PLATFORM_USER_ID],
    ]);
    expect(await flashAfter(server, response, cookie)).toBe('Product updated. Listing fee: $1.07');

    const lowered = await server.request(`/products/${productId}/edit`, formPost(fields({ price: '2.00', quantity: '0' }), cookie));
    expect(lowered.status).toBe(303);
    expect(await flashAfter(server, lowered, cookie)).toBe('Product updated. No fee: price × quantity did not grow.');
    expect(await getDb().ledgerEntry.count({ where: { productId } })).toBe(2);

    // $0 to $2.00: 4% is $0.08. Then $2.00 to $2.10: 4% of $0.10 rounds to nothing, and it says so.
    const raised = await server.request(`/products/${productId}/edit`, formPost(fields({ price: '2.00', quantity: '1' }), cookie));
    expect(await flashAfter(server, raised, cookie)).toBe('Product updated. Listing fee: $0.08');
    const nudged = await server.request(`/products/${productId}/edit`, formPost(fields({ price: '2.10', quantity: '1' }), cookie));
    expect(await flashAfter(server, nudged, cookie)).toBe('Product updated. No fee: 4% of the increase in price × quantity rounds to $0.00.');
    expect(await getDb().ledgerEntry.count({ where: { productId } })).toBe(3);
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

  it('refuses hand-made posts from another ADMIN, a NADMIN and a downgraded owner with 403, writing nothing', async () => {
    const { id: ownerId, productId, cookie: ownerCookie } = await sellerWithProduct();
    const other = await signedInUser(server, 'ADMIN');
    const shopper = await signedInUser(server);
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
