// The daily rollups, kept incrementally, against the same figures rebuilt from the whole ledger,
// over several days of sign-ups, upgrades, fees, purchases and a closed account; and the live books.
import { expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { ADMIN_UPGRADE_FEE_CENTS, STARTING_BALANCE_CENTS } from '~/utils/money.ts';
import { createProduct } from '../../../test/factories.ts';
import { useJobQueue, useScratchDatabase } from '../../../test/database-hooks.ts';
import { aDayGoesBy, rollupsRebuiltFromLedger } from '../../../test/economy.ts';
import { placeOrder } from '../../../test/orders.ts';
import { deleteAccount } from '../account.server.ts';
import { payFee } from '../ledger.server.ts';
import { upgradeToAdmin } from '../role.server.ts';
import { createUser } from '../user.server.ts';
import { economyBooks } from './books.server.ts';
import { dayOf, daysBetween, economyDays, LATE_COMMIT_MARGIN_MS, refreshEconomyRollups } from './rollups.server.ts';

useScratchDatabase();
useJobQueue();

let people = 0;
async function signUp() {
  people++;
  return (await createUser({ name: `Person ${people}`, email: `person-${people}@rollups.test` })).id;
}

/** The days a refresh now should recompute: from the day of the last one, less the margin, to today. */
async function daysSinceLastRefresh() {
  const { refreshedAt } = await getDb().economyRollupState.findUniqueOrThrow({ where: { id: 1 } });
  const [clock] = await getDb().$queryRaw<{ now: Date }[]>`SELECT (now() AT TIME ZONE 'UTC')::timestamp(3) AS now`;
  return daysBetween(dayOf(new Date(refreshedAt.getTime() - LATE_COMMIT_MARGIN_MS)), dayOf(clock!.now)).length;
}

async function expectRollupsMatchTheLedger() {
  const rebuilt = await rollupsRebuiltFromLedger();
  expect(await economyDays()).toEqual(rebuilt);
  return rebuilt;
}

it('keeps every day equal to the ledger, recomputing only the days since the last refresh', async () => {
  expect(await refreshEconomyRollups()).toEqual({ days: 0 });

  // Day 1: three people, one becomes a seller and pays a listing fee.
  const [ann, bob, cat] = [await signUp(), await signUp(), await signUp()];
  await upgradeToAdmin(ann!);
  await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: ann!, amountCents: 12_34 }));
  await aDayGoesBy();
  await aDayGoesBy();

  // Day 3 (two days later, nothing on day 2): a purchase from the seller, a fourth person.
  const { id: productId } = await createProduct({ ownerId: ann!, priceCents: 50_00, stock: 5 });
  await placeOrder(bob!, [{ productId, quantity: 3 }]);
  const dan = await signUp();
  expect((await refreshEconomyRollups()).days).toBe(3);
  const days = await expectRollupsMatchTheLedger();
  expect(days.map((day) => [day.newPeople, day.newSellers, day.orders, day.salesCents])).toEqual([
    [3, 1, 0, 0],
    [0, 0, 0, 0],
    [1, 0, 1, 150_00],
  ]);
  expect(days[0]).toMatchObject({
    upgradeFeesCents: ADMIN_UPGRADE_FEE_CENTS,
    listingFeesCents: 12_34,
    moneySupplyCents: 3 * STARTING_BALANCE_CENTS,
    people: 3,
  });
  expect(days[2]).toMatchObject({ moneySupplyCents: 4 * STARTING_BALANCE_CENTS, people: 4 });
  expect(days[0]!.gini).toBeGreaterThan(0);

  // Day 4: a closed account leaves the people counted; only the days since the last refresh are
  // recomputed (yesterday and today, or one more just after midnight).
  await aDayGoesBy();
  await deleteAccount(cat!);
  await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: ann!, amountCents: 1 }));
  const recent = await daysSinceLastRefresh();
  expect(recent).toBeLessThanOrEqual(3);
  expect((await refreshEconomyRollups()).days).toBe(recent);
  const later = await expectRollupsMatchTheLedger();
  expect(later[3]).toMatchObject({ closuresCents: STARTING_BALANCE_CENTS, people: 3, listingFeesCents: 1 });

  // An entry whose transaction committed after the refresh, dated before it, is still counted.
  await getDb().$executeRaw`UPDATE "EconomyRollupState" SET "refreshedAt" = "refreshedAt" + interval '1 minute'`;
  await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: dan!, amountCents: 99 }));
  expect((await refreshEconomyRollups()).days).toBe(await daysSinceLastRefresh());
  await expectRollupsMatchTheLedger();

  const books = await economyBooks();
  expect(books.balanced).toBe(true);
  expect(books.grantsCents).toBe(4 * STARTING_BALANCE_CENTS);
  expect(books.platformRevenueCents).toBe(ADMIN_UPGRADE_FEE_CENTS + 12_34 + 1 + 99 + STARTING_BALANCE_CENTS);
});

it('shows a books imbalance rather than hiding it', async () => {
  // Money appearing from nowhere (never done by the app; the CHECKs allow a raw credit).
  await getDb()
    .$executeRaw`UPDATE "User" SET "balanceCents" = "balanceCents" + 1 WHERE id = (SELECT id FROM "User" WHERE role = 'NADMIN' AND "deletedAt" IS NULL LIMIT 1)`;
  const books = await economyBooks();
  expect(books.balanced).toBe(false);
  expect(books.balancesCents + books.heldCents + books.platformRevenueCents - books.grantsCents).toBe(1);
  const { metrics } = await import('~/utils/metrics.server.ts');
  expect((await metrics().booksImbalanceCents.get()).values[0]!.value).toBe(-1);
});
