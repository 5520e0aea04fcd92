import { describe, expect, it } from 'vitest';
import { creationFeeCents, listingIncreaseCents, updateFeeCents } from './fees.ts';

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
