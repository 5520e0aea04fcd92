import { describe, expect, it } from 'vitest';
import { creationFeeCents, growthFeeCents, listingIncreaseCents, listingValueCents, productUpdateFee, updateFeeCents } from './fees.ts';

/** A product whose fees so far were charged on growth that 4% turns into whole cents: nothing carried. */
const NOTHING_CARRIED = 0;

describe('listing fees', () => {
  it('charges 4% of price x quantity on create, rounded half up to the cent', () => {
    expect(creationFeeCents(100_00, 1)).toBe(4_00);
    expect(creationFeeCents(19_99, 3)).toBe(2_40); // 4% of $59.97 = $2.3988
    expect(creationFeeCents(12_50, 1)).toBe(50); // exactly 50 cents
    expect(creationFeeCents(1_37, 1)).toBe(5); // 5.48 cents
    expect(creationFeeCents(1_38, 1)).toBe(6); // 5.52 cents
    expect(creationFeeCents(2_000_00, 2_000)).toBe(160_000_00); // the largest listing
  });

  it('never lands on exactly half a cent, so half up is the nearest cent', () => {
    // 4% of v cents has a fraction of .00, .04, ... .96 (v x 4 mod 100): never .50.
    for (let cents = 1; cents <= 10_000; cents++) {
      expect(Math.abs(creationFeeCents(cents, 1) - (cents * 4) / 100)).toBeLessThan(0.5);
    }
  });

  it('charges 4% of the increase of price x quantity on update, nothing when it does not grow', () => {
    const before = { priceCents: 10_00, quantity: 10 };
    expect(updateFeeCents(before, { priceCents: 12_00, quantity: 10 }, NOTHING_CARRIED)).toBe(80);
    expect(updateFeeCents(before, { priceCents: 5_00, quantity: 30 }, NOTHING_CARRIED)).toBe(2_00);
    expect(updateFeeCents(before, { priceCents: 10_00, quantity: 10 }, NOTHING_CARRIED)).toBe(0);
    expect(updateFeeCents(before, { priceCents: 20_00, quantity: 1 }, NOTHING_CARRIED)).toBe(0);
    expect(updateFeeCents(before, { priceCents: 10_00, quantity: 0 }, NOTHING_CARRIED)).toBe(0);
    expect(listingIncreaseCents(before, { priceCents: 10_01, quantity: 10 })).toBe(10); // grew, though its fee rounds to 0
    expect(updateFeeCents(before, { priceCents: 10_01, quantity: 10 }, NOTHING_CARRIED)).toBe(0);
    expect(listingIncreaseCents(before, { priceCents: 5_00, quantity: 10 })).toBe(0);
  });

  it('rounds odd cents half up: fractions of .5 and more go up, less go down', () => {
    expect(creationFeeCents(1, 1)).toBe(0); // 0.04 cents
    expect(creationFeeCents(12, 1)).toBe(0); // 0.48 cents
    expect(creationFeeCents(13, 1)).toBe(1); // 0.52 cents
    expect(creationFeeCents(1_01, 1)).toBe(4); // 4.04 cents
    expect(creationFeeCents(3_33, 3)).toBe(40); // 4% of 999 cents = 39.96
    expect(creationFeeCents(1_99, 7)).toBe(56); // 4% of 1,393 cents = 55.72
    expect(creationFeeCents(1_00_01, 1)).toBe(4_00); // 400.04 cents
    expect(updateFeeCents({ priceCents: 10_01, quantity: 3 }, { priceCents: 10_13, quantity: 3 }, NOTHING_CARRIED)).toBe(1); // 4% of 36 = 1.44
    expect(updateFeeCents({ priceCents: 10_01, quantity: 3 }, { priceCents: 10_14, quantity: 3 }, NOTHING_CARRIED)).toBe(2); // 4% of 39 = 1.56
  });

  it('equals the exact fee rounded half up, for every increase up to $100', () => {
    // Exact rational arithmetic: fee = increase x 4 / 100, rounded half up = floor((2 x num + den) / (2 x den)).
    const roundHalfUp = (numerator: bigint, denominator: bigint) => (2n * numerator + denominator) / (2n * denominator);
    for (let increase = 1; increase <= 100_00; increase++) {
      const expected = Number(roundHalfUp(BigInt(increase) * 4n, 100n));
      expect(updateFeeCents({ priceCents: 1_00, quantity: 1 }, { priceCents: 1_00 + increase, quantity: 1 }, NOTHING_CARRIED)).toBe(expected);
      expect(creationFeeCents(increase, 1)).toBe(expected);
    }
  });

  it('stays exact for the largest listing and the largest increase', () => {
    expect(updateFeeCents({ priceCents: 1_00, quantity: 0 }, { priceCents: 2_000_00, quantity: 2_000 }, NOTHING_CARRIED)).toBe(160_000_00);
    expect(updateFeeCents({ priceCents: 1_00, quantity: 1 }, { priceCents: 2_000_00, quantity: 2_000 }, NOTHING_CARRIED)).toBe(159_999_96);
  });
});

describe('listing fees over a product’s life (docs/fees.md)', () => {
  it('carries growth too small for a cent until it adds up: 25 raises of 12 cents pay 4% of $3.00', () => {
    let charged = 1_00; // listed at $1.00 x 1: 4 cents
    const fees: number[] = [];
    for (let step = 0; step < 25; step++) {
      const priceCents = 1_00 + step * 12;
      fees.push(updateFeeCents({ priceCents, quantity: 1 }, { priceCents: priceCents + 12, quantity: 1 }, charged));
      charged += 12;
    }
    expect(fees.every((fee) => fee === 0 || fee === 1)).toBe(true);
    expect(fees.reduce((sum, fee) => sum + fee, 0)).toBe(12);
    expect(creationFeeCents(1_00, 1) + fees.reduce((sum, fee) => sum + fee, 0)).toBe(creationFeeCents(4_00, 1));
  });

  it('charges 4% of the new total less 4% of the old one, each rounded half up', () => {
    expect(growthFeeCents(0, 12)).toBe(0); // 0.48 cent
    expect(growthFeeCents(12, 1)).toBe(1); // 0.52 cent in all
    expect(growthFeeCents(12_340, 2_670)).toBe(1_06); // 493.6 -> 494 paid; 600.4 -> 600 in all
    expect(growthFeeCents(12_340, 0)).toBe(0);
    expect(growthFeeCents(10_000n, 2_500)).toBe(1_00);
    // A product's growth has no upper bound: BigInt keeps it exact past 2^53.
    const huge = 25n * 2n ** 55n; // over 2^53 cents, and 4% of it is whole cents
    expect(growthFeeCents(huge + 12n, 1)).toBe(1);
    expect(growthFeeCents(huge, 400_000_000)).toBe(16_000_000);
    expect(() => growthFeeCents(0, -1)).toThrow(RangeError);
    expect(() => growthFeeCents(-1n, 1)).toThrow(RangeError);
    expect(() => growthFeeCents(0, 0.5)).toThrow(RangeError);
  });

  it('keeps the sum of a product’s fees within half a cent of 4% of its growth, for any split of it', () => {
    // Every way to grow by 1 to 60 cents at a time, from every carried remainder (growth mod 25).
    for (let charged = 0; charged < 25; charged++) {
      for (let first = 1; first <= 60; first++) {
        for (let second = 1; second <= 60; second++) {
          const paid = growthFeeCents(0, charged) + growthFeeCents(charged, first) + growthFeeCents(charged + first, second);
          const exact = ((charged + first + second) * 4) / 100;
          expect(Math.abs(paid - exact)).toBeLessThanOrEqual(0.5);
        }
      }
    }
  });

  it('counts the units pending checkouts hold, on both sides of an update', () => {
    const product = { priceCents: 1_00, stock: 0, reservedUnits: 2_000, chargedGrowthCents: 2_000_00 };
    // The reservation exploit: 2,000 held at $1.00, re-priced to $2,000 with none in stock.
    expect(productUpdateFee(product, { priceCents: 2_000_00, quantity: 0 })).toEqual({ growthCents: 399_800_000, feeCents: 159_920_00 });
    // Lowering the stock while units are held is not growth, however the price moves with it.
    expect(productUpdateFee({ ...product, stock: 10 }, { priceCents: 1_00, quantity: 0 })).toEqual({ growthCents: 0, feeCents: 0 });
    // Raising it is growth of the units in stock only.
    expect(productUpdateFee(product, { priceCents: 1_00, quantity: 25 })).toEqual({ growthCents: 25_00, feeCents: 1_00 });
    // Nothing held: price x stock, as before.
    expect(productUpdateFee({ priceCents: 10_00, stock: 10, reservedUnits: 0, chargedGrowthCents: 100_00 }, { priceCents: 12_00, quantity: 10 })).toEqual({
      growthCents: 20_00,
      feeCents: 80,
    });
  });

  it('values what is on sale at price x units, and growth only when it goes up', () => {
    expect(listingValueCents({ priceCents: 2_000_00, quantity: 4_000 })).toBe(800_000_000);
    expect(listingIncreaseCents({ priceCents: 1_00, quantity: 2_000 }, { priceCents: 2_000_00, quantity: 2_000 })).toBe(399_800_000);
    expect(listingIncreaseCents({ priceCents: 2_000_00, quantity: 2_000 }, { priceCents: 1_00, quantity: 2_000 })).toBe(0);
  });
});
