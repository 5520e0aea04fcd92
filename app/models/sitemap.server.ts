import { getDb } from '~/utils/db.server.ts';
import { ANONYMOUS_USER_ID } from './system-accounts.ts';
import type { SitemapProduct } from './sitemap.ts';

// Listed products only: deleted (anonymised) ones still open, but are no longer for sale.
const listed = { ownerId: { not: ANONYMOUS_USER_ID } };

export function countSitemapProducts(): Promise<number> {
  return getDb().product.count({ where: listed });
}

/** Page `page` (from 1) of the listed products, oldest first, so pages keep their contents as products are added. */
export function sitemapProducts(page: number, perPage: number): Promise<SitemapProduct[]> {
  return getDb().product.findMany({
    where: listed,
    select: { id: true, updatedAt: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    skip: (page - 1) * perPage,
    take: perPage,
  });
}
