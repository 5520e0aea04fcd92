// Changes to people's carts that they did not make, and the notice each gets: a line removed
// because its product was deleted (by its seller, or with its seller's account), or lowered to the
// stock a seller left. The notice is written in the transaction that changes the line, so a cart
// never changes without one; the cart page reads and deletes them (shown once).
// Stock taken by other shoppers' checkouts changes no cart line: the cart page marks such a line
// as short (cart-rules.ts) until the shopper lowers it, and a release may bring the units back.
import { getDb } from '~/utils/db.server.ts';
import type { Tx } from '~/utils/transaction.server.ts';
import type { CartNotice } from './cart-rules.ts';

/** A moment as Prisma stores it in a timestamp column (UTC wall time), whatever the session's time zone. */
const now = () => new Date().toISOString();

/** Removes every cart line of the product (it is being deleted), with a notice to each of their owners. */
export async function removeCartLinesWithNotice(tx: Tx, productId: string): Promise<void> {
  await tx.$executeRaw`
    WITH removed AS (
      DELETE FROM "CartItem" c WHERE c."productId" = ${productId}::uuid RETURNING c."userId", c.quantity
    )
    INSERT INTO "CartNotice" (id, "userId", "productName", reason, "fromQuantity", "toQuantity", "createdAt")
    SELECT gen_random_uuid(), r."userId", p.name, 'deleted', r.quantity, 0, ${now()}::timestamp(3)
      FROM removed r JOIN "Product" p ON p.id = ${productId}::uuid`;
}

/** Removes every cart line of the owner's products (their account is being deleted), with a notice to each of their owners. */
export async function removeOwnersCartLinesWithNotice(tx: Tx, ownerId: string): Promise<void> {
  await tx.$executeRaw`
    WITH removed AS (
      DELETE FROM "CartItem" c USING "Product" p
       WHERE c."productId" = p.id AND p."ownerId" = ${ownerId}::uuid
      RETURNING c."userId", c.quantity, p.name
    )
    INSERT INTO "CartNotice" (id, "userId", "productName", reason, "fromQuantity", "toQuantity", "createdAt")
    SELECT gen_random_uuid(), r."userId", r.name, 'deleted', r.quantity, 0, ${now()}::timestamp(3) FROM removed r`;
}

/**
 * After a seller lowered the product's stock to `stock`: lines above what is left for their owner
 * (the stock, plus the units the owner's own pending checkout holds, which a new checkout gives
 * back) are lowered to it, or removed when nothing is left, each with a notice.
 */
export async function lowerCartLinesToStock(tx: Tx, productId: string, productName: string, stock: number): Promise<void> {
  const at = now();
  await tx.$executeRaw`
    WITH own AS (
      SELECT ch."openForUserId" AS "userId", SUM(l.quantity)::int AS units
        FROM "CheckoutLine" l JOIN "Checkout" ch ON ch.id = l."checkoutId"
       WHERE l."productId" = ${productId}::uuid AND ch."openForUserId" IS NOT NULL
       GROUP BY ch."openForUserId"
    ), short AS (
      SELECT c.id, c."userId", c.quantity, ${stock}::int + COALESCE(own.units, 0) AS "left"
        FROM "CartItem" c LEFT JOIN own ON own."userId" = c."userId"
       WHERE c."productId" = ${productId}::uuid AND c.quantity > ${stock}::int + COALESCE(own.units, 0)
    ), removed AS (
      DELETE FROM "CartItem" c USING short s WHERE c.id = s.id AND s."left" = 0
    ), lowered AS (
      UPDATE "CartItem" c SET quantity = s."left", "updatedAt" = ${at}::timestamp(3) FROM short s WHERE c.id = s.id AND s."left" > 0
    )
    INSERT INTO "CartNotice" (id, "userId", "productName", reason, "fromQuantity", "toQuantity", "createdAt")
    SELECT gen_random_uuid(), s."userId", ${productName}, 'stock', s.quantity, s."left", ${at}::timestamp(3) FROM short s`;
}

/** The person's notices, oldest first, deleted as they are read: the cart page shows each once. */
export async function takeCartNotices(userId: string): Promise<CartNotice[]> {
  return getDb().$queryRaw<CartNotice[]>`
    WITH taken AS (
      DELETE FROM "CartNotice" WHERE "userId" = ${userId}::uuid
      RETURNING "productName", reason, "fromQuantity", "toQuantity", "createdAt", id
    )
    SELECT "productName", reason, "fromQuantity", "toQuantity" FROM taken ORDER BY "createdAt", id`;
}
