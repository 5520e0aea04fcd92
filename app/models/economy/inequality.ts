// How unequal balances are: the Gini coefficient (0 when everyone holds the same, (n-1)/n when one
// person holds everything) and the Lorenz curve (the share of all money held by the poorest p of
// the people). Balances are integer cents; the results are ratios, the only floats of the economy.

/** Points of the Lorenz curve kept and drawn: the poorest 0%, 5%, ... 100% of the people. */
export const LORENZ_STEPS = 20;

/** The Gini coefficient of non-negative amounts: 0 for none, for one person, or for nothing held. */
export function gini(amounts: readonly number[]): number {
  const sorted = [...amounts].sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((sum, x) => sum + x, 0);
  if (n === 0 || total === 0) return 0;
  // With amounts sorted ascending and ranked from 1: G = 2 * sum(i * x_i) / (n * total) - (n + 1) / n.
  const weighted = sorted.reduce((sum, x, i) => sum + (i + 1) * x, 0);
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

/**
 * The Lorenz curve at p = 0, 1/LORENZ_STEPS, ... 1: the share of the total held by the poorest
 * p of the people, read on the curve through (i/n, share of the i poorest). Nothing held at all
 * reads as perfect equality.
 */
export function lorenz(amounts: readonly number[]): number[] {
  const sorted = [...amounts].sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((sum, x) => sum + x, 0);
  const shares = Array.from({ length: LORENZ_STEPS + 1 }, (_, step) => step / LORENZ_STEPS);
  if (n === 0 || total === 0) return shares;
  const cumulative = [0];
  for (const x of sorted) cumulative.push(cumulative[cumulative.length - 1]! + x);
  return shares.map((p) => {
    const position = p * n;
    const below = Math.floor(position);
    if (below >= n) return 1;
    const within = position - below;
    return (cumulative[below]! + within * sorted[below]!) / total;
  });
}
