// A product's price history (ProductPriceChange, written by product.server.ts in each edit's
// transaction), read for its page.
import { getDb } from '~/utils/db.server.ts';

/** The page shows the latest changes only, so a product edited thousands of times stays one small read. */
export const PRICE_CHANGES_SHOWN = 100;

/** The product's latest price changes, oldest first (its listing first, unless it is older than those). */
export async function priceHistory(productId: string) {
  const latest = await getDb().productPriceChange.findMany({
    where: { productId },
    select: { changedAt: true, oldPriceCents: true, newPriceCents: true, feeCents: true },
    orderBy: [{ changedAt: 'desc' }, { id: 'desc' }],
    take: PRICE_CHANGES_SHOWN,
  });
  return latest.reverse();
}
