// Money is integer cents everywhere; only display turns it into dollars.

export const STARTING_BALANCE_CENTS = 4_000_000_00;
export const ADMIN_UPGRADE_FEE_CENTS = 160_000_00;
export const ORDER_CAP_CENTS = 999_999_99;

const dollars = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `$1,234.56`; negative amounts as `-$1,234.56`. */
export function formatMoney(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new TypeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  return `${sign}$${dollars.format(Math.abs(cents) / 100)}`;
}

/** Converts a BigInt amount read from the database; refuses what a number cannot hold exactly. */
export function centsToNumber(cents: bigint): number {
  if (cents > BigInt(Number.MAX_SAFE_INTEGER) || cents < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount out of range: ${cents}`);
  }
  return Number(cents);
}
