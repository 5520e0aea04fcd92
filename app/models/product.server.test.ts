import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { addToCart, createCheckout, createUser } from '../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { lockRow, productAboveQuantityLimit, productInput, reserveUnits, snapshot } from '../../test/products.ts';
import { placeOrder } from '../../test/orders.ts';
import { cancelCheckout } from './checkout/checkout.server.ts';
import { releaseCheckout } from './checkout/release.server.ts';
import { InsufficientFundsError, ledgerBalance, payFee } from './ledger.server.ts';
import { stepDownToNadmin } from './role.server.ts';
import {
  createProduct,
  deleteProduct,
  findProductToManage,
  NOT_AN_ADMIN,
  NOT_AN_ADMIN_ANY_MORE,
  NOT_YOURS,
  previewDeletion,
  ProductForbiddenError,
  ProductNotFoundError,
  ProductQuantityError,
  removeProductInTx,
  reservedUnits,
  resizeImageIds,
  updateProduct,
} from './product.server.ts';
import { ANONYMOUS_USER_ID, PLATFORM_USER_ID } from './system-accounts.ts';

useDatabase();
// Completing a checkout queues its emails.
useJobQueue();

const db = () => getDb();

async function listingFees(productId: string) {
  const entries = await db().ledgerEntry.findMany({ where: { productId, kind: 'LISTING_FEE' }, orderBy: { createdAt: 'asc' } });
  return entries.map((entry) => ({ from: entry.fromUserId, to: entry.toUserId, cents: Number(entry.amountCents) }));
}

async function account(userId: string) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  return { balanceCents: Number(user.balanceCents), amountSpentCents: Number(user.amountSpentCents) };
}

/** Leaves the user `cents` to spend, by paying the rest as a fee. */
async function spendAllBut(userId: string, cents: number) {
  const { balanceCents } = await account(userId);
  await serializable((tx) => payFee(tx, { kind: 'UPGRADE_FEE', userId, amountCents: balanceCents - cents }));
}

describe('createProduct', () => {
  it('lists the product and charges 4% of price x quantity, rounded half up, to the platform', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const input = productInput({ priceCents: 19_99, quantity: 7, imageCount: 3 }); // 4% of $139.93 = 559.72 cents
    const { id, feeCents } = await createProduct(seller, input);

    expect(feeCents).toBe(5_60);
    const product = await db().product.findUniqueOrThrow({ where: { id } });
    expect(product).toMatchObject({ name: input.name, description: input.description, priceCents: 19_99, stock: 7, ownerId: seller });
    expect(product.imageIds).toHaveLength(3);
    expect(new Set(product.imageIds).size).toBe(3);
    expect(await listingFees(id)).toEqual([{ from: seller, to: PLATFORM_USER_ID, cents: 5_60 }]);
    expect(await account(seller)).toEqual({ balanceCents: 4_000_000_00 - 5_60, amountSpentCents: 5_60 });
    expect(await ledgerBalance(db(), seller)).toBe(BigInt(4_000_000_00 - 5_60));
  });

  it('charges the largest listing exactly', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const { feeCents } = await createProduct(seller, productInput({ priceCents: 2_000_00, quantity: 2_000 }));
    expect(feeCents).toBe(160_000_00);
    expect((await account(seller)).balanceCents).toBe(3_840_000_00);
  });

  it('refuses a NADMIN, and an unknown or missing seller, with nothing written', async () => {
    const { id: shopper } = await createUser();
    const before = await snapshot([shopper]);
    await expect(createProduct(shopper, productInput())).rejects.toThrow(new ProductForbiddenError(NOT_AN_ADMIN));
    await expect(createProduct(randomUUID(), productInput())).rejects.toBeInstanceOf(ProductForbiddenError);
    await expect(createProduct(undefined as unknown as string, productInput())).rejects.toBeInstanceOf(TypeError);
    expect(await snapshot([shopper])).toEqual(before);
  });

  it('refuses when the balance does not cover the fee, with nothing written', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    await spendAllBut(seller, 4_00);
    const before = await snapshot([seller]);
    const input = productInput({ priceCents: 10_01, quantity: 10 }); // fee 4.004 -> $4.00: just enough
    const tooMuch = productInput({ priceCents: 10_13, quantity: 10 }); // fee 4.052 -> $4.05
    await expect(createProduct(seller, tooMuch)).rejects.toBeInstanceOf(InsufficientFundsError);
    expect(await snapshot([seller])).toEqual(before);
    expect(await db().product.count({ where: { name: tooMuch.name } })).toBe(0);

    const { feeCents } = await createProduct(seller, input);
    expect(feeCents).toBe(4_00);
    expect((await account(seller)).balanceCents).toBe(0);
  });

  it('sees a step-down that commits while it runs, and then refuses', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const input = productInput();
    const before = await snapshot([seller]);
    const lock = await lockRow('User', seller);
    const creating = createProduct(seller, input);
    // Handled from the start: the refusal may come while the test still awaits the lock's commit.
    creating.catch(() => {});
    // The create has read the role (ADMIN) and waits to charge the fee.
    await expect.poll(lock.waiting).toBe(1);
    await lock.query(`UPDATE "User" SET role = 'NADMIN' WHERE id = $1`, [seller]);
    await lock.commit();

    await expect(creating).rejects.toThrow(new ProductForbiddenError(NOT_AN_ADMIN));
    const after = await snapshot([seller]);
    expect(after.users[0]).toMatchObject({ role: 'NADMIN', balanceCents: before.users[0]!.balanceCents, amountSpentCents: 0n });
    expect(after.ledgerEntries).toBe(before.ledgerEntries);
    expect(after.ownedProducts).toEqual([]);
    expect(await db().product.count({ where: { name: input.name } })).toBe(0);
  });
});

describe('resizeImageIds', () => {
  it('keeps the existing ids in order, adding new ones or dropping the last ones', () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    expect(resizeImageIds(ids, 3)).toEqual(ids);
    expect(resizeImageIds(ids, 1)).toEqual(ids.slice(0, 1));
    const grown = resizeImageIds(ids, 6);
    expect(grown.slice(0, 3)).toEqual(ids);
    expect(new Set(grown).size).toBe(6);
    for (const id of grown) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('updateProduct', () => {
  it('charges 4% of the growth of price x quantity, and nothing when it does not grow', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const { id } = await createProduct(seller, productInput({ priceCents: 10_00, quantity: 10, imageCount: 2 }));
    const original = await db().product.findUniqueOrThrow({ where: { id } });

    const raised = await updateProduct(seller, id, productInput({ name: 'Renamed', priceCents: 12_34, quantity: 10, imageCount: 4 }));
    expect(raised).toEqual({ feeCents: 94, grew: true }); // 4% of (123.40 - 100.00) = 93.6 cents
    const afterRaise = await db().product.findUniqueOrThrow({ where: { id } });
    expect(afterRaise).toMatchObject({ name: 'Renamed', priceCents: 12_34, stock: 10, ownerId: seller });
    expect(afterRaise.imageIds.slice(0, 2)).toEqual(original.imageIds);
    expect(afterRaise.imageIds).toHaveLength(4);

    const lowered = await updateProduct(seller, id, productInput({ priceCents: 5_00, quantity: 0, imageCount: 1 }));
    expect(lowered).toEqual({ feeCents: 0, grew: false });
    const afterLower = await db().product.findUniqueOrThrow({ where: { id } });
    expect(afterLower).toMatchObject({ priceCents: 5_00, stock: 0 });
    expect(afterLower.imageIds).toEqual(original.imageIds.slice(0, 1));

    expect((await listingFees(id)).map((fee) => fee.cents)).toEqual([4_00, 94]);
    expect(await account(seller)).toEqual({ balanceCents: 4_000_000_00 - 4_94, amountSpentCents: 4_94 });
  });

  it('refuses another ADMIN, a downgraded owner, an unknown and a deleted product, with nothing written', async () => {
    const [{ id: owner }, { id: other }] = await Promise.all([createUser({ role: 'ADMIN' }), createUser({ role: 'ADMIN' })]);
    const { id } = await createProduct(owner, productInput());
    const { id: goneId } = await createProduct(owner, productInput());
    await createCheckout({ buyerId: other, productId: goneId, status: 'COMPLETED' });
    await deleteProduct(owner, goneId);
    const raise = productInput({ priceCents: 20_00 });

    const before = await snapshot([owner, other], [id, goneId]);
    await expect(updateProduct(other, id, raise)).rejects.toThrow(new ProductForbiddenError(NOT_YOURS));
    await expect(updateProduct(owner, randomUUID(), raise)).rejects.toThrow(new ProductNotFoundError());
    await expect(updateProduct(owner, 'not-a-uuid', raise)).rejects.toThrow(new ProductNotFoundError());
    await expect(updateProduct(owner, goneId, raise)).rejects.toThrow(new ProductNotFoundError(true));
    await expect(updateProduct(undefined as unknown as string, id, raise)).rejects.toBeInstanceOf(TypeError);
    expect(await snapshot([owner, other], [id, goneId])).toEqual(before);

    await stepDownToNadmin(owner);
    const downgraded = await snapshot([owner, other], [id]);
    await expect(updateProduct(owner, id, raise)).rejects.toThrow(new ProductForbiddenError(NOT_AN_ADMIN_ANY_MORE));
    await expect(findProductToManage(owner, id)).rejects.toThrow(new ProductForbiddenError(NOT_AN_ADMIN_ANY_MORE));
    expect(await snapshot([owner, other], [id])).toEqual(downgraded);
  });

  it('refuses when the balance does not cover the fee, with nothing written', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const { id } = await createProduct(seller, productInput({ priceCents: 10_00, quantity: 10 }));
    await spendAllBut(seller, 1_00);
    const before = await snapshot([seller], [id]);
    await expect(updateProduct(seller, id, productInput({ priceCents: 13_00, quantity: 10 }))).rejects.toBeInstanceOf(InsufficientFundsError);
    expect(await snapshot([seller], [id])).toEqual(before);
  });

  it('sees a step-down that commits while it runs, and then refuses', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const { id } = await createProduct(seller, productInput({ priceCents: 10_00, quantity: 10 }));
    const before = await snapshot([seller], [id]);
    const lock = await lockRow('Product', id);
    const updating = updateProduct(seller, id, productInput({ priceCents: 20_00, quantity: 10 }));
    // Handled from the start: the refusal may come while the test still awaits the lock's release.
    updating.catch(() => {});
    // The update has read the role (ADMIN) and waits to write the product.
    await expect.poll(lock.waiting).toBe(1);
    await stepDownToNadmin(seller);
    await lock.release();

    await expect(updating).rejects.toThrow(new ProductForbiddenError(NOT_AN_ADMIN_ANY_MORE));
    const after = await snapshot([seller], [id]);
    expect(after.users[0]!.role).toBe('NADMIN');
    expect({ ...after, users: [] }).toEqual({ ...before, users: [] });
    expect(after.users[0]!.balanceCents).toBe(before.users[0]!.balanceCents);
  });

  it('refuses a quantity above 2,000, with nothing written', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const { id } = await createProduct(seller, productInput({ priceCents: 10_00, quantity: 10 }));
    const before = await snapshot([seller], [id]);
    await expect(updateProduct(seller, id, productInput({ priceCents: 10_00, quantity: 2_001 }))).rejects.toThrow(
      new ProductQuantityError('Enter a whole number from 0 to 2,000.'),
    );
    expect(await snapshot([seller], [id])).toEqual(before);
    expect(await updateProduct(seller, id, productInput({ priceCents: 10_00, quantity: 2_000 }))).toEqual({ feeCents: 796_00, grew: true }); // 4% of 1,990 more at $10
  });

  it('keeps or lowers a stock that a released checkout took above 2,000, and refuses to raise it', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const id = await productAboveQuantityLimit(seller, { priceCents: 10_00 });
    expect(await db().product.findUniqueOrThrow({ where: { id } })).toMatchObject({ stock: 2_010 });

    const before = await snapshot([seller], [id]);
    await expect(updateProduct(seller, id, productInput({ priceCents: 10_00, quantity: 2_011 }))).rejects.toThrow(
      new ProductQuantityError('Enter a whole number from 0 to 2,010 (the 2,010 in stock now): a quantity above 2,000 can be kept or lowered, not raised.'),
    );
    expect(await snapshot([seller], [id])).toEqual(before);

    expect(await updateProduct(seller, id, productInput({ name: 'Renamed', priceCents: 9_00, quantity: 2_010 }))).toEqual({ feeCents: 0, grew: false });
    expect(await updateProduct(seller, id, productInput({ priceCents: 9_00, quantity: 2_005 }))).toEqual({ feeCents: 0, grew: false });
    // Lowered to 2,005, it may not go back to 2,010: only 2,000 or less is a raise it may make.
    await expect(updateProduct(seller, id, productInput({ priceCents: 9_00, quantity: 2_006 }))).rejects.toBeInstanceOf(ProductQuantityError);
    expect(await db().product.findUniqueOrThrow({ where: { id } })).toMatchObject({ priceCents: 9_00, stock: 2_005 });
    expect((await listingFees(id)).map((fee) => fee.cents)).toEqual([800_00, 4_00]); // listed 2,000 x $10; then 10 more
  });

  it('checks the quantity against the stock its transaction reads, not an older one', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const id = await productAboveQuantityLimit(seller, { priceCents: 10_00 });
    const lock = await lockRow('Product', id);
    const keeping = updateProduct(seller, id, productInput({ priceCents: 10_00, quantity: 2_010 }));
    // Handled from the start: the refusal may come while the test still awaits the lock's commit.
    keeping.catch(() => {});
    // The update has read 2,010 in stock and waits to write; meanwhile 5 units are bought.
    await expect.poll(lock.waiting).toBe(1);
    await lock.query('UPDATE "Product" SET stock = stock - 5 WHERE id = $1', [id]);
    await lock.commit();

    await expect(keeping).rejects.toThrow(/from 0 to 2,005 \(the 2,005 in stock now\)/);
    expect(await db().product.findUniqueOrThrow({ where: { id } })).toMatchObject({ stock: 2_005 });
  });

  it('charges two concurrent updates of one product as if one ran after the other', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const { id } = await createProduct(seller, productInput({ priceCents: 10_00, quantity: 10 }));
    const lock = await lockRow('Product', id);
    const updates = Promise.all([
      updateProduct(seller, id, productInput({ priceCents: 20_00, quantity: 10 })),
      updateProduct(seller, id, productInput({ priceCents: 30_00, quantity: 10 })),
    ]);
    // Both have read the product at $10 x 10 and wait to write it.
    await expect.poll(lock.waiting).toBe(2);
    await lock.release();
    const fees = (await updates).map((update) => update.feeCents);

    // One after the other: $100 -> $200 -> $300 pays $4 + $4; $100 -> $300 -> $200 pays $8 + $0.
    // Both computed from $100 would pay $4 + $8.
    const final = await db().product.findUniqueOrThrow({ where: { id } });
    expect(fees.reduce((sum, fee) => sum + fee, 0)).toBe(8_00);
    expect(fees).toEqual(final.priceCents === 30_00 ? [4_00, 4_00] : [0, 8_00]);
    expect(
      (await listingFees(id))
        .slice(1)
        .map((fee) => fee.cents)
        .sort(),
    ).toEqual(fees.filter(Boolean).sort());
    expect(await account(seller)).toEqual({ balanceCents: 4_000_000_00 - 12_00, amountSpentCents: 12_00 });
  });
});

describe('listing fees that could be dodged (security finding 3)', () => {
  const feesOf = async (productId: string) => (await listingFees(productId)).reduce((sum, fee) => sum + fee.cents, 0);

  it('charges a raise on the units a pending checkout holds, so a cancelled reservation puts nothing on sale for free', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const { id, feeCents } = await createProduct(seller, productInput({ priceCents: 1_00, quantity: 2_000 }));
    expect(feeCents).toBe(80_00);
    // A second account reserves all 2,000: none in stock, all held by its pending checkout.
    const checkoutId = await reserveUnits(id, 2_000);
    expect(await db().product.findUniqueOrThrow({ where: { id } })).toMatchObject({ stock: 0 });

    // $2,000 with a quantity of 0: the 2,000 held units are still the seller's, now at $2,000.
    const raised = await updateProduct(seller, id, productInput({ priceCents: 2_000_00, quantity: 0 }));
    expect(raised).toEqual({ feeCents: 159_920_00, grew: true }); // 4% of ($4,000,000 - $2,000)

    const { buyerId } = await db().checkout.findUniqueOrThrow({ where: { id: checkoutId } });
    expect(await cancelCheckout(buyerId, checkoutId)).toBe('released');
    expect(await db().product.findUniqueOrThrow({ where: { id } })).toMatchObject({ priceCents: 2_000_00, stock: 2_000 });
    // $4,000,000 on sale, for 4% of it in all.
    expect(await feesOf(id)).toBe(160_000_00);
    expect(await account(seller)).toEqual({ balanceCents: 4_000_000_00 - 160_000_00, amountSpentCents: 160_000_00 });
    expect(await db().product.findUniqueOrThrow({ where: { id } })).toMatchObject({ chargedGrowthCents: 400_000_000n });
    // Saving the same listing again grows nothing.
    expect(await updateProduct(seller, id, productInput({ priceCents: 2_000_00, quantity: 2_000 }))).toEqual({ feeCents: 0, grew: false });
  });

  it('charges small raises once they add up: 25 raises of $0.12 on one unit pay 4% of the $3.00', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const { id } = await createProduct(seller, productInput({ priceCents: 1_00, quantity: 1 }));
    const fees: number[] = [];
    for (let step = 1; step <= 25; step++) {
      const { feeCents, grew } = await updateProduct(seller, id, productInput({ priceCents: 1_00 + step * 12, quantity: 1 }));
      expect(grew).toBe(true);
      fees.push(feeCents);
    }
    expect(await db().product.findUniqueOrThrow({ where: { id } })).toMatchObject({ priceCents: 4_00, chargedGrowthCents: 4_00n });
    expect(fees.reduce((sum, fee) => sum + fee, 0)).toBe(12);
    expect(await feesOf(id)).toBe(16); // 4% of $4.00, as if listed at $4.00
    expect(await account(seller)).toEqual({ balanceCents: 4_000_000_00 - 16, amountSpentCents: 16 });
  });

  it('charges a raise made while units are held once: their release brings them back at the new price for nothing more', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const { id } = await createProduct(seller, productInput({ priceCents: 10_00, quantity: 10 }));
    const checkoutId = await reserveUnits(id, 4);
    // 6 in stock, 4 held: all 10 are raised from $10 to $20.
    expect(await updateProduct(seller, id, productInput({ priceCents: 20_00, quantity: 6 }))).toEqual({ feeCents: 4_00, grew: true });
    expect(await releaseCheckout(checkoutId)).toBe(true);
    expect(await updateProduct(seller, id, productInput({ priceCents: 20_00, quantity: 10 }))).toEqual({ feeCents: 0, grew: false });
    // Lowered while held, they come back at the lower price: nothing to charge either.
    const again = await reserveUnits(id, 5);
    expect(await updateProduct(seller, id, productInput({ priceCents: 15_00, quantity: 5 }))).toEqual({ feeCents: 0, grew: false });
    expect(await releaseCheckout(again)).toBe(true);
    expect(await db().product.findUniqueOrThrow({ where: { id } })).toMatchObject({ priceCents: 15_00, stock: 10 });
    expect(await feesOf(id)).toBe(8_00); // 4% of $100 listed + $100 raised
  });

  it('counts sold units out: listing as many again is new growth', async () => {
    const [{ id: seller }, { id: buyer }] = await Promise.all([createUser({ role: 'ADMIN' }), createUser()]);
    const { id } = await createProduct(seller, productInput({ priceCents: 10_00, quantity: 10 }));
    await placeOrder(buyer, [{ productId: id, quantity: 4 }]);
    expect(await db().product.findUniqueOrThrow({ where: { id } })).toMatchObject({ stock: 6 });
    // Back up to 10: the 4 sold are gone, so these 4 are new.
    expect(await updateProduct(seller, id, productInput({ priceCents: 10_00, quantity: 10 }))).toEqual({ feeCents: 1_60, grew: true });
    expect(await feesOf(id)).toBe(5_60);
  });

  it('charges an update and a concurrent release as if one ran after the other', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const { id } = await createProduct(seller, productInput({ priceCents: 10_00, quantity: 10 }));
    const checkoutId = await reserveUnits(id, 4);
    const lock = await lockRow('Product', id);
    const both = Promise.all([updateProduct(seller, id, productInput({ priceCents: 20_00, quantity: 6 })), releaseCheckout(checkoutId)]);
    // Both have read the product (6 in stock, 4 held) and wait to write it.
    await expect.poll(lock.waiting).toBe(2);
    await lock.release();
    const [{ feeCents }, released] = await both;
    expect(released).toBe(true);

    // Released first: 6 on sale at $20 ($120), 80 cents more. Updated first: the 4 held were raised
    // too and come back at $20 ($200), $4 more. Either way 4% of what is on sale, paid once.
    const product = await db().product.findUniqueOrThrow({ where: { id } });
    expect(product.priceCents).toBe(20_00);
    expect(feeCents).toBe(product.stock === 6 ? 80 : 4_00);
    expect(await feesOf(id)).toBe((product.priceCents * product.stock * 4) / 100);
  });

  it('changes nothing when the seller cannot pay the fee on the held units', async () => {
    const { id: seller } = await createUser({ role: 'ADMIN' });
    const { id } = await createProduct(seller, productInput({ priceCents: 1_00, quantity: 2_000 }));
    await reserveUnits(id, 2_000);
    await spendAllBut(seller, 1_000_00);
    const before = await snapshot([seller], [id]);
    await expect(updateProduct(seller, id, productInput({ priceCents: 2_000_00, quantity: 0 }))).rejects.toBeInstanceOf(InsufficientFundsError);
    expect(await snapshot([seller], [id])).toEqual(before);
  });
});

describe('reservedUnits', () => {
  it('counts the units in pending checkouts only', async () => {
    const [{ id: seller }, { id: buyer }] = await Promise.all([createUser({ role: 'ADMIN' }), createUser()]);
    const { id } = await createProduct(seller, productInput({ quantity: 10 }));
    expect(await reservedUnits(id)).toBe(0);
    await createCheckout({ buyerId: buyer, productId: id, status: 'COMPLETED' });
    await createCheckout({ buyerId: buyer, productId: id, status: 'RELEASED' });
    expect(await reservedUnits(id)).toBe(0);
    await reserveUnits(id, 3);
    await reserveUnits(id, 2);
    expect(await reservedUnits(id)).toBe(5);
  });
});

describe('deleteProduct', () => {
  it('deletes a product nobody bought, with every cart line for it, and keeps its fee entries', async () => {
    const [{ id: seller }, { id: shopperA }, { id: shopperB }] = await Promise.all([createUser({ role: 'ADMIN' }), createUser(), createUser()]);
    const { id } = await createProduct(seller, productInput());
    const { id: otherId } = await createProduct(seller, productInput());
    await addToCart(shopperA, id, 2);
    await addToCart(shopperB, id, 1);
    await addToCart(shopperA, otherId, 1);
    const { id: released } = await createCheckout({ buyerId: shopperB, productId: id, status: 'RELEASED' });
    expect(await previewDeletion(id)).toBe('deleted');

    expect(await deleteProduct(seller, id)).toEqual({ outcome: 'deleted' });
    expect(await db().product.findUnique({ where: { id } })).toBeNull();
    expect(await db().cartItem.count({ where: { productId: id } })).toBe(0);
    expect(await db().cartItem.count({ where: { userId: shopperA, productId: otherId } })).toBe(1);
    // History keeps what it needs: the released checkout's line, the fee (both without the link).
    const line = await db().checkoutLine.findFirstOrThrow({ where: { checkoutId: released } });
    expect(line).toMatchObject({ productId: null, sellerId: seller });
    expect(await db().ledgerEntry.count({ where: { fromUserId: seller, kind: 'LISTING_FEE', productId: null } })).toBe(1);
    expect(await db().product.count({ where: { id: otherId, ownerId: seller } })).toBe(1);
  });

  it.each(['COMPLETED', 'PENDING'] as const)('anonymises a product that a %s checkout refers to, removing its cart lines', async (status) => {
    const [{ id: seller }, { id: buyer }, { id: shopper }] = await Promise.all([createUser({ role: 'ADMIN' }), createUser(), createUser()]);
    const { id } = await createProduct(seller, productInput());
    await createCheckout({ buyerId: buyer, productId: id, status });
    await addToCart(shopper, id, 3);
    expect(await previewDeletion(id)).toBe('anonymised');

    expect(await deleteProduct(seller, id)).toEqual({ outcome: 'anonymised' });
    const product = await db().product.findUniqueOrThrow({ where: { id } });
    expect(product.ownerId).toBe(ANONYMOUS_USER_ID);
    expect(await db().cartItem.count({ where: { productId: id } })).toBe(0);
    expect(await db().checkoutLine.count({ where: { productId: id } })).toBe(1);
    expect(await db().orderItem.count({ where: { productId: id } })).toBe(status === 'COMPLETED' ? 1 : 0);
    expect(await db().product.count({ where: { ownerId: seller } })).toBe(0);
    // Gone for its former owner too.
    await expect(deleteProduct(seller, id)).rejects.toThrow(new ProductNotFoundError(true));
    await expect(findProductToManage(seller, id)).rejects.toThrow(new ProductNotFoundError(true));
  });

  it('refuses another ADMIN, a downgraded owner and a missing owner id, with nothing written', async () => {
    const [{ id: owner }, { id: other }, { id: shopper }] = await Promise.all([createUser({ role: 'ADMIN' }), createUser({ role: 'ADMIN' }), createUser()]);
    const { id } = await createProduct(owner, productInput());
    await addToCart(shopper, id);
    await createCheckout({ buyerId: shopper, productId: id, status: 'COMPLETED' });

    const before = await snapshot([owner, other, shopper], [id]);
    await expect(deleteProduct(other, id)).rejects.toThrow(new ProductForbiddenError(NOT_YOURS));
    await expect(deleteProduct(shopper, id)).rejects.toThrow(new ProductForbiddenError(NOT_YOURS));
    await expect(deleteProduct(undefined as unknown as string, id)).rejects.toBeInstanceOf(TypeError);
    await expect(deleteProduct('', id)).rejects.toBeInstanceOf(TypeError);
    await expect(deleteProduct(owner, randomUUID())).rejects.toBeInstanceOf(ProductNotFoundError);
    expect(await snapshot([owner, other, shopper], [id])).toEqual(before);

    await stepDownToNadmin(owner);
    const downgraded = await snapshot([owner, other, shopper], [id]);
    await expect(deleteProduct(owner, id)).rejects.toThrow(new ProductForbiddenError(NOT_AN_ADMIN_ANY_MORE));
    expect(await snapshot([owner, other, shopper], [id])).toEqual(downgraded);
  });

  it('inside another transaction (account deletion): refuses a missing owner or product id, and another owner’s product, with nothing written', async () => {
    const [{ id: owner }, { id: other }, { id: shopper }] = await Promise.all([createUser({ role: 'ADMIN' }), createUser({ role: 'ADMIN' }), createUser()]);
    const { id } = await createProduct(owner, productInput());
    await addToCart(shopper, id);

    const before = await snapshot([owner, other, shopper], [id]);
    for (const [ownerId, productId] of [
      [undefined, id],
      ['', id],
      [owner, undefined],
      [owner, ''],
    ] as const) {
      await expect(serializable((tx) => removeProductInTx(tx, ownerId as unknown as string, productId as unknown as string))).rejects.toBeInstanceOf(TypeError);
    }
    await expect(serializable((tx) => removeProductInTx(tx, other, id))).rejects.toThrow();
    expect(await snapshot([owner, other, shopper], [id])).toEqual(before);

    expect(await serializable((tx) => removeProductInTx(tx, owner, id))).toBe('deleted');
    expect(await db().cartItem.count({ where: { productId: id } })).toBe(0);
  });
});
