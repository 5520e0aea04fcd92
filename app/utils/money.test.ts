import { describe, expect, it } from 'vitest';
import { badgeCount } from '~/components/badge-count.ts';
import { centsToNumber, formatMoney } from './money.ts';

describe('formatMoney', () => {
  it('shows dollars with two decimals and thousands separators', () => {
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(5)).toBe('$0.05');
    expect(formatMoney(123_456)).toBe('$1,234.56');
    expect(formatMoney(4_000_000_00)).toBe('$4,000,000.00');
    expect(formatMoney(-160_000_00)).toBe('-$160,000.00');
  });

  it('refuses fractions of a cent', () => {
    expect(() => formatMoney(1.5)).toThrow(TypeError);
  });
});

describe('centsToNumber', () => {
  it('converts database amounts exactly, and refuses what a number cannot hold', () => {
    expect(centsToNumber(4_000_000_00n)).toBe(4_000_000_00);
    expect(() => centsToNumber(2n ** 53n)).toThrow(RangeError);
  });
});

describe('badgeCount', () => {
  it('caps at 99+', () => {
    expect(badgeCount(0)).toBe('0');
    expect(badgeCount(99)).toBe('99');
    expect(badgeCount(100)).toBe('99+');
  });
});
