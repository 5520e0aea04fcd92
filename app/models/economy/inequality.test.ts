// The Gini coefficient and the Lorenz curve against known distributions and against the textbook
// definitions computed the slow way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gini, lorenz, LORENZ_STEPS } from './inequality.ts';

/** Half the relative mean absolute difference over all ordered pairs: the definition of the Gini. */
function referenceGini(xs: number[]): number {
  const n = xs.length;
  const total = xs.reduce((sum, x) => sum + x, 0);
  if (n === 0 || total === 0) return 0;
  let differences = 0;
  for (const a of xs) for (const b of xs) differences += Math.abs(a - b);
  return differences / (2 * n * total);
}

const equality = Array.from({ length: LORENZ_STEPS + 1 }, (_, i) => i / LORENZ_STEPS);

describe('gini', () => {
  it('is 0 when everyone holds the same, and for nobody or nothing held', () => {
    expect(gini([5, 5, 5, 5])).toBeCloseTo(0, 12);
    expect(gini([])).toBe(0);
    expect(gini([0, 0, 0])).toBe(0);
    expect(gini([7])).toBe(0);
  });

  it('is (n - 1) / n when one person holds everything', () => {
    expect(gini([0, 0, 0, 100])).toBeCloseTo(3 / 4, 12);
    expect(gini([1_000, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBeCloseTo(9 / 10, 12);
  });

  it('matches hand-computed values', () => {
    expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25, 12);
    // Pairs |a - b| over all ordered pairs of 1, 1, 4: 0+3+0+3+3+3 = 12; 12 / (2 * 3 * 6) = 1/3.
    expect(gini([4, 1, 1])).toBeCloseTo(1 / 3, 12);
  });

  it('equals the mean absolute difference definition on any distribution of cents', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400_000_000 }), { maxLength: 60 }), (xs) => {
        expect(gini(xs)).toBeCloseTo(referenceGini(xs), 9);
      }),
    );
  });
});

describe('lorenz', () => {
  it('is the diagonal for equal holdings and for nothing held', () => {
    lorenz([3, 3, 3, 3, 3]).forEach((share, i) => expect(share).toBeCloseTo(equality[i]!, 12));
    expect(lorenz([])).toEqual(equality);
    expect(lorenz([0, 0])).toEqual(equality);
  });

  it('stays at 0 until the last person when one holds everything', () => {
    const curve = lorenz([0, 0, 0, 100]);
    // Through (0,0), (1/4,0), (2/4,0), (3/4,0), (1,1).
    curve.forEach((share, i) => expect(share).toBeCloseTo(Math.max(0, (i / LORENZ_STEPS - 3 / 4) * 4), 12));
  });

  it('passes through the cumulative shares of the poorest i people', () => {
    // 1, 2, 3, 4 of 10: the poorest quarter hold 10%, half 30%, three quarters 60%.
    const curve = lorenz([4, 3, 2, 1]);
    expect(curve[5]).toBeCloseTo(0.1, 12);
    expect(curve[10]).toBeCloseTo(0.3, 12);
    expect(curve[15]).toBeCloseTo(0.6, 12);
    expect(curve[LORENZ_STEPS]).toBe(1);
  });

  it('rises from 0 to 1, never above the diagonal, and its area gives back the Gini', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400_000_000 }), { minLength: LORENZ_STEPS, maxLength: LORENZ_STEPS }).filter((xs) => xs.some((x) => x > 0)),
        (xs) => {
          const curve = lorenz(xs);
          expect(curve[0]).toBe(0);
          expect(curve[LORENZ_STEPS]).toBeCloseTo(1, 12);
          curve.forEach((share, i) => {
            expect(share).toBeLessThanOrEqual(equality[i]! + 1e-12);
            if (i > 0) expect(share).toBeGreaterThanOrEqual(curve[i - 1]! - 1e-12);
          });
          // With one person per step the curve is exact, and G = 1 - 2 * (area under it, by trapezoids).
          const area = curve.slice(1).reduce((sum, share, i) => sum + (share + curve[i]!) / 2 / LORENZ_STEPS, 0);
          expect(1 - 2 * area).toBeCloseTo(referenceGini(xs), 9);
        },
      ),
    );
  });
});
