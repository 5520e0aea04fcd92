// /products/:id/delete over HTTP: the confirmation page and the delete, without JavaScript.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createProduct } from '~/models/product.server.ts';
import { stepDownToNadmin } from '~/models/role.server.ts';
import { ANONYMOUS_USER_ID } from '~/models/system-accounts.ts';
import { getDb } from '~/utils/db.server.ts';
import { addToCart, createCheckout, createSignedInUser } from '../../test/factories.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { formPost, useTestServer } from '../../test/http.ts';
import { productInput, snapshot } from '../../test/products.ts';

useDatabase();

const server = useTestServer();

async function sellerWithProduct() {
  const seller = await createSignedInUser({ role: 'ADMIN' });
  const { id } = await createProduct(seller.id, productInput({ name: 'Neon Skin' }));
  return { ...seller, productId: id };
}

const get = (path: string, cookie: string) => server.request(path, { headers: { Cookie: cookie } });
const confirm = (productId: string, cookie: string, intent = 'delete') => server.request(`/products/${productId}/delete`, formPost({ intent }, cookie));

describe('GET /products/:id/delete', () => {
  it('asks the owner to confirm, saying what will happen', async () => {
    const { productId, cookie } = await sellerWithProduct();
    const response = await get(`/products/${productId}/delete`, cookie);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Delete Product');
    expect(html).toContain('Neon Skin');
    expect(html).toContain('This action cannot be undone. The product and every cart line for it will be removed.');
    expect(html).toMatch(/<form method="post"/);
    expect(html).toContain('name="intent" value="delete"');
    expect(await getDb().product.count({ where: { id: productId } })).toBe(1);

    const shopper = await createSignedInUser();
    await createCheckout({ buyerId: shopper.id, productId, status: 'COMPLETED' });
    expect(await (await get(`/products/${productId}/delete`, cookie)).text()).toContain(
      'it will be removed from sale and from every cart, and kept only for their history',
    );
  });

  it('refuses another ADMIN, a NADMIN and a downgraded owner (403), and an unknown product (404)', async () => {
    const { id: ownerId, productId, cookie } = await sellerWithProduct();
    for (const role of ['ADMIN', 'NADMIN'] as const) {
      const other = await createSignedInUser({ role });
      const response = await get(`/products/${productId}/delete`, other.cookie);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('only its owner can change it');
    }
    expect((await get(`/products/${randomUUID()}/delete`, cookie)).status).toBe(404);
    await stepDownToNadmin(ownerId);
    expect((await get(`/products/${productId}/delete`, cookie)).status).toBe(403);
  });
});

describe('POST /products/:id/delete', () => {
  it('deletes a product nobody bought with everyone’s cart lines, and says so on My Products', async () => {
    const { productId, cookie } = await sellerWithProduct();
    const shopper = await createSignedInUser();
    await addToCart(shopper.id, productId, 2);

    const response = await confirm(productId, cookie);
    expect(response).toRedirectTo('/products?mine=1', 303);
    await expect(response).toShowFlash('Product deleted', { server, cookie });
    expect(await getDb().product.findUnique({ where: { id: productId } })).toBeNull();
    expect(await getDb().cartItem.count({ where: { productId } })).toBe(0);
  });

  it('anonymises a product an order refers to: its page stays for history, its cart lines go', async () => {
    const { id, productId, cookie } = await sellerWithProduct();
    const shopper = await createSignedInUser();
    await createCheckout({ buyerId: shopper.id, productId, status: 'COMPLETED' });
    await addToCart(shopper.id, productId, 1);

    const response = await confirm(productId, cookie);
    expect(response.status).toBe(303);
    expect(response).toHaveFlash('Product removed from sale; orders keep their history');
    const product = await getDb().product.findUniqueOrThrow({ where: { id: productId } });
    expect(product.ownerId).toBe(ANONYMOUS_USER_ID);
    expect(await getDb().cartItem.count({ where: { productId } })).toBe(0);
    expect(await getDb().product.count({ where: { ownerId: id } })).toBe(0);

    // Deleted for good: neither its edit nor its delete page opens any more.
    expect((await confirm(productId, cookie)).status).toBe(404);
    expect((await get(`/products/${productId}/edit`, cookie)).status).toBe(404);
  });

  it('refuses hand-made posts from others and from a downgraded owner with 403, and a wrong intent with 400, writing nothing', async () => {
    const { id: ownerId, productId, cookie } = await sellerWithProduct();
    const other = await createSignedInUser({ role: 'ADMIN' });
    const shopper = await createSignedInUser();
    await addToCart(shopper.id, productId, 1);
    const people = [ownerId, other.id, shopper.id];
    const before = await snapshot(people, [productId]);

    expect((await confirm(productId, other.cookie)).status).toBe(403);
    expect((await confirm(productId, shopper.cookie)).status).toBe(403);
    expect((await confirm(productId, cookie, 'remove')).status).toBe(400);
    expect(await snapshot(people, [productId])).toEqual(before);

    await stepDownToNadmin(ownerId);
    const downgraded = await snapshot(people, [productId]);
    const response = await confirm(productId, cookie);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('You are not an ADMIN any more');
    expect(await snapshot(people, [productId])).toEqual(downgraded);
  });
});
