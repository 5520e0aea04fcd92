// Cart rules that both the server and the cart page need: what blocks a line or the whole cart
// from checking out. Pure, so the page can apply them to optimistic quantities too.
import { linesTotalCents, ORDER_CAP_CENTS } from '~/utils/money.ts';

export type CartLineState = {
  quantity: number;
  unitPriceCents: number;
  stock: number;
  /** The product was deleted (anonymised) since it was added. */
  deleted: boolean;
  /** The buyer owns the product (only possible through a hand-made request or a data fix). */
  own: boolean;
};

/** Why this line cannot be checked out as it is, or null when it can. */
export function cartLineIssue(line: CartLineState): string | null {
  if (line.deleted) return 'This product was deleted. Remove it to check out.';
  if (line.own) return "This is your own product: you can't buy it. Remove it to check out.";
  if (line.stock < 1) return 'This product is out of stock. Remove it to check out.';
  if (line.quantity > line.stock) return `Only ${line.stock} left in stock. Lower the quantity to check out.`;
  return null;
}

export type CartSummary = { lineCount: number; totalCents: number; overCap: boolean; hasIssues: boolean; canCheckOut: boolean };

export function summarizeCart(lines: CartLineState[]): CartSummary {
  const totalCents = linesTotalCents(lines);
  const overCap = totalCents > ORDER_CAP_CENTS;
  const hasIssues = lines.some((line) => cartLineIssue(line) !== null);
  return { lineCount: lines.length, totalCents, overCap, hasIssues, canCheckOut: lines.length > 0 && !overCap && !hasIssues };
}
