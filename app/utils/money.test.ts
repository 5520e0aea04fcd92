import { describe, expect, it } from 'vitest';
import { badgeCount } from './badge-count.ts';
import { centsToDollarsInput, centsToNumber, formatMoney, linesTotalCents, parseDollarsToCents } from './money.ts';

describe('linesTotalCents', () => {
  it('adds each unit price times its quantity', () => {
    expect(linesTotalCents([])).toBe(0);
    expect(
      linesTotalCents([
        { unitPriceCents: 1_999, quantity: 3 },
        { unitPriceCents: 5, quantity: 1 },
      ]),
    ).toBe(6_002);
  });
});

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

describe('parseDollarsToCents', () => {
  it('reads dollars and cents exactly, as text', () => {
    expect(parseDollarsToCents('12.34')).toBe(1234);
    expect(parseDollarsToCents('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 as a float
    expect(parseDollarsToCents('19.99')).toBe(1999);
    expect(parseDollarsToCents('1.1')).toBe(110);
    expect(parseDollarsToCents('7')).toBe(700);
    expect(parseDollarsToCents(' $1,234.56 ')).toBe(123_456);
    expect(parseDollarsToCents('2000.00')).toBe(200_000);
  });

  it('refuses what is not an amount of dollars and cents', () => {
    for (const input of ['', ' ', '.5', '1.234', '-1', '+1', '1e3', '12,34', '1,2345', '0x10', '1.', 'abc', '$', 'NaN', 'Infinity']) {
      expect(parseDollarsToCents(input), input).toBeNull();
    }
    expect(parseDollarsToCents('9'.repeat(20))).toBeNull();
  });

  it('round-trips with centsToDollarsInput', () => {
    for (const cents of [0, 1, 9, 10, 99, 100, 1_05, 1_234_56, 2_000_00]) {
      expect(parseDollarsToCents(centsToDollarsInput(cents))).toBe(cents);
    }
    expect(centsToDollarsInput(1_234_50)).toBe('1234.50');
    expect(() => centsToDollarsInput(1.5)).toThrow(RangeError);
  });
});
