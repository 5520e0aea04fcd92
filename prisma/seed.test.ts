// The demo seed: the shop spread over the last 30 days, every invariant holding, and the economy's
// rollups, refreshed by the seed, equal to the ledger from the first day on.
import { expect, it } from 'vitest';
import { economyDays } from '~/models/economy/rollups.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { useScratchDatabase } from '../test/database-hooks.ts';
import { rollupsRebuiltFromLedger } from '../test/economy.ts';
import { economyViolations } from '../test/invariants.ts';
import { seedDemoData } from './seed.ts';

useScratchDatabase();

it('seeds a month of history that adds up, once', async () => {
  expect(await seedDemoData()).toEqual({ users: 6, products: 54 });
  expect(await seedDemoData()).toBeNull();
  expect((await economyViolations(new Map())).violations).toEqual([]);

  const days = await economyDays();
  expect(days).toEqual(await rollupsRebuiltFromLedger());
  expect(days.length).toBeGreaterThanOrEqual(30);
  expect(days.filter((day) => day.newPeople > 0)).toHaveLength(6);
  expect(days.filter((day) => day.newSellers > 0)).toHaveLength(3);
  expect(days.filter((day) => day.listingFeesCents > 0).length).toBeGreaterThan(10);
  // Every seller paid the upgrade before listing anything.
  const [early] = await getDb().$queryRaw<{ count: bigint }[]>`
    SELECT COUNT(*) AS count FROM "LedgerEntry" l JOIN "LedgerEntry" u ON u."fromUserId" = l."fromUserId" AND u.kind = 'UPGRADE_FEE'
     WHERE l.kind = 'LISTING_FEE' AND l."createdAt" < u."createdAt"`;
  expect(early!.count).toBe(0n);
});
