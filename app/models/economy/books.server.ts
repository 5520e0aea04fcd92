// The books of the whole economy, live: every grant is somewhere, in a balance, in a pending
// checkout's hold, or in the platform's revenue. Days the rollups have settled are read from them;
// only the entries after (a day or two of them) are summed, so the cost does not grow with the ledger.
import { Prisma } from '~/generated/prisma/client';
import { getDb } from '~/utils/db.server.ts';
import { metrics } from '~/utils/metrics.server.ts';
import { PLATFORM_USER_ID } from '../system-accounts.ts';
import { heldCentsSql } from '../ledger.server.ts';
import { LATE_COMMIT_MARGIN_MS } from './rollups.server.ts';

export type Books = {
  grantsCents: number;
  balancesCents: number;
  heldCents: number;
  platformRevenueCents: number;
  balanced: boolean;
};

/** The four totals in one statement (one snapshot), and whether grants = balances + held + revenue. */
export async function economyBooks(): Promise<Books> {
  const margin = Prisma.sql`${`${LATE_COMMIT_MARGIN_MS} milliseconds`}::interval`;
  const [row] = await getDb().$queryRaw<{ grants: bigint; balances: bigint; held: bigint; platform: bigint }[]>`
    WITH cut AS (
      -- Entries before the day of the last refresh (less the margin) are all in the rollups.
      SELECT COALESCE((SELECT date_trunc('day', "refreshedAt" - ${margin}) FROM "EconomyRollupState" WHERE id = 1), '-infinity'::timestamp) AS at
    ), settled AS (
      SELECT COALESCE(SUM("grantsCents"), 0) AS grants,
             COALESCE(SUM("upgradeFeesCents" + "listingFeesCents" + "closuresCents"), 0) AS platform
        FROM "EconomyDay" WHERE day < (SELECT at FROM cut)
    ), recent AS (
      SELECT COALESCE(SUM("amountCents") FILTER (WHERE kind = 'GRANT'), 0) AS grants,
             COALESCE(SUM("amountCents") FILTER (WHERE "toUserId" = ${PLATFORM_USER_ID}::uuid), 0)
               - COALESCE(SUM("amountCents") FILTER (WHERE "fromUserId" = ${PLATFORM_USER_ID}::uuid), 0) AS platform
        FROM "LedgerEntry" WHERE "createdAt" >= (SELECT at FROM cut)
    )
    SELECT (settled.grants + recent.grants)::bigint AS grants,
           (settled.platform + recent.platform)::bigint AS platform,
           (SELECT COALESCE(SUM("balanceCents"), 0) FROM "User")::bigint AS balances,
           (SELECT COALESCE(SUM(${heldCentsSql(Prisma.sql`c.id`)}), 0) FROM "Checkout" c WHERE c.status = 'PENDING')::bigint AS held
      FROM settled, recent`;
  const { grants, balances, held, platform } = row!;
  const balanced = grants === balances + held + platform;
  metrics().booksImbalanceCents.set(Number(grants - balances - held - platform));
  return { grantsCents: Number(grants), balancesCents: Number(balances), heldCents: Number(held), platformRevenueCents: Number(platform), balanced };
}
