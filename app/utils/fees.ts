// Listing fees (product.md section 3): 4% of price x quantity on create, 4% of the increase of
// price x quantity on update. Rounded to the cent, half up, in integer arithmetic.

const FEE_PERCENT = 4;

function percentHalfUp(cents: number, percent: number) {
  return Math.floor((cents * percent + 50) / 100);
}

export function creationFeeCents(priceCents: number, quantity: number): number {
  return percentHalfUp(priceCents * quantity, FEE_PERCENT);
}

type Listing = { priceCents: number; quantity: number };

/** How much price x quantity grew from `before` to `after`, in cents; 0 when it did not grow. */
export function listingIncreaseCents(before: Listing, after: Listing): number {
  return Math.max(0, after.priceCents * after.quantity - before.priceCents * before.quantity);
}

export function updateFeeCents(before: Listing, after: Listing): number {
  return percentHalfUp(listingIncreaseCents(before, after), FEE_PERCENT);
}
