// What every visitor is told about a product's stock: "Sold out" at 0, "Only N left" while few are
// left, nothing otherwise. Pure, so the product page, the catalog and the cart lines say the same.

/** Fewer units than this count as low stock. */
export const LOW_STOCK_BELOW = 8;

export type StockAlert = { level: 'sold-out'; text: string } | { level: 'low'; text: string };

export function stockAlert(stock: number): StockAlert | null {
  if (stock < 1) return { level: 'sold-out', text: 'Sold out' };
  if (stock < LOW_STOCK_BELOW) return { level: 'low', text: `Only ${stock} left` };
  return null;
}
