// Cart lines that change without their owner (a product or its seller's account deleted, the stock
// lowered by the seller) leave a notice, written in the same transaction, that the cart shows once.
import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { addToCart, createProduct, createSeller, createUser } from '../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { UNREACHABLE_CHECKOUT_URLS } from '../../test/orders.ts';
import { deleteAccount } from './account.server.ts';
import { isolate } from '~/utils/bidi.ts';
import { cartNoticeMessage } from './cart-rules.ts';
import { takeCartNotices } from './cart-notices.server.ts';
import { startCheckout } from './checkout/checkout.server.ts';
import { deleteProduct, updateProduct } from './product.server.ts';

useDatabase();
useJobQueue();

const messages = async (userId: string) => (await takeCartNotices(userId)).map(cartNoticeMessage);
const lineOf = (userId: string, productId: string) =>
  getDb().cartItem.findUnique({ where: { userId_productId: { userId, productId } }, select: { quantity: true } });

describe('cart notices', () => {
  it('tells each shopper once that a deleted product left their cart', async () => {
    const { id: sellerId } = await createSeller();
    const { id: productId } = await createProduct({ ownerId: sellerId, name: 'Vanishing Vase' });
    const [ann, bob] = [(await createUser()).id, (await createUser()).id];
    await addToCart(ann, productId, 2);
    await addToCart(bob, productId, 1);
    await deleteProduct(sellerId, productId);
    expect(await lineOf(ann, productId)).toBeNull();
    expect(await messages(ann)).toEqual([`"${isolate('Vanishing Vase')}" was removed from your cart: its seller deleted it.`]);
    expect(await messages(ann)).toEqual([]);
    expect(await messages(bob)).toEqual([`"${isolate('Vanishing Vase')}" was removed from your cart: its seller deleted it.`]);
  });

  it("tells shoppers when a seller's account is deleted with the products in their carts", async () => {
    const { id: sellerId } = await createSeller();
    const [kept, sold] = [
      (await createProduct({ ownerId: sellerId, name: 'Closing Clock' })).id,
      (await createProduct({ ownerId: sellerId, name: 'Closing Cup' })).id,
    ];
    const { id: shopper } = await createUser();
    await addToCart(shopper, kept, 1);
    await addToCart(shopper, sold, 3);
    await deleteAccount(sellerId);
    expect(await getDb().cartItem.count({ where: { userId: shopper } })).toBe(0);
    expect((await messages(shopper)).sort()).toEqual([
      `"${isolate('Closing Clock')}" was removed from your cart: its seller deleted it.`,
      `"${isolate('Closing Cup')}" was removed from your cart: its seller deleted it.`,
    ]);
  });

  it("lowers lines above a stock the seller lowered, removes them when none is left, and counts the shopper's own reservation", async () => {
    const { id: sellerId } = await createSeller();
    const { id: productId } = await createProduct({ ownerId: sellerId, name: 'Shrinking Shelf', stock: 10, priceCents: 5_00 });
    const [over, under, reserving] = [(await createUser()).id, (await createUser()).id, (await createUser()).id];
    await addToCart(over, productId, 6);
    await addToCart(under, productId, 2);
    // 3 units held by this shopper's own pending checkout: still theirs to check out again.
    await addToCart(reserving, productId, 3);
    await startCheckout(reserving, UNREACHABLE_CHECKOUT_URLS);
    const input = { name: 'Shrinking Shelf', description: 'A test product', priceCents: 5_00, imageCount: 1 };

    await updateProduct(sellerId, productId, { ...input, quantity: 2 });
    expect(await lineOf(over, productId)).toEqual({ quantity: 2 });
    expect(await lineOf(under, productId)).toEqual({ quantity: 2 });
    expect(await lineOf(reserving, productId)).toEqual({ quantity: 3 });
    expect(await messages(over)).toEqual([`"${isolate('Shrinking Shelf')}": only 2 left, so your cart now has 2 instead of 6.`]);
    expect(await messages(under)).toEqual([]);
    expect(await messages(reserving)).toEqual([]);

    await updateProduct(sellerId, productId, { ...input, quantity: 0 });
    expect(await lineOf(over, productId)).toBeNull();
    expect(await lineOf(reserving, productId)).toEqual({ quantity: 3 });
    expect(await messages(over)).toEqual([`"${isolate('Shrinking Shelf')}" was removed from your cart: its seller has none left.`]);
    expect(await messages(under)).toEqual([`"${isolate('Shrinking Shelf')}" was removed from your cart: its seller has none left.`]);
    expect(await messages(reserving)).toEqual([]);
  });
});
