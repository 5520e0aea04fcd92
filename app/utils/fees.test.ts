import { describe, expect, it } from 'vitest';
import { creationFeeCents, updateFeeCents } from './fees.ts';

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
    expect(updateFeeCents(before, { priceCents: 12_00, quantity: 10 })).toBe(80);
    expect(updateFeeCents(before, { priceCents: 5_00, quantity: 30 })).toBe(2_00);
    expect(updateFeeCents(before, { priceCents: 10_00, quantity: 10 })).toBe(0);
    expect(updateFeeCents(before, { priceCents: 20_00, quantity: 1 })).toBe(0);
    expect(updateFeeCents(before, { priceCents: 10_00, quantity: 0 })).toBe(0);
  });
});
