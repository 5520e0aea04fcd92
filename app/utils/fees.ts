// Listing fees (docs/fees.md): 4% of the growth of the value a seller has on sale, that is price x
// every unit the seller still owns (in stock, and held by pending checkouts, which may give them
// back). A product's fees add up to 4% of all its growth, rounded half up once, on the total: a
// growth too small for a cent is carried until it adds up. Integer arithmetic throughout.

const FEE_PERCENT = 4;

/** A listing as the fee sees it: the price, and the units the seller owns (stock + held by pending checkouts). */
export type Listing = { priceCents: number; quantity: number };

/** 4% of `cents`, rounded half up. BigInt: a product's growth adds up over its whole life. */
function percentHalfUp(cents: bigint): bigint {
  return (cents * BigInt(FEE_PERCENT) + 50n) / 100n;
}

/** The value on sale: price x units, in cents. */
export function listingValueCents(listing: Listing): number {
  return listing.priceCents * listing.quantity;
}

/** How much the value on sale grew from `before` to `after`, in cents; 0 when it did not grow. */
export function listingIncreaseCents(before: Listing, after: Listing): number {
  return Math.max(0, listingValueCents(after) - listingValueCents(before));
}

/**
 * The fee for `growthCents` more growth of a product whose fees so far were charged on
 * `chargedGrowthCents` of growth: 4% of the new total, less 4% of the old one, each rounded half up.
 * Summed over the product's life the fees are 4% of its total growth within half a cent.
 */
export function growthFeeCents(chargedGrowthCents: bigint | number, growthCents: number): number {
  if (!Number.isSafeInteger(growthCents) || growthCents < 0) throw new RangeError(`not a growth in cents: ${growthCents}`);
  const charged = BigInt(chargedGrowthCents);
  if (charged < 0n) throw new RangeError(`not a charged growth in cents: ${charged}`);
  return Number(percentHalfUp(charged + BigInt(growthCents)) - percentHalfUp(charged));
}

/** A new product: all its value is growth, and nothing was charged before. */
export function creationFeeCents(priceCents: number, quantity: number): number {
  return growthFeeCents(0n, listingValueCents({ priceCents, quantity }));
}

/**
 * An update from `before` to `after` (quantities are owned units: stock + held) of a product whose
 * fees so far were charged on `chargedGrowthCents` of growth.
 */
export function updateFeeCents(before: Listing, after: Listing, chargedGrowthCents: bigint | number): number {
  return growthFeeCents(chargedGrowthCents, listingIncreaseCents(before, after));
}

/** A product as its update's fee starts from: as stored, with the units pending checkouts hold. */
export type ListedProduct = { priceCents: number; stock: number; reservedUnits: number; chargedGrowthCents: bigint | number };

/**
 * The growth and the fee of changing `product` to a price and a quantity in stock, as the server
 * charges it and the edit form previews it. The held units stay the seller's on both sides.
 */
export function productUpdateFee(product: ListedProduct, change: Listing): { growthCents: number; feeCents: number } {
  const before = { priceCents: product.priceCents, quantity: product.stock + product.reservedUnits };
  const after = { priceCents: change.priceCents, quantity: change.quantity + product.reservedUnits };
  return { growthCents: listingIncreaseCents(before, after), feeCents: updateFeeCents(before, after, product.chargedGrowthCents) };
}
