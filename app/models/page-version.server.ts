// What a catalog page depends on: the version behind the server's cache of signed-out pages
// (server/page-cache.ts, docs/decisions/020-exact-page-cache.md) and the catalog reads every viewer
// shares (docs/decisions/026-catalog-reads-at-the-page-version.md).
import { getDb } from '~/utils/db.server.ts';
import { readAfterCall } from '~/utils/read-after-call.ts';
import { versionedCache } from '~/utils/versioned-cache.server.ts';
import { recentListedProductCount, recentPeopleByRole } from './catalog-counts.server.ts';

/**
 * The version of what signed-out catalog pages show: it changes in the transaction of every write
 * that changes one (triggers on "Product" and "User", see the PageVersion migration), so a page
 * rendered at one version is right for as long as the version reads the same.
 */
async function readPageVersion(): Promise<bigint> {
  const [row] = await getDb().$queryRaw<{ version: bigint }[]>`SELECT sum("n")::bigint AS "version" FROM "PageVersion"`;
  return row!.version;
}

/** The page version, one query for every caller waiting at the same time (each reads after it asked). */
export const currentPageVersion = readAfterCall(readPageVersion);

/**
 * A catalog read that depends only on what the page version covers (products, and people's names,
 * roles and balances), kept until the version changes: `atPageVersion(key, read)`. The key must name
 * everything the read depends on; the value is shared, so callers must not change it.
 */
export const atPageVersion = versionedCache({ readVersion: currentPageVersion, maxEntries: 2_000 });

/**
 * The sidebar's counts, as every page shows them (recent, ADR 007): part of a cached page's key,
 * so that a cached page is never older than a freshly rendered one would be.
 */
export async function recentSidebarCounts(): Promise<string> {
  const [people, products] = await Promise.all([recentPeopleByRole(), recentListedProductCount()]);
  return `${people.ADMIN + people.NADMIN}/${products}`;
}
