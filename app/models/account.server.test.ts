// Account deletion against the real database: a seller with products never bought, bought, and in
// another buyer's pending checkout, with a cart and a checkout of their own. The deletion must touch
// only that person's rows (and the cart lines that point at their products), and keep the ledger whole.
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { STARTING_BALANCE_CENTS } from '~/utils/money.ts';
import { addToCart, createProduct, createSeller, createUser } from '../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { UNREACHABLE_CHECKOUT_URLS as URLS } from '../../test/orders.ts';
import { balanceOf, expectBalancesMatchLedger, expectLedgerConservation, stockOf } from '../../test/invariants.ts';
import { deleteAccount, deleteClerkAccount, DELETED_USER_NAME, previewAccountDeletion } from './account.server.ts';
import { startCheckout } from './checkout/checkout.server.ts';
import { completeCheckout } from './checkout/complete.server.ts';
import { platformRevenueCents } from './ledger.server.ts';
import { ensureClerkUser } from './user.server.ts';
import { ANONYMOUS_USER_ID, PLATFORM_USER_ID } from './system-accounts.ts';

useDatabase();
useJobQueue();

async function buy(buyerId: string, productId: string, quantity: number) {
  await addToCart(buyerId, productId, quantity);
  const { checkoutId } = await startCheckout(buyerId, URLS);
  const completion = await completeCheckout({ checkoutId, paymentIntentId: `pi_${checkoutId}`, amountTotal: null });
  if (completion.outcome !== 'completed') throw new Error(`checkout ${checkoutId}: ${completion.outcome}`);
  return { checkoutId, orderId: completion.orderId };
}

async function startPendingCheckout(buyerId: string, productId: string, quantity: number) {
  await addToCart(buyerId, productId, quantity);
  return (await startCheckout(buyerId, URLS)).checkoutId;
}

/**
 * Everything about these users that a deletion of someone else must leave as it is, but their cart
 * lines for the leaver's products (those go: asserted on their own).
 */
async function snapshotOf(userIds: string[], leaversProducts: string[]) {
  const db = getDb();
  return {
    users: await db.user.findMany({ where: { id: { in: userIds } }, orderBy: { id: 'asc' }, omit: { updatedAt: true } }),
    // Stock excepted: releasing the leaver's checkout puts units back (asserted on its own).
    products: await db.product.findMany({ where: { ownerId: { in: userIds } }, orderBy: { id: 'asc' }, omit: { updatedAt: true, stock: true } }),
    cartItems: await db.cartItem.findMany({
      where: { userId: { in: userIds }, productId: { notIn: leaversProducts } },
      orderBy: { id: 'asc' },
      omit: { updatedAt: true },
    }),
    checkouts: await db.checkout.findMany({ where: { buyerId: { in: userIds } }, orderBy: { id: 'asc' }, omit: { updatedAt: true } }),
    orders: await db.order.findMany({ where: { buyerId: { in: userIds } }, orderBy: { id: 'asc' }, include: { items: true } }),
    ledger: await db.ledgerEntry.findMany({ where: { OR: [{ fromUserId: { in: userIds } }, { toUserId: { in: userIds } }] }, orderBy: { id: 'asc' } }),
  };
}

describe('deleting an account', () => {
  it('deletes never-bought products, anonymises the others, releases own checkouts, keeps orders, and moves the balance to the platform', async () => {
    const db = getDb();
    const { id: leaving } = await createSeller('Leaving Seller');
    const { id: otherSeller } = await createSeller('Other Seller');
    const { id: buyer } = await createUser({ name: 'Buyer' });
    const { id: pendingBuyer } = await createUser({ name: 'Pending Buyer' });
    const { id: bystander } = await createSeller('Bystander');

    // The leaving seller's products: one nobody bought (but in a cart), one bought, one in a pending checkout.
    // (A checkout takes the whole cart, so each cart line is added after the purchases it must not join.)
    const { id: neverBought } = await createProduct({ ownerId: leaving, priceCents: 5_00, stock: 5 });
    const { id: bought } = await createProduct({ ownerId: leaving, priceCents: 7_00, stock: 5 });
    const { id: reserved } = await createProduct({ ownerId: leaving, priceCents: 3_00, stock: 5 });
    await buy(buyer, bought, 1);
    await addToCart(buyer, neverBought, 2);
    const othersCheckout = await startPendingCheckout(pendingBuyer, reserved, 2);

    // The leaving seller also buys: an order from the other seller, a cart line, and a checkout in progress.
    const { id: otherProduct } = await createProduct({ ownerId: otherSeller, priceCents: 11_00, stock: 9 });
    const { id: otherProduct2 } = await createProduct({ ownerId: otherSeller, priceCents: 13_00, stock: 9 });
    const { orderId: ownOrder } = await buy(leaving, otherProduct, 1);
    const ownCheckout = await startPendingCheckout(leaving, otherProduct2, 3);
    await addToCart(leaving, otherProduct, 2);
    expect(await stockOf(otherProduct2)).toBe(6);

    // A bystander with products, a cart and an order of their own.
    const { id: bystanderProduct } = await createProduct({ ownerId: bystander, stock: 4 });
    await buy(bystander, otherProduct2, 1);
    await addToCart(bystander, otherProduct, 1);
    await addToCart(buyer, bystanderProduct, 1);

    const others = [otherSeller, pendingBuyer, bystander];
    const leaversProducts = [neverBought, bought, reserved];
    const before = await snapshotOf(others, leaversProducts);
    expect(before.cartItems.length).toBeGreaterThan(0);
    const buyerCartBefore = await db.cartItem.findMany({ where: { userId: buyer }, select: { productId: true, quantity: true } });
    const platformBefore = await platformRevenueCents(db);

    expect(await previewAccountDeletion(leaving)).toEqual({
      productsDeleted: 1,
      productsAnonymised: 2,
      cartLines: 2,
      openCheckouts: 1,
      balanceCents: Number(await balanceOf(leaving)),
    });

    const deletion = await deleteAccount(leaving);
    // Their own checkout's hold came back before the balance was closed.
    const expectedMoved = STARTING_BALANCE_CENTS + 7_00 - 11_00;
    expect(deletion).toEqual({ productsDeleted: 1, productsAnonymised: 2, checkoutsReleased: 1, balanceMovedCents: expectedMoved });

    // The person: anonymised, balance with the platform through one ACCOUNT_CLOSURE entry.
    const person = await db.user.findUniqueOrThrow({ where: { id: leaving } });
    expect(person).toMatchObject({ name: DELETED_USER_NAME, email: null, clerkId: null, balanceCents: 0n });
    expect(person.deletedAt).toBeInstanceOf(Date);
    const closure = await db.ledgerEntry.findMany({ where: { kind: 'ACCOUNT_CLOSURE', fromUserId: leaving } });
    expect(closure).toHaveLength(1);
    expect(closure[0]).toMatchObject({ toUserId: PLATFORM_USER_ID, amountCents: BigInt(expectedMoved) });
    expect((await platformRevenueCents(db)) - platformBefore).toBeGreaterThanOrEqual(BigInt(expectedMoved));

    // Products: the never-bought one is gone, the others belong to ANONYMOUS.
    expect(await db.product.findUnique({ where: { id: neverBought } })).toBeNull();
    for (const id of [bought, reserved]) expect((await db.product.findUniqueOrThrow({ where: { id } })).ownerId).toBe(ANONYMOUS_USER_ID);
    expect(await db.product.count({ where: { ownerId: leaving } })).toBe(0);

    // Carts: theirs is empty; the line another buyer had for their product is gone, the buyer's other line stays.
    expect(await db.cartItem.count({ where: { userId: leaving } })).toBe(0);
    const buyerCartAfter = await db.cartItem.findMany({ where: { userId: buyer }, select: { productId: true, quantity: true } });
    expect(buyerCartAfter).toEqual(buyerCartBefore.filter((line) => line.productId !== neverBought));

    // Checkouts: theirs released (stock back), the other buyer's still pending; their order kept.
    expect((await db.checkout.findUniqueOrThrow({ where: { id: ownCheckout } })).status).toBe('RELEASED');
    expect(await stockOf(otherProduct2)).toBe(9 - 1);
    expect((await db.checkout.findUniqueOrThrow({ where: { id: othersCheckout } })).status).toBe('PENDING');
    expect(await db.order.findUniqueOrThrow({ where: { id: ownOrder }, select: { buyerId: true } })).toEqual({ buyerId: leaving });

    // Nobody else's rows changed, but every cart line for the leaver's products went.
    expect(await snapshotOf(others, leaversProducts)).toEqual(before);
    expect(await db.cartItem.count({ where: { productId: { in: leaversProducts } } })).toBe(0);

    await expectLedgerConservation();
    await expectBalancesMatchLedger([leaving, otherSeller, buyer, pendingBuyer, bystander]);

    // The other buyer can still complete: the sale to the closed account goes on to the platform.
    const completion = await completeCheckout({ checkoutId: othersCheckout, paymentIntentId: 'pi_after_deletion', amountTotal: null });
    expect(completion.outcome).toBe('completed');
    expect(await balanceOf(leaving)).toBe(0n);
    expect(await db.ledgerEntry.count({ where: { kind: 'ACCOUNT_CLOSURE', fromUserId: leaving } })).toBe(2);
    await expectLedgerConservation();
    await expectBalancesMatchLedger([leaving, pendingBuyer]);
  });

  it('does nothing the second time, nor for a system row', async () => {
    const { id: leaving } = await createUser();
    expect(await deleteAccount(leaving)).not.toBeNull();
    const after = await getDb().user.findUniqueOrThrow({ where: { id: leaving } });
    expect(await deleteAccount(leaving)).toBeNull();
    expect(await getDb().user.findUniqueOrThrow({ where: { id: leaving } })).toEqual(after);
    expect(await deleteAccount(PLATFORM_USER_ID)).toBeNull();
    expect(await deleteAccount(ANONYMOUS_USER_ID)).toBeNull();
    expect(await getDb().ledgerEntry.count({ where: { kind: 'ACCOUNT_CLOSURE', fromUserId: leaving } })).toBe(1);
  });

  it('refuses an empty or malformed user id before running any statement', async () => {
    const spy = vi.spyOn(getDb(), '$transaction');
    await expect(deleteAccount('')).rejects.toThrow();
    await expect(deleteAccount(undefined as unknown as string)).rejects.toThrow();
    await expect(deleteAccount('not-a-uuid')).rejects.toThrow();
    await expect(deleteClerkAccount('')).rejects.toThrow(RangeError);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('by Clerk id: remembers the id, so the user cannot come back, even when deleted before it was ever created', async () => {
    const clerkId = `user_acc_${Date.now()}`;
    await ensureClerkUser({ clerkId, name: 'Clerk Person', email: null });
    const { id } = await getDb().user.findUniqueOrThrow({ where: { clerkId }, select: { id: true } });
    expect(await deleteClerkAccount(clerkId)).not.toBeNull();
    expect(await getDb().user.findUniqueOrThrow({ where: { id }, select: { clerkId: true, name: true } })).toEqual({ clerkId: null, name: DELETED_USER_NAME });
    expect(await deleteClerkAccount(clerkId)).toBeNull();
    expect(await ensureClerkUser({ clerkId, name: 'Clerk Person', email: null })).toBe('deleted-account');

    const early = `user_early_${Date.now()}`;
    expect(await deleteClerkAccount(early)).toBeNull();
    expect(await ensureClerkUser({ clerkId: early, name: 'Too Late', email: null })).toBe('deleted-account');
    expect(await getDb().user.findUnique({ where: { clerkId: early } })).toBeNull();
  });
});
