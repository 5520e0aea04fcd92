// The two hot steps of the checkout saga as hand-written SQL: reserving a cart and completing a
// paid checkout each read what they need in one statement and write everything in another, where
// Prisma's queries took 8 to 20 round trips (bench/README.md). They run inside serializable(), like
// all money code, and keep its rules: every balance change is a ledger entry in the same statement,
// the balance and stock CHECKs stay the last guard, and the caller decides from what was read.
// Every row they change is found through its index (the `= ANY(ids)` conditions): a join the
// planner turned into a sequential scan would take a predicate lock on the whole table, and
// concurrent checkouts would then abort each other.
import { Prisma } from '~/generated/prisma/client';
import type { Tx } from '~/utils/transaction.server.ts';
import { heldCentsSql } from '../ledger.server.ts';
import type { CheckoutStatus } from './status.ts';

/**
 * A moment as Prisma stores it in a timestamp column: UTC wall time. Passed as text and cast, so
 * that neither the session's time zone nor a column default (also zone-dependent) comes into it.
 */
function utcTimestamp(date: Date): string {
  return date.toISOString();
}

/** A checkout line: the snapshot of a cart line at reservation, as the buyer pays for it. */
export type CheckoutLineSnapshot = { productId: string; productName: string; unitPriceCents: number; sellerId: string; quantity: number };

/** The lines as rows of a query, for the statements below to join with the rows they change. */
function lineRows(lines: CheckoutLineSnapshot[]): Prisma.Sql {
  return Prisma.sql`SELECT * FROM jsonb_to_recordset(${JSON.stringify(lines)}::jsonb)
                      AS l("productId" uuid, "productName" text, "unitPriceCents" int, "sellerId" uuid, quantity int)`;
}

export type CartForCheckout = {
  email: string | null;
  balanceCents: bigint;
  lines: { quantity: number; product: { id: string; name: string; priceCents: number; stock: number; ownerId: string } }[];
};

/** The buyer's address and balance and their cart with each product as it is now, oldest line first. */
export async function readCartForCheckout(tx: Tx, buyerId: string): Promise<CartForCheckout | null> {
  const [row] = await tx.$queryRaw<{ email: string | null; balanceCents: bigint; lines: CartForCheckout['lines'] }[]>`
    SELECT u.email, u."balanceCents",
           COALESCE((SELECT json_agg(json_build_object(
                              'quantity', c.quantity,
                              'product', json_build_object('id', p.id, 'name', p.name, 'priceCents', p."priceCents", 'stock', p.stock, 'ownerId', p."ownerId"))
                              ORDER BY c."createdAt", c.id)
                       FROM "CartItem" c JOIN "Product" p ON p.id = c."productId"
                      WHERE c."userId" = u.id), '[]'::json) AS lines
      FROM "User" u WHERE u.id = ${buyerId}::uuid`;
  return row ?? null;
}

/**
 * Writes a reservation: the checkout and its lines, each product's stock lowered (only where enough
 * is left) and the total moved from the buyer's balance into the checkout's hold (only if covered),
 * with its HOLD ledger entry. Says which products it lowered and whether the balance was debited:
 * the caller throws, rolling everything back, unless all were.
 */
export async function writeReservation(
  tx: Tx,
  checkout: { id: string; buyerId: string; totalCents: number; paymentProvider: string; reservedUntil: Date; lines: CheckoutLineSnapshot[] },
): Promise<{ lowered: Set<string>; debited: boolean }> {
  const now = utcTimestamp(new Date());
  const productIds = checkout.lines.map((line) => line.productId);
  const [row] = await tx.$queryRaw<{ lowered: string[]; debited: boolean }[]>`
    WITH line AS (${lineRows(checkout.lines)}), new_checkout AS (
      INSERT INTO "Checkout" (id, "buyerId", "openForUserId", "totalCents", "paymentProvider", "reservedUntil", "createdAt", "updatedAt")
      VALUES (${checkout.id}::uuid, ${checkout.buyerId}::uuid, ${checkout.buyerId}::uuid, ${checkout.totalCents}, ${checkout.paymentProvider},
              ${utcTimestamp(checkout.reservedUntil)}::timestamp(3), ${now}::timestamp(3), ${now}::timestamp(3))
    ), new_lines AS (
      INSERT INTO "CheckoutLine" (id, "checkoutId", "productId", "productName", "unitPriceCents", "sellerId", quantity)
      SELECT gen_random_uuid(), ${checkout.id}::uuid, l."productId", l."productName", l."unitPriceCents", l."sellerId", l.quantity FROM line l
    ), lowered AS (
      UPDATE "Product" p SET stock = p.stock - l.quantity, "updatedAt" = ${now}::timestamp(3)
        FROM line l WHERE p.id = ANY(${productIds}::uuid[]) AND p.id = l."productId" AND p.stock >= l.quantity
      RETURNING p.id
    ), debited AS (
      UPDATE "User" SET "balanceCents" = "balanceCents" - ${checkout.totalCents}, "updatedAt" = ${now}::timestamp(3)
       WHERE id = ${checkout.buyerId}::uuid AND "balanceCents" >= ${checkout.totalCents}
      RETURNING id
    ), hold AS (
      INSERT INTO "LedgerEntry" (id, "createdAt", kind, "amountCents", "fromUserId", "checkoutId")
      VALUES (gen_random_uuid(), ${now}::timestamp(3), 'HOLD'::"LedgerKind", ${checkout.totalCents}, ${checkout.buyerId}::uuid, ${checkout.id}::uuid)
    )
    SELECT ARRAY(SELECT id::text FROM lowered) AS lowered, EXISTS (SELECT FROM debited) AS debited`;
  return { lowered: new Set(row!.lowered), debited: row!.debited };
}

export type CheckoutForCompletion = {
  id: string;
  buyerId: string;
  status: CheckoutStatus;
  totalCents: number;
  /** Its order, once completed. */
  orderId: string | null;
  /** Money in its hold now: HOLD in, minus RELEASE and SALE out. */
  heldCents: bigint;
  lines: (Omit<CheckoutLineSnapshot, 'productId'> & { productId: string | null })[];
  /** The buyer and the sellers, for the emails; deletedAt for a seller who closed their account meanwhile. */
  people: { id: string; name: string; email: string | null; deletedAt: string | null }[];
};

/**
 * Everything the completion decides from, in one statement. It looks for the checkout's order even
 * when there is none yet: under SERIALIZABLE, having looked makes a concurrent completion's insert
 * of it a serialization failure, retried (and then seen as already completed), instead of a unique
 * violation that fails the job.
 */
export async function readCheckoutForCompletion(tx: Tx, checkoutId: string): Promise<CheckoutForCompletion | null> {
  const [row] = await tx.$queryRaw<CheckoutForCompletion[]>`
    SELECT c.id::text, c."buyerId"::text, c.status::text, c."totalCents",
           (SELECT o.id::text FROM "Order" o WHERE o."checkoutId" = c.id) AS "orderId",
           ${heldCentsSql(Prisma.sql`c.id`)} AS "heldCents",
           COALESCE((SELECT json_agg(json_build_object('productId', l."productId", 'productName', l."productName",
                                                       'unitPriceCents', l."unitPriceCents", 'sellerId', l."sellerId", 'quantity', l.quantity) ORDER BY l.id)
                       FROM "CheckoutLine" l WHERE l."checkoutId" = c.id), '[]'::json) AS lines,
           (SELECT json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email, 'deletedAt', u."deletedAt") ORDER BY u.id)
              FROM "User" u WHERE u.id = ANY(ARRAY(SELECT c."buyerId" UNION SELECT l."sellerId" FROM "CheckoutLine" l WHERE l."checkoutId" = c.id))) AS people
      FROM "Checkout" c WHERE c.id = ${checkoutId}::uuid`;
  return row ?? null;
}

/**
 * Writes a completion: the order and its items, each seller paid from the hold (balance, money
 * gained, one more sale, a SALE ledger entry), the bought quantities out of the buyer's cart (lines
 * added since are kept), purchase counts of products and buyer, and the checkout COMPLETED.
 * The buyer must not be among the sellers: one statement may change a row only once.
 * The caller has read the checkout PENDING in its transaction; the database's transition trigger
 * refuses the whole statement for a checkout in any other state.
 */
export async function writeCompletion(
  tx: Tx,
  completion: { checkoutId: string; orderId: string; buyerId: string; totalCents: number; paymentIntentId: string | null; lines: CheckoutLineSnapshot[] },
): Promise<void> {
  const now = utcTimestamp(new Date());
  if (completion.lines.some((line) => line.sellerId === completion.buyerId))
    throw new Error(`checkout ${completion.checkoutId}: the buyer is one of its sellers`);
  const productIds = completion.lines.map((line) => line.productId);
  const sellerIds = [...new Set(completion.lines.map((line) => line.sellerId))];
  await tx.$executeRaw`
    WITH line AS (${lineRows(completion.lines)}), earning AS (
      SELECT "sellerId", SUM("unitPriceCents"::bigint * quantity) AS cents FROM line GROUP BY "sellerId"
    ), new_order AS (
      INSERT INTO "Order" (id, "buyerId", "checkoutId", "totalCents", "createdAt")
      VALUES (${completion.orderId}::uuid, ${completion.buyerId}::uuid, ${completion.checkoutId}::uuid, ${completion.totalCents}, ${now}::timestamp(3))
    ), new_items AS (
      INSERT INTO "OrderItem" (id, "orderId", "productId", "productName", "unitPriceCents", "sellerId", quantity)
      SELECT gen_random_uuid(), ${completion.orderId}::uuid, l."productId", l."productName", l."unitPriceCents", l."sellerId", l.quantity FROM line l
    ), paid AS (
      UPDATE "User" u SET "balanceCents" = u."balanceCents" + e.cents, "amountGainedCents" = u."amountGainedCents" + e.cents,
                          "salesCount" = u."salesCount" + 1, "updatedAt" = ${now}::timestamp(3)
        FROM earning e WHERE u.id = ANY(${sellerIds}::uuid[]) AND u.id = e."sellerId"
    ), sales AS (
      INSERT INTO "LedgerEntry" (id, "createdAt", kind, "amountCents", "toUserId", "checkoutId", "orderId")
      SELECT gen_random_uuid(), ${now}::timestamp(3), 'SALE'::"LedgerKind", e.cents, e."sellerId", ${completion.checkoutId}::uuid, ${completion.orderId}::uuid FROM earning e
    ), removed AS (
      DELETE FROM "CartItem" c USING line l
       WHERE c."userId" = ${completion.buyerId}::uuid AND c."productId" = ANY(${productIds}::uuid[]) AND c."productId" = l."productId" AND c.quantity <= l.quantity
    ), lowered AS (
      UPDATE "CartItem" c SET quantity = c.quantity - l.quantity, "updatedAt" = ${now}::timestamp(3)
        FROM line l WHERE c."userId" = ${completion.buyerId}::uuid AND c."productId" = ANY(${productIds}::uuid[]) AND c."productId" = l."productId" AND c.quantity > l.quantity
    ), counted AS (
      UPDATE "Product" p SET "purchasesCount" = p."purchasesCount" + 1, "updatedAt" = ${now}::timestamp(3)
        FROM line l WHERE p.id = ANY(${productIds}::uuid[]) AND p.id = l."productId"
    ), buyer AS (
      UPDATE "User" SET "purchasesCount" = "purchasesCount" + 1, "amountSpentCents" = "amountSpentCents" + ${completion.totalCents}, "updatedAt" = ${now}::timestamp(3)
       WHERE id = ${completion.buyerId}::uuid
    )
    UPDATE "Checkout" SET status = 'COMPLETED', "openForUserId" = NULL, "settledAt" = ${now}::timestamp(3), "paymentIntentId" = ${completion.paymentIntentId}, "updatedAt" = ${now}::timestamp(3)
     WHERE id = ${completion.checkoutId}::uuid`;
}
