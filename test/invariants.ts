// What buying and selling left behind: balances, stock, and the invariants every checkout test checks.
import { expect } from 'vitest';
import { ANONYMOUS_USER_ID, PLATFORM_USER_ID } from '~/models/system-accounts.ts';
import { getDb } from '~/utils/db.server.ts';

export async function balanceOf(userId: string): Promise<bigint> {
  const user = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { balanceCents: true } });
  return user.balanceCents;
}

export async function stockOf(productId: string): Promise<number> {
  return (await getDb().product.findUniqueOrThrow({ where: { id: productId }, select: { stock: true } })).stock;
}

type Reader = Pick<ReturnType<typeof getDb>, '$queryRaw'>;

/**
 * Sum of all balances (the platform's is its ledger entries: it has no balance row), money held by
 * checkouts, and sum of grants, in one statement (one snapshot).
 */
async function moneyTotals(db: Reader = getDb()) {
  const [row] = await db.$queryRaw<{ balances: bigint; held: bigint; grants: bigint }[]>`
    SELECT
      ((SELECT COALESCE(SUM("balanceCents"), 0) FROM "User")
       + (SELECT COALESCE(SUM(CASE WHEN "toUserId" = ${PLATFORM_USER_ID}::uuid THEN "amountCents" ELSE -"amountCents" END), 0)
            FROM "LedgerEntry" WHERE "toUserId" = ${PLATFORM_USER_ID}::uuid OR "fromUserId" = ${PLATFORM_USER_ID}::uuid))::bigint AS balances,
      (SELECT COALESCE(SUM(CASE WHEN "kind" = 'HOLD' THEN "amountCents" ELSE -"amountCents" END), 0)
         FROM "LedgerEntry" WHERE "kind" IN ('HOLD', 'RELEASE', 'SALE'))::bigint AS held,
      (SELECT COALESCE(SUM("amountCents"), 0) FROM "LedgerEntry" WHERE "kind" = 'GRANT')::bigint AS grants`;
  return row!;
}

/**
 * Money is never created or lost: sum of all balances (people, platform, anonymous) plus money held
 * by checkouts equals the sum of grants.
 */
export async function expectLedgerConservation() {
  const { balances, held, grants } = await moneyTotals();
  expect(balances + held).toBe(grants);
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

/**
 * The invariants of the whole economy, as a list of violations (empty when all hold). Only for a
 * database that one test owns (a scratch database): other test files' rows would make it racy.
 * `listedUnits` is what the test knows each seller put on sale (per product id); products it does
 * not know are not checked for stock.
 * Read in one REPEATABLE READ transaction, so every check sees the same snapshot.
 */
export async function economyViolations(listedUnits: ReadonlyMap<string, number>): Promise<{ checks: number; violations: string[] }> {
  const violations: string[] = [];
  let checks = 0;
  function check<Row>(rows: Row[], describe: (row: Row) => string) {
    checks++;
    for (const row of rows) violations.push(describe(row));
  }
  await getDb().$transaction(
    async (tx) => {
      const { balances, held, grants } = await moneyTotals(tx);
      check(balances + held === grants ? [] : [null], () => `money not conserved: balances ${balances} + held ${held} != grants ${grants}`);

      check(
        await tx.$queryRaw<{ id: string; balance: bigint }[]>`SELECT id, "balanceCents" AS balance FROM "User" WHERE "balanceCents" < 0`,
        (row) => `negative balance ${row.balance} for user ${row.id}`,
      );
      check(
        await tx.$queryRaw<{ id: string; stock: number }[]>`SELECT id, stock FROM "Product" WHERE stock < 0`,
        (row) => `negative stock ${row.stock} for product ${row.id}`,
      );
      check(
        await tx.$queryRaw<{ id: string; balance: bigint; ledger: bigint }[]>`
          SELECT u.id, u."balanceCents" AS balance, COALESCE(credits.sum, 0) - COALESCE(debits.sum, 0) AS ledger
          FROM "User" u
          LEFT JOIN (SELECT "toUserId" AS id, SUM("amountCents") AS sum FROM "LedgerEntry" GROUP BY 1) credits ON credits.id = u.id
          LEFT JOIN (SELECT "fromUserId" AS id, SUM("amountCents") AS sum FROM "LedgerEntry" GROUP BY 1) debits ON debits.id = u.id
          WHERE u.id <> ${PLATFORM_USER_ID}::uuid AND u."balanceCents" <> COALESCE(credits.sum, 0) - COALESCE(debits.sum, 0)`,
        (row) => `balance ${row.balance} of user ${row.id} differs from their ledger ${row.ledger}`,
      );
      check(
        await tx.$queryRaw<{ id: string; status: string; total: number; held: bigint }[]>`
          SELECT c.id, c.status::text, c."totalCents" AS total,
                 COALESCE(SUM(CASE WHEN l."kind" = 'HOLD' THEN l."amountCents" ELSE -l."amountCents" END), 0)::bigint AS held
          FROM "Checkout" c LEFT JOIN "LedgerEntry" l ON l."checkoutId" = c.id AND l."kind" IN ('HOLD', 'RELEASE', 'SALE')
          GROUP BY c.id
          HAVING COALESCE(SUM(CASE WHEN l."kind" = 'HOLD' THEN l."amountCents" ELSE -l."amountCents" END), 0)
                 <> CASE WHEN c.status = 'PENDING' THEN c."totalCents" ELSE 0 END`,
        (row) => `${row.status} checkout ${row.id} of ${row.total} cents holds ${row.held}`,
      );
      check(
        await tx.$queryRaw<{ id: string; total: number; lines: bigint }[]>`
          SELECT c.id, c."totalCents" AS total, COALESCE(SUM(line.quantity * line."unitPriceCents"), 0)::bigint AS lines
          FROM "Checkout" c LEFT JOIN "CheckoutLine" line ON line."checkoutId" = c.id
          GROUP BY c.id HAVING c."totalCents" <> COALESCE(SUM(line.quantity * line."unitPriceCents"), 0)`,
        (row) => `checkout ${row.id} totals ${row.total} but its lines ${row.lines}`,
      );
      check(
        await tx.$queryRaw<{ id: string; total: number; lines: bigint }[]>`
          SELECT o.id, o."totalCents" AS total, COALESCE(SUM(item.quantity * item."unitPriceCents"), 0)::bigint AS lines
          FROM "Order" o LEFT JOIN "OrderItem" item ON item."orderId" = o.id
          GROUP BY o.id HAVING o."totalCents" <> COALESCE(SUM(item.quantity * item."unitPriceCents"), 0)`,
        (row) => `order ${row.id} totals ${row.total} but its lines ${row.lines}`,
      );
      check(
        await tx.$queryRaw<{ id: string; status: string; orderId: string | null }[]>`
          SELECT c.id, c.status::text, o.id AS "orderId"
          FROM "Checkout" c LEFT JOIN "Order" o ON o."checkoutId" = c.id
          WHERE (c.status = 'COMPLETED') <> (o.id IS NOT NULL)
             OR (o.id IS NOT NULL AND (o."totalCents" <> c."totalCents" OR o."buyerId" <> c."buyerId"))`,
        (row) => (row.orderId ? `order ${row.orderId} does not match its ${row.status} checkout ${row.id}` : `COMPLETED checkout ${row.id} has no order`),
      );
      check(
        await tx.$queryRaw<{ id: string; total: number; paid: bigint }[]>`
          SELECT o.id, o."totalCents" AS total, COALESCE(SUM(l."amountCents"), 0)::bigint AS paid
          FROM "Order" o LEFT JOIN "LedgerEntry" l ON l."orderId" = o.id AND l."kind" = 'SALE'
          GROUP BY o.id HAVING o."totalCents" <> COALESCE(SUM(l."amountCents"), 0)`,
        (row) => `order ${row.id} of ${row.total} cents paid its sellers ${row.paid}`,
      );
      check(
        await tx.$queryRaw<{ id: string; purchases: number; orders: number }[]>`
          SELECT u.id, u."purchasesCount" AS purchases, COUNT(o.id)::int AS orders
          FROM "User" u LEFT JOIN "Order" o ON o."buyerId" = u.id
          GROUP BY u.id HAVING u."purchasesCount" <> COUNT(o.id)`,
        (row) => `user ${row.id} counts ${row.purchases} purchases for ${row.orders} orders`,
      );
      check(
        await tx.$queryRaw<{ id: string; gained: bigint; sales: bigint }[]>`
          SELECT u.id, u."amountGainedCents" AS gained, COALESCE(SUM(l."amountCents"), 0)::bigint AS sales
          FROM "User" u LEFT JOIN "LedgerEntry" l ON l."toUserId" = u.id AND l."kind" = 'SALE'
          GROUP BY u.id HAVING u."amountGainedCents" <> COALESCE(SUM(l."amountCents"), 0)`,
        (row) => `user ${row.id} gained ${row.gained} but was paid ${row.sales} in sales`,
      );
      check(
        await tx.$queryRaw<{ id: string; spent: bigint; paid: bigint }[]>`
          SELECT u.id, u."amountSpentCents" AS spent,
                 (SELECT COALESCE(SUM(o."totalCents"), 0) FROM "Order" o WHERE o."buyerId" = u.id)
               + (SELECT COALESCE(SUM(l."amountCents"), 0) FROM "LedgerEntry" l WHERE l."fromUserId" = u.id AND l."kind" IN ('UPGRADE_FEE', 'LISTING_FEE')) AS paid
          FROM "User" u
          WHERE u."amountSpentCents" <> (SELECT COALESCE(SUM(o."totalCents"), 0) FROM "Order" o WHERE o."buyerId" = u.id)
               + (SELECT COALESCE(SUM(l."amountCents"), 0) FROM "LedgerEntry" l WHERE l."fromUserId" = u.id AND l."kind" IN ('UPGRADE_FEE', 'LISTING_FEE'))`,
        (row) => `user ${row.id} spent ${row.spent} but paid ${row.paid} in orders and fees`,
      );
      check(
        await tx.$queryRaw<{ id: string; sales: number; orders: number }[]>`
          SELECT u.id, u."salesCount" AS sales, COUNT(DISTINCT item."orderId")::int AS orders
          FROM "User" u LEFT JOIN "OrderItem" item ON item."sellerId" = u.id
          GROUP BY u.id HAVING u."salesCount" <> COUNT(DISTINCT item."orderId")`,
        (row) => `user ${row.id} counts ${row.sales} sales for ${row.orders} orders with their products`,
      );
      check(
        await tx.$queryRaw<{ id: string; productId: string }[]>`
          SELECT c.id, c."productId" FROM "CartItem" c JOIN "Product" p ON p.id = c."productId" WHERE p."ownerId" = ${ANONYMOUS_USER_ID}::uuid`,
        (row) => `cart line ${row.id} still holds the deleted product ${row.productId}`,
      );
      check(
        await tx.$queryRaw<
          { id: string; balance: bigint }[]
        >`SELECT id, "balanceCents" AS balance FROM "User" WHERE "deletedAt" IS NOT NULL AND "balanceCents" <> 0`,
        (row) => `deleted account ${row.id} still holds ${row.balance} cents (it goes to the platform)`,
      );
      check(
        await tx.$queryRaw<{ id: string; purchases: number; orders: number }[]>`
          SELECT p.id, p."purchasesCount" AS purchases, COUNT(DISTINCT item."orderId")::int AS orders
          FROM "Product" p LEFT JOIN "OrderItem" item ON item."productId" = p.id
          GROUP BY p.id HAVING p."purchasesCount" <> COUNT(DISTINCT item."orderId")`,
        (row) => `product ${row.id} counts ${row.purchases} purchases for ${row.orders} orders`,
      );

      const stock = await tx.$queryRaw<{ id: string; stock: number; reserved: number; sold: number }[]>`
        SELECT p.id, p.stock,
          (SELECT COALESCE(SUM(line.quantity), 0)::int FROM "CheckoutLine" line JOIN "Checkout" c ON c.id = line."checkoutId"
            WHERE line."productId" = p.id AND c.status = 'PENDING') AS reserved,
          (SELECT COALESCE(SUM(item.quantity), 0)::int FROM "OrderItem" item WHERE item."productId" = p.id) AS sold
        FROM "Product" p`;
      check(
        stock.filter((row) => listedUnits.has(row.id) && row.stock + row.reserved + row.sold !== listedUnits.get(row.id)),
        (row) => `product ${row.id}: stock ${row.stock} + reserved ${row.reserved} + sold ${row.sold} != ${listedUnits.get(row.id)} units listed`,
      );
    },
    { isolationLevel: 'RepeatableRead' },
  );
  return { checks, violations };
}
