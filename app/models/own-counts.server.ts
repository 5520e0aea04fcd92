// The signed-in person's own numbers in the layout's header and menu (their products, orders, sales
// and cart lines), as SQL columns: read with their session for every page (user-session.server.ts),
// or on their own (user.server.ts).
import { Prisma } from '~/generated/prisma/client';

/** `sales`: order lines the person sold (the rows of /sales). */
export type OwnCounts = { myProducts: number; orders: number; sales: number; cartLines: number };

/** The four counts of the person whose id `personId` gives, each through its index. */
export function ownCountsColumns(personId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT count(*) FROM "Product" WHERE "ownerId" = ${personId})::int AS "myProducts",
    (SELECT count(*) FROM "Order" WHERE "buyerId" = ${personId})::int AS "orders",
    (SELECT count(*) FROM "OrderItem" WHERE "sellerId" = ${personId})::int AS "sales",
    (SELECT count(*) FROM "CartItem" WHERE "userId" = ${personId})::int AS "cartLines"`;
}
