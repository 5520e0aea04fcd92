// /orders, /orders/:id and /sales over real HTTP, on real orders made by the checkout saga.
import { describe, expect, it } from 'vitest';
import { deleteProduct } from '~/models/product.server.ts';
import { stepDownToNadmin } from '~/models/role.server.ts';
import { createProduct, createSeller, createUser, sessionCookie } from '../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { useTestServer } from '../../test/http.ts';
import { placeOrder } from '../../test/orders.ts';
import { pageText } from '../../test/page-text.ts';

useDatabase();
useJobQueue();

const server = useTestServer();

async function get(pathname: string, userId?: string) {
  const response = await server.request(pathname, userId ? { headers: { Cookie: await sessionCookie(userId) } } : {});
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

async function aPurchase() {
  const { id: sellerId } = await createSeller('Sam Seller');
  const [{ id: lamp }, { id: desk }] = await Promise.all([
    createProduct({ ownerId: sellerId, priceCents: 25_50, stock: 10, name: 'Desk lamp' }),
    createProduct({ ownerId: sellerId, priceCents: 120_00, stock: 10, name: 'Oak desk' }),
  ]);
  const { id: buyerId } = await createUser({ name: 'Bea Buyer' });
  const orderId = await placeOrder(buyerId, [
    { productId: lamp, quantity: 2 },
    { productId: desk, quantity: 1 },
  ]);
  return { sellerId, buyerId, orderId, lamp, desk };
}

describe('GET /orders/:id', () => {
  it('shows the buyer their order: each line with its product link, quantity, unit price and subtotal, and the total', async () => {
    const { buyerId, orderId, lamp, desk } = await aPurchase();
    const page = await get(`/orders/${orderId}`, buyerId);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`href="/products/${lamp}"`);
    expect(page.html).toContain(`href="/products/${desk}"`);
    const text = pageText(page.html);
    expect(text).toContain(`Order ${orderId.slice(0, 8)} Order id: ${orderId}`);
    expect(text).toMatch(/Desk lamp .*Available Qty: 8 2 \$25\.50 \$51\.00/);
    expect(text).toMatch(/Oak desk .*Available Qty: 9 1 \$120\.00 \$120\.00/);
    expect(text).toContain('Total $171.00');
  });

  it('answers 404, never 403 or 500, to anyone else and for ids that are not an order of theirs', async () => {
    const { sellerId, orderId } = await aPurchase();
    const { id: stranger } = await createUser();
    for (const viewer of [stranger, sellerId]) expect((await get(`/orders/${orderId}`, viewer)).status).toBe(404);
    for (const id of [crypto.randomUUID(), 'not-an-id', '1', `${orderId}x`, '%E0%A4%A', "'; DROP TABLE"]) {
      expect((await get(`/orders/${encodeURIComponent(id)}`, stranger)).status).toBe(404);
    }
  });

  it('asks a signed-out visitor to sign in first', async () => {
    const { orderId } = await aPurchase();
    const page = await get(`/orders/${orderId}`);
    expect(page.status).toBe(302);
    expect(page.location).toBe(`/sign-in?redirectTo=${encodeURIComponent(`/orders/${orderId}`)}`);
  });

  it('marks a product deleted since, and still links to it', async () => {
    const { sellerId, buyerId, orderId, lamp } = await aPurchase();
    expect(await deleteProduct(sellerId, lamp)).toEqual({ outcome: 'anonymised' });
    const page = await get(`/orders/${orderId}`, buyerId);
    expect(page.html).toContain(`href="/products/${lamp}"`);
    expect(pageText(page.html)).toMatch(/Desk lamp Deleted 2 \$25\.50 \$51\.00/);
  });
});

describe('GET /orders', () => {
  it("lists the buyer's orders with total, number of lines and a link, and counts them in the sidebar", async () => {
    const { buyerId, orderId, lamp } = await aPurchase();
    const second = await placeOrder(buyerId, [{ productId: lamp, quantity: 1 }]);
    const page = await get('/orders', buyerId);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`href="/orders/${orderId}"`);
    expect(page.html).toContain(`href="/orders/${second}"`);
    const text = pageText(page.html);
    expect(text).toMatch(new RegExp(`${second.slice(0, 8)} \\$25\\.50 1 Today at .*${orderId.slice(0, 8)} \\$171\\.00 2 Today at`));
    expect(text).toContain('2 results');
    expect(page.html).toMatch(/href="\/orders"[^>]*>.*?data-testid="count-orders"[^>]*>2</);

    const sorted = pageText((await get('/orders?sort=total&order=desc', buyerId)).html);
    expect(sorted).toMatch(new RegExp(`${orderId.slice(0, 8)} .*${second.slice(0, 8)} `));
  });

  it('shows an empty list, not an error, for nonsense in the URL', async () => {
    const { id: buyerId } = await createUser();
    const page = await get('/orders?sort=%00&order=up&page=abc&perPage=1000000', buyerId);
    expect(page.status).toBe(200);
    expect(pageText(page.html)).toContain('No results.');
  });
});

describe('GET /sales', () => {
  it('lists what the seller sold, with buyer names and a total equal to the amount gained on the profile', async () => {
    const { sellerId, buyerId, lamp } = await aPurchase();
    await placeOrder((await createUser({ name: 'Cal Customer' })).id, [{ productId: lamp, quantity: 3 }]);
    const page = await get('/sales', sellerId);
    expect(page.status).toBe(200);
    const text = pageText(page.html);
    expect(text).toMatch(/Desk lamp 3 Cal Customer \$76\.50 \$25\.50 each/);
    expect(text).toMatch(/Desk lamp 2 Bea Buyer \$51\.00 \$25\.50 each/);
    expect(text).toMatch(/Oak desk 1 Bea Buyer \$120\.00 \$120\.00 each/);
    expect(text).toContain('Amount Gained $247.50');
    expect(text).toContain('Units Sold 6');
    // Today's gains, charted and in the chart's table (the last row: today).
    const chart = page.html.slice(page.html.indexOf('data-testid="chart-gains"'));
    expect(chart).toMatch(/<svg[^>]*role="img"/);
    const table = chart.slice(chart.indexOf('<tbody'), chart.indexOf('</tbody>'));
    expect(pageText(table.slice(table.lastIndexOf('<tr')))).toMatch(/\$247\.50/);

    const profile = pageText((await get('/profile', sellerId)).html);
    expect(profile).toContain('Amount Gained $247.50');
    expect((await get('/sales', buyerId)).html).toContain('No results.');
  });

  it('is in the sidebar of ADMINs and of anyone who has sold, not of other people', async () => {
    const { sellerId, buyerId } = await aPurchase();
    const salesLink = /href="\/sales"/;
    expect((await get('/profile', sellerId)).html).toMatch(salesLink);
    expect((await get('/profile', buyerId)).html).not.toMatch(salesLink);
    expect((await get('/profile', (await createSeller()).id)).html).toMatch(salesLink);
    // A seller who stepped down keeps the way to their sales.
    await stepDownToNadmin(sellerId);
    expect((await get('/profile', sellerId)).html).toMatch(salesLink);
  });
});
