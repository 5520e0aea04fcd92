// Money is integer cents everywhere; only display turns it into dollars.

export const STARTING_BALANCE_CENTS = 4_000_000_00;
export const ADMIN_UPGRADE_FEE_CENTS = 160_000_00;
export const ORDER_CAP_CENTS = 999_999_99;

const dollars = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** What lines of an order, a cart or a checkout add up to: each unit price times its quantity. */
export function linesTotalCents(lines: readonly { unitPriceCents: number; quantity: number }[]): number {
  return lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
}

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

/**
 * Cents from what a person typed as dollars: "12", "12.3", "12.34", "$1,234.56". Parsed as text,
 * never through a float, so "0.29" is exactly 29. Null when it is not such an amount.
 */
export function parseDollarsToCents(input: string): number | null {
  const match = /^\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(input.trim());
  if (!match) return null;
  const whole = match[1]!.replaceAll(',', '');
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const cents = Number(whole) * 100 + Number(fraction);
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Dollars as a form field shows them: `1234.50`, without a sign or separators. */
export function centsToDollarsInput(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`not an amount of cents: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
