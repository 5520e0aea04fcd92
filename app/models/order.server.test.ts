// Reading orders and sales, on real orders made by the checkout saga.
import { afterEach, describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { createProduct, createSeller, createUser } from '../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { placeOrder } from '../../test/orders.ts';
import { productInput } from '../../test/products.ts';
import { expectLedgerConservation } from '../../test/invariants.ts';
import { findBuyerOrder, listOrders, listSales, parseOrderListQuery, parseSaleListQuery, salesTotals } from './order.server.ts';
import { deleteProduct, updateProduct } from './product.server.ts';

useDatabase();
useJobQueue();

afterEach(async () => {
  await expectLedgerConservation();
});

const ordersQuery = (search = '') => parseOrderListQuery(new URLSearchParams(search));
const salesQuery = (search = '') => parseSaleListQuery(new URLSearchParams(search));

async function amountGained(userId: string) {
  const user = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { amountGainedCents: true } });
  return Number(user.amountGainedCents);
}

describe("a buyer's orders", () => {
  it('lists only their own orders, newest first, and sorts by total and by number of lines', async () => {
    const { id: sellerId } = await createSeller();
    const [{ id: cheap }, { id: dear }, { id: third }] = await Promise.all([
      createProduct({ ownerId: sellerId, priceCents: 1_00, stock: 50 }),
      createProduct({ ownerId: sellerId, priceCents: 500_00, stock: 50 }),
      createProduct({ ownerId: sellerId, priceCents: 3_33, stock: 50 }),
    ]);
    const { id: buyerId } = await createUser();
    const first = await placeOrder(buyerId, [{ productId: dear, quantity: 1 }]);
    const second = await placeOrder(buyerId, [
      { productId: cheap, quantity: 2 },
      { productId: third, quantity: 1 },
    ]);
    const last = await placeOrder(buyerId, [
      { productId: cheap, quantity: 1 },
      { productId: dear, quantity: 1 },
      { productId: third, quantity: 3 },
    ]);
    const { id: someoneElse } = await createUser();
    await placeOrder(someoneElse, [{ productId: cheap, quantity: 1 }]);

    const newest = await listOrders(buyerId, ordersQuery());
    expect(newest.total).toBe(3);
    expect(newest.orders.map((order) => order.id)).toEqual([last, second, first]);
    expect(newest.orders.map((order) => [order.totalCents, order.lineCount])).toEqual([
      [1_00 + 500_00 + 3 * 3_33, 3],
      [2 * 1_00 + 3_33, 2],
      [500_00, 1],
    ]);

    const byTotal = await listOrders(buyerId, ordersQuery('sort=total&order=asc'));
    expect(byTotal.orders.map((order) => order.id)).toEqual([second, first, last]);
    const byLines = await listOrders(buyerId, ordersQuery('sort=lines&order=desc'));
    expect(byLines.orders.map((order) => order.id)).toEqual([last, second, first]);
    const oldest = await listOrders(buyerId, ordersQuery('sort=date&order=asc'));
    expect(oldest.orders.map((order) => order.id)).toEqual([first, second, last]);
  });

  it('pages through the orders and clamps a page out of range, falling back to defaults for nonsense', async () => {
    const { id: sellerId } = await createSeller();
    const { id: productId } = await createProduct({ ownerId: sellerId, priceCents: 2_00, stock: 100 });
    const { id: buyerId } = await createUser();
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push(await placeOrder(buyerId, [{ productId, quantity: 1 }]));

    const query = ordersQuery('sort=bogus&order=sideways&perPage=7&page=-3');
    expect(query).toEqual({ sort: 'date', order: 'desc', page: 1, perPage: 10 });
    const pageOne = await listOrders(buyerId, query);
    expect([pageOne.page, pageOne.pageCount, pageOne.total, pageOne.orders.length]).toEqual([1, 2, 11, 10]);
    const pageTwo = await listOrders(buyerId, ordersQuery('page=99'));
    expect([pageTwo.page, pageTwo.orders.map((order) => order.id)]).toEqual([2, [ids[0]]]);
    const seen = new Set([...pageOne.orders, ...pageTwo.orders].map((order) => order.id));
    expect(seen).toEqual(new Set(ids));
  });

  it('opens an order for its buyer only, with lines whose subtotals add up to the total', async () => {
    const [{ id: sellerA }, { id: sellerB }] = await Promise.all([createSeller(), createSeller()]);
    const [{ id: a }, { id: b }] = await Promise.all([
      createProduct({ ownerId: sellerA, priceCents: 12_34, stock: 9 }),
      createProduct({ ownerId: sellerB, priceCents: 7_77, stock: 9 }),
    ]);
    const { id: buyerId } = await createUser();
    const orderId = await placeOrder(buyerId, [
      { productId: a, quantity: 3 },
      { productId: b, quantity: 2 },
    ]);

    const order = await findBuyerOrder(buyerId, orderId);
    expect(order).not.toBeNull();
    expect(order!.lines.map((line) => [line.productId, line.quantity, line.unitPriceCents, line.subtotalCents])).toEqual(
      expect.arrayContaining([
        [a, 3, 12_34, 3 * 12_34],
        [b, 2, 7_77, 2 * 7_77],
      ]),
    );
    expect(order!.totalCents).toBe(order!.lines.reduce((sum, line) => sum + line.subtotalCents, 0));
    expect(order!.totalCents).toBe(3 * 12_34 + 2 * 7_77);
    expect(order!.lines.every((line) => !line.isDeleted)).toBe(true);

    // Nobody else sees it, not even a seller of its lines: exactly as for an id that is no order.
    for (const viewer of [sellerA, sellerB, (await createUser()).id]) expect(await findBuyerOrder(viewer, orderId)).toBeNull();
    expect(await findBuyerOrder(buyerId, crypto.randomUUID())).toBeNull();
  });

  it('keeps what was bought after the product is repriced, renamed and deleted, still linking to it', async () => {
    const { id: sellerId } = await createSeller();
    const { id: productId } = await createProduct({ ownerId: sellerId, priceCents: 40_00, stock: 5, name: 'Original name' });
    const { id: buyerId } = await createUser();
    const orderId = await placeOrder(buyerId, [{ productId, quantity: 2 }]);

    await updateProduct(sellerId, productId, productInput({ name: 'New name', priceCents: 99_00, quantity: 3 }));
    expect(await deleteProduct(sellerId, productId)).toEqual({ outcome: 'anonymised' });

    const order = await findBuyerOrder(buyerId, orderId);
    expect(order!.lines).toEqual([
      expect.objectContaining({ productId, productName: 'Original name', unitPriceCents: 40_00, subtotalCents: 80_00, isDeleted: true }),
    ]);
    expect(order!.totalCents).toBe(80_00);
    const sales = await listSales(sellerId, salesQuery());
    expect(sales.lines).toEqual([expect.objectContaining({ productId, productName: 'Original name', amountCents: 80_00, isDeleted: true })]);
    expect(sales.totals.amountCents).toBe(await amountGained(sellerId));
  });
});

describe("a seller's sales", () => {
  it('lists only their lines, with buyer names, and totals that equal the amount gained', async () => {
    const [{ id: sellerId }, { id: otherSeller }] = await Promise.all([createSeller(), createSeller()]);
    const [{ id: mugs }, { id: caps }, { id: notMine }] = await Promise.all([
      createProduct({ ownerId: sellerId, priceCents: 15_00, stock: 20, name: 'Mug' }),
      createProduct({ ownerId: sellerId, priceCents: 9_99, stock: 20, name: 'Cap' }),
      createProduct({ ownerId: otherSeller, priceCents: 1_00, stock: 20 }),
    ]);
    const [{ id: ann }, { id: bob }] = await Promise.all([createUser({ name: 'Ann Buyer' }), createUser({ name: 'Bob Buyer' })]);
    await placeOrder(ann, [
      { productId: mugs, quantity: 2 },
      { productId: notMine, quantity: 5 },
    ]);
    await placeOrder(bob, [
      { productId: mugs, quantity: 1 },
      { productId: caps, quantity: 3 },
    ]);

    const sales = await listSales(sellerId, salesQuery());
    expect(sales.lines.map((line) => [line.productName, line.quantity, line.buyerName, line.amountCents])).toEqual(
      expect.arrayContaining([
        ['Mug', 2, 'Ann Buyer', 30_00],
        ['Mug', 1, 'Bob Buyer', 15_00],
        ['Cap', 3, 'Bob Buyer', 29_97],
      ]),
    );
    expect(sales.lines).toHaveLength(3);
    expect(sales.lines.map((line) => line.buyerName).slice(0, 2)).toEqual(['Bob Buyer', 'Bob Buyer']);
    expect(sales.totals).toEqual({ lineCount: 3, orderCount: 2, units: 6, amountCents: 74_97 });
    expect(sales.totals.amountCents).toBe(sales.lines.reduce((sum, line) => sum + line.amountCents, 0));
    expect(sales.totals.amountCents).toBe(await amountGained(sellerId));
    expect((await salesTotals(otherSeller)).amountCents).toBe(await amountGained(otherSeller));

    const byAmount = await listSales(sellerId, salesQuery('sort=amount&order=desc'));
    expect(byAmount.lines.map((line) => line.amountCents)).toEqual([30_00, 29_97, 15_00]);
    const byProduct = await listSales(sellerId, salesQuery('sort=product'));
    expect(byProduct.lines.map((line) => line.productName)).toEqual(['Cap', 'Mug', 'Mug']);
    const byQuantity = await listSales(sellerId, salesQuery('sort=quantity&order=asc'));
    expect(byQuantity.lines.map((line) => line.quantity)).toEqual([1, 2, 3]);

    const page = await listSales(sellerId, { ...salesQuery(), perPage: 10, page: 5 });
    expect([page.page, page.pageCount, page.lines.length]).toEqual([1, 1, 3]);
  });

  it('shows nothing, and totals of zero, to someone who never sold', async () => {
    const { id: nobody } = await createUser();
    const sales = await listSales(nobody, salesQuery());
    expect(sales.lines).toEqual([]);
    expect(sales.totals).toEqual({ lineCount: 0, orderCount: 0, units: 0, amountCents: 0 });
    expect([sales.page, sales.pageCount]).toEqual([1, 1]);
  });
});
