// How many people and listed products there are. The sidebar shows both on every page, the users
// list uses the first as its role facets and the unfiltered products list the second as its total.
// Counting every row on every page view is what made pages slow, so pages read the recent* counts,
// computed at most once every GLOBAL_COUNTS_TTL_MS per process
// (docs/decisions/007-recent-global-counts.md).
import { getDb } from '~/utils/db.server.ts';
import { cached } from '~/utils/cache.server.ts';
import { ANONYMOUS_USER_ID, PERSON_ROLES } from './system-accounts.ts';

/** How old a global count on a page may be. */
export const GLOBAL_COUNTS_TTL_MS = 2_000;

export type PeopleByRole = { ADMIN: number; NADMIN: number };

/** Products on the list: every product but the anonymised ones. */
export function countListedProducts(): Promise<number> {
  return getDb().product.count({ where: { ownerId: { not: ANONYMOUS_USER_ID } } });
}

/** People (never the system rows, never deleted accounts), by role. */
export async function countPeopleByRole(): Promise<PeopleByRole> {
  const groups = await getDb().user.groupBy({ by: ['role'], where: { role: { in: PERSON_ROLES }, deletedAt: null }, _count: { _all: true } });
  const count = (role: keyof PeopleByRole) => groups.find((group) => group.role === role)?._count._all ?? 0;
  return { ADMIN: count('ADMIN'), NADMIN: count('NADMIN') };
}

export const recentListedProductCount = cached(GLOBAL_COUNTS_TTL_MS, countListedProducts);
export const recentPeopleByRole = cached(GLOBAL_COUNTS_TTL_MS, countPeopleByRole);
