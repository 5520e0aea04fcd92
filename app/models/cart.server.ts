// The cart: one line per product per user. The only writer of CartItem, apart from product and
// account deletion, which remove the lines of what they delete in their own transactions.
import { Prisma } from '~/generated/prisma/client';
import { getDb } from '~/utils/db.server.ts';
import { productImageUrl } from '~/utils/images.server.ts';
import { serializable, type Tx } from '~/utils/transaction.server.ts';
import { unbuyable, type CartLineState } from './cart-rules.ts';
import { takeCartNotices } from './cart-notices.server.ts';
import { ANONYMOUS_USER_ID } from './system-accounts.ts';

/** A refused cart change: the message is for the shopper, the status for the HTTP answer. */
export class CartError extends Error {
  override name = 'CartError';
  constructor(
    readonly status: 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

type ProductFacts = { name: string; stock: number; ownerId: string };

/** The buying rule (cart-rules.ts) as a refusal of a cart change; `whenInCart` for a line already there. */
function refuseUnbuyable(product: ProductFacts, userId: string, quantity: number, whenInCart: boolean) {
  const issue = unbuyable({ stock: product.stock, deleted: product.ownerId === ANONYMOUS_USER_ID, own: product.ownerId === userId }, quantity);
  const removeIt = whenInCart ? ': remove it from your cart' : '';
  switch (issue?.reason) {
    case undefined:
      return;
    case 'deleted':
      throw new CartError(409, `This product was deleted${removeIt}.`);
    case 'own':
      throw new CartError(403, "You can't buy your own product.");
    case 'sold-out':
      throw new CartError(409, `This product is out of stock${removeIt}.`);
    case 'short':
      throw new CartError(409, `Only ${issue.stock} in stock: choose a quantity from 1 to ${issue.stock}.`);
  }
}

/**
 * Units of the product that the user's own pending checkout holds. Checking out again replaces that
 * checkout (its units go back first), so to this user they are as available as the stock itself:
 * a buyer's own reservation never makes their cart look short.
 */
async function ownReservedUnits(tx: Tx, userId: string, productId: string): Promise<number> {
  const { _sum } = await tx.checkoutLine.aggregate({ where: { productId, checkout: { openForUserId: userId } }, _sum: { quantity: true } });
  return _sum.quantity ?? 0;
}

export type AddResult = { productName: string; quantity: number; stock: number; capped: boolean };

/**
 * Adds `quantity` units to the user's line for the product (creating it), capped at the current
 * stock. Serializable, so two tabs adding at once neither lose an add nor exceed the stock: the
 * loser of a conflict is retried and sees the winner's line.
 */
export async function addToCart(userId: string, productId: string, quantity: number): Promise<AddResult> {
  return serializable(async (tx) => {
    const found = await tx.product.findUnique({ where: { id: productId }, select: { name: true, stock: true, ownerId: true } });
    if (!found) throw new CartError(404, 'This product does not exist.');
    const product = { ...found, stock: found.stock + (await ownReservedUnits(tx, userId, productId)) };
    // Adding takes what is left (capped below), so only whether any unit can be bought matters.
    refuseUnbuyable(product, userId, 1, false);
    const key = { userId_productId: { userId, productId } };
    const line = await tx.cartItem.findUnique({ where: key, select: { quantity: true } });
    const wanted = (line?.quantity ?? 0) + quantity;
    const newQuantity = Math.min(wanted, product.stock);
    await tx.cartItem.upsert({ where: key, create: { userId, productId, quantity: newQuantity }, update: { quantity: newQuantity } });
    return { productName: product.name, quantity: newQuantity, stock: product.stock, capped: wanted > product.stock };
  });
}

/** Sets the quantity of one of the user's lines; refuses more than the stock, changing nothing. */
export async function updateCartLine(userId: string, lineId: string, quantity: number): Promise<{ productName: string; quantity: number }> {
  return serializable(async (tx) => {
    const line = await tx.cartItem.findFirst({
      where: { id: lineId, userId },
      select: { productId: true, product: { select: { name: true, stock: true, ownerId: true } } },
    });
    if (!line) throw new CartError(404, 'This line is not in your cart.');
    const product = { ...line.product, stock: line.product.stock + (await ownReservedUnits(tx, userId, line.productId)) };
    refuseUnbuyable(product, userId, quantity, true);
    await tx.cartItem.update({ where: { id: lineId }, data: { quantity } });
    return { productName: product.name, quantity };
  });
}

/** Removes one of the user's lines; someone else's line is "not in your cart". */
export async function removeCartLine(userId: string, lineId: string): Promise<{ productName: string }> {
  try {
    const removed = await getDb().cartItem.delete({ where: { id: lineId, userId }, select: { product: { select: { name: true } } } });
    return { productName: removed.product.name };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') {
      throw new CartError(404, 'This line is not in your cart.');
    }
    throw error;
  }
}

export type CartLine = CartLineState & { id: string; productId: string; productName: string; imageId: string | null };

/**
 * The user's cart as the cart page shows it, oldest line first, and the pending checkout if any.
 * A line's stock counts the units the user's own pending checkout holds (see ownReservedUnits).
 */
/**
 * The cart as its page and the header's drawer show it: the lines with their image's address, the
 * pending checkout, and what changed since the shopper last looked (handed out once).
 */
export async function cartView(userId: string) {
  const [{ lines, pendingCheckoutId }, notices] = await Promise.all([getCart(userId), takeCartNotices(userId)]);
  return {
    notices,
    lines: lines.map(({ imageId, ...line }) => ({ ...line, imageUrl: imageId ? productImageUrl(imageId) : null })),
    pendingCheckoutId,
  };
}

export type CartView = Awaited<ReturnType<typeof cartView>>;

export async function getCart(userId: string): Promise<{ lines: CartLine[]; pendingCheckoutId: string | null }> {
  const db = getDb();
  const [items, pending] = await Promise.all([
    db.cartItem.findMany({
      where: { userId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        quantity: true,
        product: { select: { id: true, name: true, priceCents: true, stock: true, ownerId: true, imageIds: true } },
      },
    }),
    db.checkout.findFirst({
      where: { openForUserId: userId, status: 'PENDING' },
      select: { id: true, lines: { select: { productId: true, quantity: true } } },
    }),
  ]);
  const ownReserved = new Map<string, number>();
  for (const line of pending?.lines ?? []) if (line.productId) ownReserved.set(line.productId, (ownReserved.get(line.productId) ?? 0) + line.quantity);
  const lines = items.map(({ id, quantity, product }) => ({
    id,
    quantity,
    productId: product.id,
    productName: product.name,
    unitPriceCents: product.priceCents,
    stock: product.stock + (ownReserved.get(product.id) ?? 0),
    deleted: product.ownerId === ANONYMOUS_USER_ID,
    own: product.ownerId === userId,
    imageId: product.imageIds[0] ?? null,
  }));
  return { lines, pendingCheckoutId: pending?.id ?? null };
}
