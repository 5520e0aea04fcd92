// The demo seed: the shop spread over the last 30 days, every invariant holding, and the economy's
// rollups, refreshed by the seed, equal to the ledger from the first day on.
import { expect, it } from 'vitest';
import { economyBooks } from '~/models/economy/books.server.ts';
import { economyDays } from '~/models/economy/rollups.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { useScratchDatabase } from '../test/database-hooks.ts';
import { rollupsRebuiltFromLedger } from '../test/economy.ts';
import { economyViolations } from '../test/invariants.ts';
import { seedDemoData } from './seed.ts';

useScratchDatabase();

it('seeds a month of history that adds up, once', async () => {
  const seeded = await seedDemoData();
  expect(seeded).toMatchObject({ users: 6, products: 54 });
  expect(seeded!.orders).toBeGreaterThan(20);
  expect(seeded!.repricings).toBeGreaterThan(10);
  expect(await seedDemoData()).toBeNull();
  expect((await economyViolations(new Map())).violations).toEqual([]);

  const days = await economyDays();
  expect(days).toEqual(await rollupsRebuiltFromLedger());
  expect(days.length).toBeGreaterThanOrEqual(30);
  expect(days.filter((day) => day.newPeople > 0)).toHaveLength(6);
  expect(days.filter((day) => day.newSellers > 0)).toHaveLength(3);
  expect(days.filter((day) => day.listingFeesCents > 0).length).toBeGreaterThan(10);
  // Orders on most of the last two weeks, each paid out to its seller; the books balance.
  expect(days.filter((day) => day.orders > 0).length).toBeGreaterThanOrEqual(12);
  expect(days.reduce((sum, day) => sum + day.orders, 0)).toBe(seeded!.orders);
  expect(await getDb().order.count()).toBe(seeded!.orders);
  expect(await getDb().checkout.count({ where: { status: { not: 'COMPLETED' } } })).toBe(0);
  expect((await economyBooks()).balanced).toBe(true);
  // Stock went down by what was sold: every product's units sold plus its stock is what it was listed with.
  const [soldPastListing] = await getDb().$queryRaw<{ count: bigint }[]>`
    SELECT COUNT(*) AS count FROM "Product" p
     WHERE p.stock + (SELECT COALESCE(SUM(i.quantity), 0) FROM "OrderItem" i WHERE i."productId" = p.id) > 60`;
  expect(soldPastListing!.count).toBe(0n);
  expect(await getDb().product.count({ where: { purchasesCount: { gt: 0 } } })).toBeGreaterThan(5);
  // Each product's price history starts at its listing and ends at its price; each order was at the price of its day.
  const [history] = await getDb().$queryRaw<{ wrong: bigint }[]>`
    SELECT COUNT(*) AS wrong FROM "Product" p
     WHERE (SELECT c."newPriceCents" FROM "ProductPriceChange" c WHERE c."productId" = p.id ORDER BY c."changedAt" DESC LIMIT 1) IS DISTINCT FROM p."priceCents"
        OR (SELECT c."changedAt" FROM "ProductPriceChange" c WHERE c."productId" = p.id AND c."oldPriceCents" IS NULL) IS DISTINCT FROM p."createdAt"`;
  expect(history!.wrong).toBe(0n);
  const [offPrice] = await getDb().$queryRaw<{ count: bigint }[]>`
    SELECT COUNT(*) AS count FROM "OrderItem" i JOIN "Order" o ON o.id = i."orderId"
     WHERE i."unitPriceCents" <> (SELECT c."newPriceCents" FROM "ProductPriceChange" c
                                   WHERE c."productId" = i."productId" AND c."changedAt" <= o."createdAt" ORDER BY c."changedAt" DESC LIMIT 1)`;
  expect(offPrice!.count).toBe(0n);
  expect(await getDb().productPriceChange.count({ where: { oldPriceCents: { not: null } } })).toBe(seeded!.repricings);
  // Every seller paid the upgrade before listing anything.
  const [early] = await getDb().$queryRaw<{ count: bigint }[]>`
    SELECT COUNT(*) AS count FROM "LedgerEntry" l JOIN "LedgerEntry" u ON u."fromUserId" = l."fromUserId" AND u.kind = 'UPGRADE_FEE'
     WHERE l.kind = 'LISTING_FEE' AND l."createdAt" < u."createdAt"`;
  expect(early!.count).toBe(0n);
});
