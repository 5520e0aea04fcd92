// Cart rules that both the server and the cart page need: what blocks a line or the whole cart
// from checking out. Pure, so the page can apply them to optimistic quantities too.
import { linesTotalCents, ORDER_CAP_CENTS } from '~/utils/money.ts';
import { isolate } from '~/utils/bidi.ts';

export type CartLineState = {
  quantity: number;
  unitPriceCents: number;
  stock: number;
  /** The product was deleted (anonymised) since it was added. */
  deleted: boolean;
  /** The buyer owns the product (only possible through a hand-made request or a data fix). */
  own: boolean;
};

/** Why some units of a product cannot be bought by a person now. */
export type Unbuyable = { reason: 'deleted' } | { reason: 'own' } | { reason: 'sold-out' } | { reason: 'short'; stock: number };

/**
 * The one rule for buying: whether `quantity` units of the product can be bought by this person
 * now, or why not. The cart page, adding to the cart and the checkout's reservation all ask it,
 * each wording the reason for where the shopper is.
 */
export function unbuyable(product: { stock: number; deleted: boolean; own: boolean }, quantity: number): Unbuyable | null {
  if (product.deleted) return { reason: 'deleted' };
  if (product.own) return { reason: 'own' };
  if (product.stock < 1) return { reason: 'sold-out' };
  if (quantity > product.stock) return { reason: 'short', stock: product.stock };
  return null;
}

/** Why this line cannot be checked out as it is, or null when it can. */
export function cartLineIssue(line: CartLineState): string | null {
  const issue = unbuyable(line, line.quantity);
  switch (issue?.reason) {
    case undefined:
      return null;
    case 'deleted':
      return 'This product was deleted. Remove it to check out.';
    case 'own':
      return "This is your own product: you can't buy it. Remove it to check out.";
    case 'sold-out':
      return 'This product is out of stock. Remove it to check out.';
    case 'short':
      return `Only ${issue.stock} left in stock. Lower the quantity to check out.`;
  }
}

export type CartSummary = { lineCount: number; totalCents: number; overCap: boolean; hasIssues: boolean; canCheckOut: boolean };

export function summarizeCart(lines: CartLineState[]): CartSummary {
  const totalCents = linesTotalCents(lines);
  const overCap = totalCents > ORDER_CAP_CENTS;
  const hasIssues = lines.some((line) => cartLineIssue(line) !== null);
  return { lineCount: lines.length, totalCents, overCap, hasIssues, canCheckOut: lines.length > 0 && !overCap && !hasIssues };
}

/** A change to the cart that its owner did not make (cart-notices.server.ts). */
export type CartNotice = { productName: string; reason: 'deleted' | 'stock'; fromQuantity: number; toQuantity: number };

/** What the cart page says about such a change. */
export function cartNoticeMessage({ productName, reason, fromQuantity, toQuantity }: CartNotice): string {
  if (reason === 'deleted') return `"${isolate(productName)}" was removed from your cart: its seller deleted it.`;
  if (toQuantity === 0) return `"${isolate(productName)}" was removed from your cart: its seller has none left.`;
  return `"${isolate(productName)}": only ${toQuantity} left, so your cart now has ${toQuantity} instead of ${fromQuantity}.`;
}
