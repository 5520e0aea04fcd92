// What a signed-out page of the catalog depends on, for the server's cache of rendered pages
// (server/page-cache.ts, docs/decisions/020-exact-page-cache.md).
import { getDb } from '~/utils/db.server.ts';
import { recentListedProductCount, recentPeopleByRole } from './catalog-counts.server.ts';

/**
 * The version of what signed-out catalog pages show: it changes in the transaction of every write
 * that changes one (triggers on "Product" and "User", see the PageVersion migration), so a page
 * rendered at one version is right for as long as the version reads the same.
 */
export async function readPageVersion(): Promise<bigint> {
  const [row] = await getDb().$queryRaw<{ version: bigint }[]>`SELECT sum("n")::bigint AS "version" FROM "PageVersion"`;
  return row!.version;
}

/**
 * The sidebar's counts, as every page shows them (recent, ADR 007): part of a cached page's key,
 * so that a cached page is never older than a freshly rendered one would be.
 */
export async function recentSidebarCounts(): Promise<string> {
  const [people, products] = await Promise.all([recentPeopleByRole(), recentListedProductCount()]);
  return `${people.ADMIN + people.NADMIN}/${products}`;
}
