// Rate limits kept in PostgreSQL, so that they hold across every web process: one row per key and
// fixed window, counted up in one atomic statement (no transaction needed, no race between
// processes). Windows are aligned on the database's clock, which all processes share.
import { getDb } from '~/utils/db.server.ts';

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one request for `key` in the current window of `windowSeconds`, and says whether it is
 * within `limit`. A refused request counts too, so hammering does not reopen the window.
 */
export async function consumeRateLimit(key: string, limit: number, windowSeconds = 60): Promise<RateLimitResult> {
  const [row] = await getDb().$queryRaw<{ count: number; retryAfter: number }[]>`
    WITH window_start AS (
      SELECT to_timestamp(floor(extract(epoch FROM clock_timestamp()) / ${windowSeconds}) * ${windowSeconds}) AT TIME ZONE 'UTC' AS at
    )
    INSERT INTO "RateLimitWindow" ("key", "windowStart", "count")
    SELECT ${key.slice(0, 200)}, at, 1 FROM window_start
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitWindow"."count" + 1
    RETURNING "count",
      ceil(extract(epoch FROM ("windowStart" + make_interval(secs => ${windowSeconds}) - (clock_timestamp() AT TIME ZONE 'UTC'))))::int AS "retryAfter"`;
  return row!.count <= limit ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, row!.retryAfter) };
}

/** Forgets windows that ended long ago (the scheduled rate-limits-prune job). */
export async function pruneRateLimits(olderThanSeconds = 3600): Promise<number> {
  return getDb().$executeRaw`
    DELETE FROM "RateLimitWindow" WHERE "windowStart" < (clock_timestamp() AT TIME ZONE 'UTC') - make_interval(secs => ${olderThanSeconds})`;
}
