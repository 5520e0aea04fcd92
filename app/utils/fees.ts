// Listing fees (product.md section 3): 4% of price x quantity on create, 4% of the increase of
// price x quantity on update. Rounded to the cent, half up, in integer arithmetic.

const FEE_PERCENT = 4;

function percentHalfUp(cents: number, percent: number) {
  return Math.floor((cents * percent + 50) / 100);
}

export function creationFeeCents(priceCents: number, quantity: number): number {
  return percentHalfUp(priceCents * quantity, FEE_PERCENT);
}

export function updateFeeCents(
  before: { priceCents: number; quantity: number },
  after: { priceCents: number; quantity: number },
): number {
  const increase = after.priceCents * after.quantity - before.priceCents * before.quantity;
  return increase > 0 ? percentHalfUp(increase, FEE_PERCENT) : 0;
}
