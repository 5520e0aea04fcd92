import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { ORDER_CAP_CENTS } from '~/utils/money.ts';
import { UNREACHABLE_CHECKOUT_URLS } from '../../test/orders.ts';
import { createCheckout, createProduct, createUser } from '../../test/factories.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { cartLineIssue, summarizeCart, type CartLineState } from './cart-rules.ts';
import { addToCart, CartError, getCart, removeCartLine, updateCartLine } from './cart.server.ts';
import { startCheckout } from './checkout/checkout.server.ts';
import { ANONYMOUS_USER_ID } from './system-accounts.ts';

useDatabase();

const db = () => getDb();

async function lineQuantity(userId: string, productId: string) {
  const line = await db().cartItem.findUnique({ where: { userId_productId: { userId, productId } }, select: { quantity: true } });
  return line?.quantity ?? null;
}

async function expectCartError(promise: Promise<unknown>, status: number, message: string | RegExp) {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CartError);
  expect((error as CartError).status).toBe(status);
  expect((error as CartError).message).toMatch(message);
}

describe('addToCart', () => {
  it('creates a line, then adds to the same line', async () => {
    const { id: buyer } = await createUser();
    const product = await createProduct({ stock: 10 });
    expect(await addToCart(buyer, product.id, 2)).toEqual({ productName: product.name, quantity: 2, stock: 10, capped: false });
    expect(await addToCart(buyer, product.id, 3)).toMatchObject({ quantity: 5, capped: false });
    expect(await db().cartItem.count({ where: { userId: buyer } })).toBe(1);
    expect(await lineQuantity(buyer, product.id)).toBe(5);
  });

  it('caps the line at the stock and says so', async () => {
    const { id: buyer } = await createUser();
    const product = await createProduct({ stock: 4 });
    await addToCart(buyer, product.id, 3);
    expect(await addToCart(buyer, product.id, 3)).toMatchObject({ quantity: 4, stock: 4, capped: true });
    expect(await lineQuantity(buyer, product.id)).toBe(4);
    expect(await addToCart(buyer, product.id, 1)).toMatchObject({ quantity: 4, capped: true });
  });

  it('brings a line above a stock that has since dropped back down to the stock', async () => {
    const { id: buyer } = await createUser();
    const product = await createProduct({ stock: 10 });
    await addToCart(buyer, product.id, 8);
    await db().product.update({ where: { id: product.id }, data: { stock: 5 } });
    expect(await addToCart(buyer, product.id, 1)).toMatchObject({ quantity: 5, capped: true });
  });

  it('refuses your own product, a deleted one, one out of stock and an unknown one, writing nothing', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const own = await createProduct({ ownerId: seller });
    await expectCartError(addToCart(seller, own.id, 1), 403, "You can't buy your own product.");

    const { id: buyer } = await createUser();
    const deleted = await createProduct({ ownerId: ANONYMOUS_USER_ID });
    await expectCartError(addToCart(buyer, deleted.id, 1), 409, 'This product was deleted.');
    const soldOut = await createProduct({ stock: 0 });
    await expectCartError(addToCart(buyer, soldOut.id, 1), 409, 'This product is out of stock.');
    await expectCartError(addToCart(buyer, randomUUID(), 1), 404, 'This product does not exist.');

    expect(await db().cartItem.count({ where: { userId: { in: [seller, buyer] } } })).toBe(0);
  });

  it('loses no add when two tabs add at the same moment', async () => {
    const { id: buyer } = await createUser();
    const product = await createProduct({ stock: 100 });
    for (let round = 1; round <= 5; round++) {
      await Promise.all([addToCart(buyer, product.id, 1), addToCart(buyer, product.id, 2)]);
      expect(await lineQuantity(buyer, product.id)).toBe(3 * round);
    }
    expect(await db().cartItem.count({ where: { userId: buyer } })).toBe(1);
  });

  it('never exceeds the stock under concurrent adds', async () => {
    const { id: buyer } = await createUser();
    const product = await createProduct({ stock: 7 });
    const results = await Promise.all(Array.from({ length: 5 }, () => addToCart(buyer, product.id, 2)));
    expect(await lineQuantity(buyer, product.id)).toBe(7);
    // Each add saw the line as the earlier ones left it: quantities 2, 4, 6, then the cap.
    expect(results.map((result) => result.quantity).sort()).toEqual([2, 4, 6, 7, 7]);
    expect(results.filter((result) => result.capped)).toHaveLength(2);
  });
});

describe('updateCartLine', () => {
  it('sets a quantity from 1 up to the stock', async () => {
    const { id: buyer } = await createUser();
    const product = await createProduct({ stock: 6 });
    await addToCart(buyer, product.id, 2);
    const { id } = await db().cartItem.findUniqueOrThrow({ where: { userId_productId: { userId: buyer, productId: product.id } } });
    expect(await updateCartLine(buyer, id, 6)).toEqual({ productName: product.name, quantity: 6 });
    expect(await updateCartLine(buyer, id, 1)).toMatchObject({ quantity: 1 });
    expect(await lineQuantity(buyer, product.id)).toBe(1);
  });

  it('refuses more than the stock and changes nothing', async () => {
    const { id: buyer } = await createUser();
    const product = await createProduct({ stock: 6 });
    await addToCart(buyer, product.id, 2);
    const { id } = await db().cartItem.findUniqueOrThrow({ where: { userId_productId: { userId: buyer, productId: product.id } } });
    await expectCartError(updateCartLine(buyer, id, 7), 409, 'Only 6 in stock: choose a quantity from 1 to 6.');
    expect(await lineQuantity(buyer, product.id)).toBe(2);
  });

  it('refuses lines whose product was deleted or sold out since', async () => {
    const { id: buyer } = await createUser();
    const product = await createProduct({ stock: 6 });
    await addToCart(buyer, product.id, 2);
    const { id } = await db().cartItem.findUniqueOrThrow({ where: { userId_productId: { userId: buyer, productId: product.id } } });
    await db().product.update({ where: { id: product.id }, data: { stock: 0 } });
    await expectCartError(updateCartLine(buyer, id, 1), 409, 'This product is out of stock: remove it from your cart.');
    await db().product.update({ where: { id: product.id }, data: { stock: 5, ownerId: ANONYMOUS_USER_ID } });
    await expectCartError(updateCartLine(buyer, id, 1), 409, 'This product was deleted: remove it from your cart.');
    expect(await lineQuantity(buyer, product.id)).toBe(2);
  });

  it("treats another user's line and an unknown line as not in your cart", async () => {
    const [owner, other] = [(await createUser()).id, (await createUser()).id];
    const product = await createProduct();
    await addToCart(owner, product.id, 2);
    const { id } = await db().cartItem.findUniqueOrThrow({ where: { userId_productId: { userId: owner, productId: product.id } } });
    await expectCartError(updateCartLine(other, id, 1), 404, 'This line is not in your cart.');
    await expectCartError(updateCartLine(owner, randomUUID(), 1), 404, 'This line is not in your cart.');
    expect(await lineQuantity(owner, product.id)).toBe(2);
  });
});

describe('removeCartLine', () => {
  it("removes your own line only; another user's line is not in your cart", async () => {
    const [owner, other] = [(await createUser()).id, (await createUser()).id];
    const product = await createProduct();
    await addToCart(owner, product.id, 2);
    const { id } = await db().cartItem.findUniqueOrThrow({ where: { userId_productId: { userId: owner, productId: product.id } } });
    await expectCartError(removeCartLine(other, id), 404, 'This line is not in your cart.');
    expect(await lineQuantity(owner, product.id)).toBe(2);
    expect(await removeCartLine(owner, id)).toEqual({ productName: product.name });
    expect(await lineQuantity(owner, product.id)).toBeNull();
    await expectCartError(removeCartLine(owner, id), 404, 'This line is not in your cart.');
  });
});

describe('getCart', () => {
  it('lists the lines oldest first with what the page needs, and flags what changed since', async () => {
    const { id: buyer } = await createUser();
    const first = await createProduct({ stock: 5, priceCents: 2_50 });
    const second = await createProduct({ stock: 5, priceCents: 1_00 });
    await addToCart(buyer, first.id, 3);
    await addToCart(buyer, second.id, 1);
    await db().product.update({ where: { id: first.id }, data: { stock: 2 } });
    await db().product.update({ where: { id: second.id }, data: { ownerId: ANONYMOUS_USER_ID } });

    const cart = await getCart(buyer);
    expect(cart.pendingCheckoutId).toBeNull();
    expect(cart.lines).toMatchObject([
      { productId: first.id, productName: first.name, quantity: 3, unitPriceCents: 2_50, stock: 2, deleted: false, own: false },
      { productId: second.id, quantity: 1, deleted: true },
    ]);
    expect(cart.lines[0]!.imageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(cart.lines.map(cartLineIssue)).toEqual([
      'Only 2 left in stock. Lower the quantity to check out.',
      'This product was deleted. Remove it to check out.',
    ]);
    expect(summarizeCart(cart.lines)).toEqual({ lineCount: 2, totalCents: 8_50, overCap: false, hasIssues: true, canCheckOut: false });
  });

  it('says when a checkout is pending, and the cart stays editable meanwhile', async () => {
    const { id: buyer } = await createUser();
    const product = await createProduct({ stock: 5 });
    await addToCart(buyer, product.id, 1);
    await createCheckout({ buyerId: buyer });
    expect((await getCart(buyer)).pendingCheckoutId).toBeTruthy();
    await addToCart(buyer, product.id, 1);
    const [line] = (await getCart(buyer)).lines;
    expect(line!.quantity).toBe(2);
    await updateCartLine(buyer, line!.id, 4);
    await removeCartLine(buyer, line!.id);
    expect((await getCart(buyer)).lines).toEqual([]);
  });
});

describe("the buyer's own pending checkout", () => {
  it('never makes their cart look short: its units count as available to them, and checking out again replaces it', async () => {
    const { id: buyer } = await createUser();
    const product = await createProduct({ stock: 3 });
    await addToCart(buyer, product.id, 3);
    const first = await startCheckout(buyer, UNREACHABLE_CHECKOUT_URLS);
    expect((await db().product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(0);

    const cart = await getCart(buyer);
    expect(cart.pendingCheckoutId).toBe(first.checkoutId);
    expect(cart.lines).toMatchObject([{ productId: product.id, quantity: 3, stock: 3 }]);
    expect(cart.lines.map(cartLineIssue)).toEqual([null]);
    expect(summarizeCart(cart.lines).canCheckOut).toBe(true);
    // Editing the line counts them too, up to the stock and the reservation together.
    await updateCartLine(buyer, cart.lines[0]!.id, 2);
    await updateCartLine(buyer, cart.lines[0]!.id, 3);
    await expectCartError(updateCartLine(buyer, cart.lines[0]!.id, 4), 409, 'Only 3 in stock: choose a quantity from 1 to 3.');

    // Someone else still sees it sold out.
    const { id: other } = await createUser();
    await expectCartError(addToCart(other, product.id, 1), 409, 'This product is out of stock.');

    const second = await startCheckout(buyer, UNREACHABLE_CHECKOUT_URLS);
    expect((await db().checkout.findUniqueOrThrow({ where: { id: first.checkoutId } })).status).toBe('RELEASED');
    expect((await getCart(buyer)).pendingCheckoutId).toBe(second.checkoutId);
    expect((await db().product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(0);
  });
});

describe('summarizeCart', () => {
  const line = (overrides: Partial<CartLineState> = {}): CartLineState => ({
    quantity: 1,
    unitPriceCents: 100_00,
    stock: 10,
    deleted: false,
    own: false,
    ...overrides,
  });

  it('allows checking out up to $999,999.99 and blocks a cent more', () => {
    expect(summarizeCart([line({ unitPriceCents: ORDER_CAP_CENTS })])).toMatchObject({ overCap: false, canCheckOut: true });
    const over = summarizeCart([line({ unitPriceCents: ORDER_CAP_CENTS }), line({ unitPriceCents: 1 })]);
    expect(over).toMatchObject({ totalCents: ORDER_CAP_CENTS + 1, overCap: true, canCheckOut: false });
  });

  it('blocks an empty cart and a cart with a line that has an issue', () => {
    expect(summarizeCart([]).canCheckOut).toBe(false);
    expect(summarizeCart([line(), line({ stock: 0 })]).canCheckOut).toBe(false);
    expect(cartLineIssue(line({ stock: 0 }))).toBe('This product is out of stock. Remove it to check out.');
    expect(cartLineIssue(line({ own: true }))).toMatch(/your own product/);
    expect(cartLineIssue(line({ quantity: 10 }))).toBeNull();
  });
});
