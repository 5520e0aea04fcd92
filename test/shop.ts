// Test fixtures for buying and selling, written straight to the database (the routes and models
// that normally write them are tested on their own), and the invariants every checkout test checks.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { createTestUser } from './db.ts';

export async function createSeller(name?: string) {
  return createTestUser({ name, role: 'ADMIN' });
}

/** A product on sale; the stock given is the number of units its seller listed. */
export async function createProduct(ownerId: string, { priceCents = 1_00, stock = 10, name = `Thing ${randomUUID().slice(0, 6)}` } = {}) {
  const product = await getDb().product.create({
    data: { name, description: 'A test product', priceCents, stock, imageIds: [randomUUID()], ownerId },
    select: { id: true },
  });
  return product.id;
}

export async function putInCart(userId: string, productId: string, quantity: number) {
  await getDb().cartItem.upsert({
    where: { userId_productId: { userId, productId } },
    create: { userId, productId, quantity },
    update: { quantity },
  });
}

export async function balanceOf(userId: string): Promise<bigint> {
  const user = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { balanceCents: true } });
  return user.balanceCents;
}

export async function stockOf(productId: string): Promise<number> {
  return (await getDb().product.findUniqueOrThrow({ where: { id: productId }, select: { stock: true } })).stock;
}

/**
 * Money is never created or lost: sum of all balances (people, platform, anonymous) plus money held
 * by checkouts equals the sum of grants. Read in one statement, so one consistent snapshot.
 */
export async function expectLedgerConservation() {
  const [row] = await getDb().$queryRaw<{ balances: bigint; held: bigint; grants: bigint }[]>`
    SELECT
      (SELECT COALESCE(SUM("balanceCents"), 0) FROM "User")::bigint AS balances,
      (SELECT COALESCE(SUM(CASE WHEN "kind" = 'HOLD' THEN "amountCents" ELSE -"amountCents" END), 0)
         FROM "LedgerEntry" WHERE "kind" IN ('HOLD', 'RELEASE', 'SALE'))::bigint AS held,
      (SELECT COALESCE(SUM("amountCents"), 0) FROM "LedgerEntry" WHERE "kind" = 'GRANT')::bigint AS grants`;
  expect(row!.balances + row!.held).toBe(row!.grants);
}

/** Each of these users' balance equals the sum of their ledger entries. */
export async function expectBalancesMatchLedger(userIds: string[]) {
  for (const userId of userIds) {
    const [row] = await getDb().$queryRaw<{ balance: bigint; ledger: bigint }[]>`
      SELECT (SELECT "balanceCents" FROM "User" WHERE id = ${userId}::uuid) AS balance,
             (SELECT COALESCE(SUM(CASE WHEN "toUserId" = ${userId}::uuid THEN "amountCents" ELSE -"amountCents" END), 0)
                FROM "LedgerEntry" WHERE "toUserId" = ${userId}::uuid OR "fromUserId" = ${userId}::uuid)::bigint AS ledger`;
    expect(row!.balance, `balance of ${userId}`).toBe(row!.ledger);
  }
}

/** Per product: stock + reserved by pending checkouts + sold in orders = units the seller listed. */
export async function expectStockAccountedFor(productId: string, listedUnits: number) {
  const db = getDb();
  const [stock, reserved, sold] = await Promise.all([
    stockOf(productId),
    db.checkoutLine.aggregate({ where: { productId, checkout: { status: 'PENDING' } }, _sum: { quantity: true } }),
    db.orderItem.aggregate({ where: { productId }, _sum: { quantity: true } }),
  ]);
  expect(stock).toBeGreaterThanOrEqual(0);
  expect(stock + (reserved._sum.quantity ?? 0) + (sold._sum.quantity ?? 0)).toBe(listedUnits);
}

/** Every pending checkout holds exactly its total; every settled one holds nothing. */
export async function expectHoldsMatchCheckouts(checkoutIds: string[]) {
  for (const id of checkoutIds) {
    const checkout = await getDb().checkout.findUniqueOrThrow({ where: { id }, select: { status: true, totalCents: true } });
    const [row] = await getDb().$queryRaw<{ held: bigint }[]>`
      SELECT COALESCE(SUM(CASE WHEN "kind" = 'HOLD' THEN "amountCents" ELSE -"amountCents" END), 0)::bigint AS held
      FROM "LedgerEntry" WHERE "checkoutId" = ${id}::uuid AND "kind" IN ('HOLD', 'RELEASE', 'SALE')`;
    expect(row!.held).toBe(checkout.status === 'PENDING' ? BigInt(checkout.totalCents) : 0n);
  }
}
