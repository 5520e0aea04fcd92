// One person's money per UTC day, for the charts of their profile and Sales page: each is one
// statement over that person's own ledger entries in the last PERSON_DAYS days (the indexes on
// (fromUserId, createdAt) and (toUserId, createdAt)), summed per day in SQL, so a person with
// thousands of entries still costs at most one row per day.
import { getDb } from '~/utils/db.server.ts';
import { centsToNumber } from '~/utils/money.ts';
import { addDays, dayOf, daysBetween } from './rollups.server.ts';

/** How far back a person's charts go. */
export const PERSON_DAYS = 90;

export type DayAmount = { day: string; cents: number };

function windowStart(now: Date) {
  return addDays(dayOf(now), 1 - PERSON_DAYS);
}

/**
 * The person's balance at the end of each day, from the first day in the window they had an entry
 * (or today) to today: today's balance less what moved after each day. The balance and the entries
 * are read in one statement, so they agree even while money moves.
 */
export async function balanceByDay(userId: string, now = new Date()): Promise<DayAmount[]> {
  const since = windowStart(now);
  const rows = await getDb().$queryRaw<{ day: string | null; netCents: bigint | null; balanceCents: bigint }[]>`
    WITH moves AS (
      SELECT "createdAt", "amountCents" AS delta FROM "LedgerEntry" WHERE "toUserId" = ${userId}::uuid AND "createdAt" >= ${since}::timestamp
      UNION ALL
      SELECT "createdAt", -"amountCents" FROM "LedgerEntry" WHERE "fromUserId" = ${userId}::uuid AND "createdAt" >= ${since}::timestamp
    ), days AS (
      SELECT to_char("createdAt", 'YYYY-MM-DD') AS day, SUM(delta)::bigint AS "netCents" FROM moves GROUP BY 1
    )
    SELECT days.day, days."netCents", u."balanceCents"
      FROM "User" u LEFT JOIN days ON true
     WHERE u.id = ${userId}::uuid
     ORDER BY days.day`;
  if (!rows.length) return [];
  const net = new Map(rows.filter((row) => row.day !== null).map((row) => [row.day!, centsToNumber(row.netCents!)]));
  const today = dayOf(now);
  const first = [...net.keys()][0] ?? today;
  const days = daysBetween(first < today ? first : today, today);
  // Walk back from today's balance: the end of a day is the end of the next day less that day's net.
  let balance = centsToNumber(rows[0]!.balanceCents);
  const balances: DayAmount[] = [];
  for (const day of days.reverse()) {
    balances.push({ day, cents: balance });
    balance -= net.get(day) ?? 0;
  }
  return balances.reverse();
}

/** What the seller gained from sales each day of the window, every day listed (0 when nothing sold). */
export async function gainsByDay(sellerId: string, now = new Date()): Promise<DayAmount[]> {
  const since = windowStart(now);
  const rows = await getDb().$queryRaw<{ day: string; cents: bigint }[]>`
    SELECT to_char("createdAt", 'YYYY-MM-DD') AS day, SUM("amountCents")::bigint AS cents
      FROM "LedgerEntry"
     WHERE "toUserId" = ${sellerId}::uuid AND kind = 'SALE' AND "createdAt" >= ${since}::timestamp
     GROUP BY 1`;
  const gained = new Map(rows.map((row) => [row.day, centsToNumber(row.cents)]));
  return daysBetween(since, dayOf(now)).map((day) => ({ day, cents: gained.get(day) ?? 0 }));
}
