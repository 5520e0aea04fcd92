// The economy's daily figures (EconomyDay), derived from the ledger by the scheduled economy-rollup
// job and read by /economy, which so never sums the ledger itself.
//
// Incremental: a refresh recomputes only the days from the day of its previous run (less a margin)
// to today, from the entries written since. An entry can commit a little after its createdAt (its
// transaction was still running when the previous refresh took its snapshot); the margin, far longer
// than any transaction may run, brings such an entry into the next refresh. Balances at the end of
// each recomputed day are today's balances less what moved since, so no refresh reads old entries.
import { Prisma } from '~/generated/prisma/client';
import { getDb } from '~/utils/db.server.ts';
import type { Tx } from '~/utils/transaction.server.ts';
import { PLATFORM_USER_ID } from '../system-accounts.ts';
import { gini, lorenz } from './inequality.ts';

/** Longer than any transaction may run (serializable()'s timeout is 10 s). */
export const LATE_COMMIT_MARGIN_MS = 10 * 60_000;
const DAY_MS = 24 * 3600_000;
/** Serialises refreshes across workers (an arbitrary constant of ours). */
const REFRESH_LOCK = 2_512_025;
const LEADERBOARD_SIZE = 10;

export type EconomyDayFigures = {
  day: string;
  grantsCents: number;
  newPeople: number;
  newSellers: number;
  upgradeFeesCents: number;
  listingFeesCents: number;
  closuresCents: number;
  salesCents: number;
  orders: number;
  moneySupplyCents: number;
  people: number;
  gini: number;
  lorenz: number[];
};

type Flows = Pick<
  EconomyDayFigures,
  'grantsCents' | 'newPeople' | 'newSellers' | 'upgradeFeesCents' | 'listingFeesCents' | 'closuresCents' | 'salesCents' | 'orders'
>;

const NO_FLOWS: Flows = { grantsCents: 0, newPeople: 0, newSellers: 0, upgradeFeesCents: 0, listingFeesCents: 0, closuresCents: 0, salesCents: 0, orders: 0 };

/** The UTC day of an instant, as YYYY-MM-DD. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** Every day from `first` to `last`, both included. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/** A person counted on a day: joined (their grant) by its end, and not deleted by then. */
export type Member = { id: string; joinedAt: Date; deletedAt: Date | null };

export function isMemberAtEndOf(member: Member, day: string): boolean {
  const end = Date.parse(`${addDays(day, 1)}T00:00:00Z`);
  return member.joinedAt.getTime() < end && (member.deletedAt === null || member.deletedAt.getTime() >= end);
}

/**
 * The SQL of the day's flows, summed from ledger entries `entries` (a FROM item aliased e). Shared
 * with the test that rebuilds the rollups from the whole ledger.
 */
function flowsSql(entries: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT to_char(e."createdAt", 'YYYY-MM-DD') AS day,
           COALESCE(SUM(e."amountCents") FILTER (WHERE e.kind = 'GRANT'), 0)::bigint AS "grantsCents",
           (COUNT(*) FILTER (WHERE e.kind = 'GRANT'))::int AS "newPeople",
           (COUNT(*) FILTER (WHERE e.kind = 'UPGRADE_FEE'))::int AS "newSellers",
           COALESCE(SUM(e."amountCents") FILTER (WHERE e.kind = 'UPGRADE_FEE'), 0)::bigint AS "upgradeFeesCents",
           COALESCE(SUM(e."amountCents") FILTER (WHERE e.kind = 'LISTING_FEE'), 0)::bigint AS "listingFeesCents",
           COALESCE(SUM(e."amountCents") FILTER (WHERE e.kind = 'ACCOUNT_CLOSURE'), 0)::bigint AS "closuresCents",
           COALESCE(SUM(e."amountCents") FILTER (WHERE e.kind = 'SALE'), 0)::bigint AS "salesCents",
           (COUNT(DISTINCT e."orderId") FILTER (WHERE e.kind = 'SALE'))::int AS orders
      FROM ${entries}
     GROUP BY 1`;
}

type FlowRow = { day: string } & { [K in keyof Flows]: bigint | number };

function flowsByDay(rows: FlowRow[]): Map<string, Flows> {
  return new Map(rows.map((row) => [row.day, Object.fromEntries(Object.keys(NO_FLOWS).map((key) => [key, Number(row[key as keyof Flows])])) as Flows]));
}

/** Everyone who ever received the starting grant, with when they joined and left. */
async function members(tx: Tx): Promise<(Member & { balanceCents: bigint })[]> {
  return tx.$queryRaw`
    SELECT u.id, g."createdAt" AS "joinedAt", u."deletedAt", u."balanceCents"
      FROM "LedgerEntry" g JOIN "User" u ON u.id = g."grantUserId"
     WHERE g."grantUserId" IS NOT NULL`;
}

/** Gini and Lorenz of the balances (cents) of the day's members. */
export function inequalityOf(balances: number[]): Pick<EconomyDayFigures, 'people' | 'gini' | 'lorenz'> {
  return { people: balances.length, gini: gini(balances), lorenz: lorenz(balances) };
}

/**
 * Brings the rollups up to date with the ledger: recomputes the days since the last refresh (every
 * day from the first entry on, the first time) and the leaderboards. Returns the days recomputed.
 */
export async function refreshEconomyRollups(): Promise<{ days: number }> {
  return getDb().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${REFRESH_LOCK}::bigint)`;
      const [clock] = await tx.$queryRaw<{ now: Date }[]>`SELECT (now() AT TIME ZONE 'UTC')::timestamp(3) AS now`;
      const now = clock!.now;
      const state = await tx.economyRollupState.findUnique({ where: { id: 1 } });
      // The days start with the first entry: the rollups' first day if any, else the ledger's.
      const [start] = await tx.$queryRaw<{ day: string | null }[]>`
        SELECT to_char(COALESCE((SELECT MIN(day) FROM "EconomyDay"), (SELECT MIN("createdAt") FROM "LedgerEntry")), 'YYYY-MM-DD') AS day`;
      const since = state ? dayOf(new Date(state.refreshedAt.getTime() - LATE_COMMIT_MARGIN_MS)) : null;
      const first = start!.day && since && since > start!.day ? since : start!.day;
      const days = first ? daysBetween(first, dayOf(now)) : [];
      if (days.length) await recomputeDays(tx, days);
      await refreshLeaderboards(tx);
      await tx.economyRollupState.upsert({ where: { id: 1 }, create: { id: 1, refreshedAt: now }, update: { refreshedAt: now } });
      return { days: days.length };
    },
    { isolationLevel: 'RepeatableRead', timeout: 120_000, maxWait: 10_000 },
  );
}

async function recomputeDays(tx: Tx, days: string[]) {
  const since = Prisma.sql`${`${days[0]}T00:00:00Z`}::timestamptz AT TIME ZONE 'UTC'`;
  const flows = flowsByDay(await tx.$queryRaw<FlowRow[]>(flowsSql(Prisma.sql`"LedgerEntry" e WHERE e."createdAt" >= ${since}`)));
  // What each person's balance changed by on each day since: undone, newest day first, from today's balances.
  const moves = await tx.$queryRaw<{ userId: string; day: string; deltaCents: bigint }[]>`
    SELECT m."userId", to_char(m."createdAt", 'YYYY-MM-DD') AS day, SUM(m.delta)::bigint AS "deltaCents"
      FROM (SELECT "toUserId" AS "userId", "createdAt", "amountCents" AS delta FROM "LedgerEntry" WHERE "createdAt" >= ${since} AND "toUserId" IS NOT NULL
            UNION ALL
            SELECT "fromUserId", "createdAt", -"amountCents" FROM "LedgerEntry" WHERE "createdAt" >= ${since} AND "fromUserId" IS NOT NULL) m
     WHERE m."userId" <> ${PLATFORM_USER_ID}::uuid
     GROUP BY 1, 2`;
  const people = await members(tx);
  const balances = new Map(people.map((person) => [person.id, Number(person.balanceCents)]));
  const movesByDay = new Map<string, typeof moves>();
  for (const move of moves) movesByDay.set(move.day, [...(movesByDay.get(move.day) ?? []), move]);
  const laterDays = [...movesByDay.keys()].filter((day) => day > days[days.length - 1]!);
  const undo = (day: string) => {
    for (const move of movesByDay.get(day) ?? [])
      if (balances.has(move.userId)) balances.set(move.userId, balances.get(move.userId)! - Number(move.deltaCents));
  };
  for (const day of laterDays) undo(day);
  const inequality = new Map<string, ReturnType<typeof inequalityOf>>();
  for (const day of [...days].reverse()) {
    inequality.set(day, inequalityOf(people.filter((person) => isMemberAtEndOf(person, day)).map((person) => balances.get(person.id)!)));
    undo(day);
  }

  const before = await tx.economyDay.findUnique({ where: { day: new Date(`${addDays(days[0]!, -1)}T00:00:00Z`) }, select: { moneySupplyCents: true } });
  let moneySupplyCents = Number(before?.moneySupplyCents ?? 0n);
  const rows = days.map((day) => {
    const flow = flows.get(day) ?? NO_FLOWS;
    moneySupplyCents += flow.grantsCents;
    return { day, ...flow, moneySupplyCents, ...inequality.get(day)! };
  });
  await tx.economyDay.deleteMany({ where: { day: { gte: new Date(`${days[0]}T00:00:00Z`) } } });
  await tx.economyDay.createMany({
    data: rows.map((row) => ({
      ...row,
      day: new Date(`${row.day}T00:00:00Z`),
      grantsCents: BigInt(row.grantsCents),
      upgradeFeesCents: BigInt(row.upgradeFeesCents),
      listingFeesCents: BigInt(row.listingFeesCents),
      closuresCents: BigInt(row.closuresCents),
      salesCents: BigInt(row.salesCents),
      moneySupplyCents: BigInt(row.moneySupplyCents),
    })),
  });
}

async function refreshLeaderboards(tx: Tx) {
  await tx.$executeRaw`DELETE FROM "EconomyLeader"`;
  await tx.$executeRaw`
    INSERT INTO "EconomyLeader" (board, rank, "subjectId", value)
    SELECT 'sellers', row_number() OVER (ORDER BY "amountGainedCents" DESC, id), id, "amountGainedCents"
      FROM (SELECT id, "amountGainedCents" FROM "User"
             WHERE role IN ('NADMIN', 'ADMIN') AND "deletedAt" IS NULL AND "amountGainedCents" > 0
             ORDER BY "amountGainedCents" DESC, id LIMIT ${LEADERBOARD_SIZE}) top
    UNION ALL
    SELECT 'people', row_number() OVER (ORDER BY "balanceCents" DESC, id), id, "balanceCents"
      FROM (SELECT id, "balanceCents" FROM "User"
             WHERE role IN ('NADMIN', 'ADMIN') AND "deletedAt" IS NULL
             ORDER BY "balanceCents" DESC, id LIMIT ${LEADERBOARD_SIZE}) top
    UNION ALL
    SELECT 'products', row_number() OVER (ORDER BY "purchasesCount" DESC, id), id, "purchasesCount"
      FROM (SELECT id, "purchasesCount" FROM "Product" WHERE "purchasesCount" > 0
             ORDER BY "purchasesCount" DESC, id LIMIT ${LEADERBOARD_SIZE}) top`;
}

/** The rollups as stored, oldest day first (all of them, or the days from `first` on). */
export async function economyDays(first?: string): Promise<EconomyDayFigures[]> {
  const rows = await getDb().economyDay.findMany({
    where: first ? { day: { gte: new Date(`${first}T00:00:00Z`) } } : {},
    orderBy: { day: 'asc' },
  });
  return rows.map((row) => ({
    ...row,
    day: dayOf(row.day),
    grantsCents: Number(row.grantsCents),
    upgradeFeesCents: Number(row.upgradeFeesCents),
    listingFeesCents: Number(row.listingFeesCents),
    closuresCents: Number(row.closuresCents),
    salesCents: Number(row.salesCents),
    moneySupplyCents: Number(row.moneySupplyCents),
    lorenz: row.lorenz as number[],
  }));
}
