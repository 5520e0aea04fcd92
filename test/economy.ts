// The economy's rollups rebuilt from the whole ledger, the plain way: every entry read into memory
// and summed per day. The rollups, kept incrementally from a few entries at a time, must equal it.
import { inequalityOf, type EconomyDayFigures, daysBetween, dayOf, isMemberAtEndOf, addDays } from '~/models/economy/rollups.server.ts';
import { getDb } from '~/utils/db.server.ts';

export async function rollupsRebuiltFromLedger(): Promise<EconomyDayFigures[]> {
  const db = getDb();
  const entries = await db.ledgerEntry.findMany({ orderBy: { createdAt: 'asc' } });
  if (!entries.length) return [];
  const [clock] = await db.$queryRaw<{ now: Date }[]>`SELECT (now() AT TIME ZONE 'UTC')::timestamp(3) AS now`;
  const users = new Map((await db.user.findMany({ select: { id: true, deletedAt: true } })).map((user) => [user.id, user]));
  const members = entries
    .filter((entry) => entry.kind === 'GRANT')
    .map((grant) => ({ id: grant.toUserId!, joinedAt: grant.createdAt, deletedAt: users.get(grant.toUserId!)!.deletedAt }));
  let moneySupplyCents = 0;
  return daysBetween(dayOf(entries[0]!.createdAt), dayOf(clock!.now)).map((day) => {
    const ofDay = entries.filter((entry) => dayOf(entry.createdAt) === day);
    const sum = (kind: string) => ofDay.filter((entry) => entry.kind === kind).reduce((total, entry) => total + Number(entry.amountCents), 0);
    const count = (kind: string) => ofDay.filter((entry) => entry.kind === kind).length;
    moneySupplyCents += sum('GRANT');
    const end = Date.parse(`${addDays(day, 1)}T00:00:00Z`);
    const balanceAtEnd = (userId: string) =>
      entries
        .filter((entry) => entry.createdAt.getTime() < end)
        .reduce(
          (total, entry) => total + (entry.toUserId === userId ? Number(entry.amountCents) : 0) - (entry.fromUserId === userId ? Number(entry.amountCents) : 0),
          0,
        );
    return {
      day,
      grantsCents: sum('GRANT'),
      newPeople: count('GRANT'),
      newSellers: count('UPGRADE_FEE'),
      upgradeFeesCents: sum('UPGRADE_FEE'),
      listingFeesCents: sum('LISTING_FEE'),
      closuresCents: sum('ACCOUNT_CLOSURE'),
      salesCents: sum('SALE'),
      orders: new Set(ofDay.filter((entry) => entry.kind === 'SALE').map((entry) => entry.orderId)).size,
      moneySupplyCents,
      ...inequalityOf(members.filter((member) => isMemberAtEndOf(member, day)).map((member) => balanceAtEnd(member.id))),
    };
  });
}

/**
 * Moves the whole economy one day into the past, as if a day went by: ledger entries, people's
 * sign-up and deletion times, the rollups and their watermark.
 */
export async function aDayGoesBy() {
  const db = getDb();
  await db.$transaction([
    db.$executeRaw`UPDATE "LedgerEntry" SET "createdAt" = "createdAt" - interval '1 day'`,
    db.$executeRaw`UPDATE "User" SET "createdAt" = "createdAt" - interval '1 day', "deletedAt" = "deletedAt" - interval '1 day'`,
    db.$executeRaw`UPDATE "EconomyRollupState" SET "refreshedAt" = "refreshedAt" - interval '1 day'`,
    // Two steps: a primary key must stay unique after every row.
    db.$executeRaw`UPDATE "EconomyDay" SET day = day - 100000`,
    db.$executeRaw`UPDATE "EconomyDay" SET day = day + 99999`,
  ]);
}
