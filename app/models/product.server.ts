// Products as their seller manages them: create, update, delete (or anonymise). This module and
// the demo seed are the only writers of the Product table (the checkout saga moves its stock).
// Every change re-reads the seller's role and the product's owner inside its SERIALIZABLE
// transaction and pays its listing fee there (docs/fees.md), so a concurrent step-down, update,
// reservation or purchase is seen and no fee is lost.
import { randomUUID } from 'node:crypto';
import { isUuid, requireUuid } from '~/utils/ids.server.ts';
import type { Role } from '~/generated/prisma/enums';
import type { Prisma } from '~/generated/prisma/client';
import { getDb } from '~/utils/db.server.ts';
import { creationFeeCents, listingValueCents, productUpdateFee } from '~/utils/fees.ts';
import { quantityRange, type ProductInput } from './product-input.ts';
import { preferIndexScans, serializable, type Tx } from '~/utils/transaction.server.ts';
import { lowerCartLinesToStock, removeCartLinesWithNotice, removeOwnersCartLinesWithNotice } from './cart-notices.server.ts';
import { payFee } from './ledger.server.ts';
import { ANONYMOUS_USER_ID } from './system-accounts.ts';

/** Unknown id, or a deleted (anonymised) product: there is nothing to manage. */
export class ProductNotFoundError extends Error {
  override name = 'ProductNotFoundError';
  constructor(readonly deleted = false) {
    super(deleted ? 'This product was deleted.' : 'Product not found.');
  }
}

/** The person may not manage this product (or any): the message says why. */
export class ProductForbiddenError extends Error {
  override name = 'ProductForbiddenError';
}

/** The quantity is out of the range the product's stock allows now: the message says which. */
export class ProductQuantityError extends Error {
  override name = 'ProductQuantityError';
}

export const NOT_AN_ADMIN = 'Only ADMINs can sell. Become an ADMIN from your profile first.';
export const NOT_AN_ADMIN_ANY_MORE = 'You are not an ADMIN any more: become an ADMIN again to change your products.';
export const NOT_YOURS = 'This product belongs to another seller: only its owner can change it.';

type Actor = { id: string; role: Role };
type Managed = { ownerId: string };

/** Why `actor` may not change `product`, or null when they may. Deleted products never reach here. */
function refusalToManage(actor: Actor | null, product: Managed): string | null {
  if (!actor || product.ownerId !== actor.id) return NOT_YOURS;
  if (actor.role !== 'ADMIN') return NOT_AN_ADMIN_ANY_MORE;
  return null;
}

/** What a product's owner edits, and what the edit form starts from. */
const MANAGED_FIELDS = {
  id: true,
  name: true,
  description: true,
  priceCents: true,
  stock: true,
  imageIds: true,
  ownerId: true,
  chargedGrowthCents: true,
} as const satisfies Prisma.ProductSelect;

async function readActor(tx: Tx, actorId: string): Promise<Actor | null> {
  return tx.user.findFirst({ where: { id: actorId, deletedAt: null }, select: { id: true, role: true } });
}

/** The product `actorId` is about to change, after checking it exists and is theirs to change. */
async function readManaged(tx: Tx, actorId: string, productId: string) {
  if (!isUuid(productId)) throw new ProductNotFoundError();
  const product = await tx.product.findUnique({ where: { id: productId }, select: MANAGED_FIELDS });
  if (!product) throw new ProductNotFoundError();
  if (product.ownerId === ANONYMOUS_USER_ID) throw new ProductNotFoundError(true);
  const refusal = refusalToManage(await readActor(tx, actorId), product);
  if (refusal) throw new ProductForbiddenError(refusal);
  return product;
}

/** For the edit and delete pages: the product, if `actorId` may change it (else the same errors as the changes). */
export async function findProductToManage(actorId: string, productId: string) {
  return readManaged(getDb(), requireUuid(actorId, 'a user id'), productId);
}

async function requireSeller(tx: Tx, actorId: string) {
  const actor = await readActor(tx, actorId);
  if (actor?.role !== 'ADMIN') throw new ProductForbiddenError(NOT_AN_ADMIN);
}

/** Exactly `count` image ids: the existing ones first (kept), new ones added or the last ones dropped. */
export function resizeImageIds(imageIds: readonly string[], count: number): string[] {
  const kept = imageIds.slice(0, count);
  return [...kept, ...Array.from({ length: count - kept.length }, () => randomUUID())];
}

/** Lists a new product and charges its listing fee, or changes nothing. */
export async function createProduct(sellerId: string, input: ProductInput) {
  const ownerId = requireUuid(sellerId, 'a user id');
  return serializable(async (tx) => {
    await requireSeller(tx, ownerId);
    const { id } = await tx.product.create({
      data: {
        name: input.name,
        description: input.description,
        priceCents: input.priceCents,
        stock: input.quantity,
        imageIds: resizeImageIds([], input.imageCount),
        ownerId,
        chargedGrowthCents: listingValueCents(input),
      },
      select: { id: true },
    });
    const feeCents = creationFeeCents(input.priceCents, input.quantity);
    await payFee(tx, { kind: 'LISTING_FEE', userId: ownerId, amountCents: feeCents, productId: id, memo: input.name });
    await recordPriceChange(tx, { productId: id, oldPriceCents: null, newPriceCents: input.priceCents, feeCents });
    return { id, feeCents };
  });
}

/**
 * Changes a product and charges the fee on the growth of the value on sale: price x the units the
 * seller owns, the ones pending checkouts hold included (a release gives them back at the price of
 * the day, so a raise is charged on them now). Computed from the rows as this transaction reads
 * them: of two concurrent updates, the second is retried and pays on top of the first, and a
 * reservation or release in between (it writes the product's stock) makes one of them retry too.
 * The quantity's range depends on the stock, so it is checked against that row too.
 */
export async function updateProduct(sellerId: string, productId: string, input: ProductInput) {
  const ownerId = requireUuid(sellerId, 'a user id');
  return serializable(async (tx) => {
    const product = await readManaged(tx, ownerId, productId);
    const range = quantityRange('update', product.stock);
    if (input.quantity < range.min || input.quantity > range.max) throw new ProductQuantityError(range.message);
    const reservedUnits = await reservedUnitsInTx(tx, product.id);
    const { growthCents, feeCents } = productUpdateFee({ ...product, reservedUnits }, input);
    await tx.product.update({
      where: { id: product.id, ownerId },
      data: {
        name: input.name,
        description: input.description,
        priceCents: input.priceCents,
        stock: input.quantity,
        imageIds: resizeImageIds(product.imageIds, input.imageCount),
        chargedGrowthCents: product.chargedGrowthCents + BigInt(growthCents),
      },
    });
    await payFee(tx, { kind: 'LISTING_FEE', userId: ownerId, amountCents: feeCents, productId: product.id, memo: `${input.name} (update)` });
    if (input.priceCents !== product.priceCents) {
      await recordPriceChange(tx, { productId: product.id, oldPriceCents: product.priceCents, newPriceCents: input.priceCents, feeCents });
    }
    if (input.quantity < product.stock) await lowerCartLinesToStock(tx, product.id, input.name, input.quantity);
    // A small growth can leave no fee yet (it is carried): the seller is told so, not that nothing grew.
    return { feeCents, grew: growthCents > 0 };
  });
}

/**
 * One line of the product's price history, in the transaction that set the price: the edit and its
 * line commit or roll back together. `changedAt` is for the demo seed, which backdates its history.
 */
export async function recordPriceChange(
  tx: Tx,
  change: { productId: string; oldPriceCents: number | null; newPriceCents: number; feeCents: number; changedAt?: Date },
) {
  await tx.productPriceChange.create({ data: change });
}

/**
 * Units of the product held by pending checkouts: taken out of its stock, back in it if they are
 * not paid. Found through the index on CheckoutLine.productId, so that an update's transaction
 * reads (and predicate-locks) this product's lines only, not every checkout's.
 */
async function reservedUnitsInTx(tx: Tx, productId: string): Promise<number> {
  const { _sum } = await tx.checkoutLine.aggregate({ where: { productId, checkout: { status: 'PENDING' } }, _sum: { quantity: true } });
  return _sum.quantity ?? 0;
}

/** Units of the product held by pending checkouts (see reservedUnitsInTx). */
export async function reservedUnits(productId: string): Promise<number> {
  return reservedUnitsInTx(getDb(), productId);
}

export type DeletionOutcome = 'deleted' | 'anonymised';

/** Orders and pending checkouts keep a product alive (anonymised); released or refunded checkouts do not. */
async function deletionOutcome(tx: Tx, productId: string): Promise<DeletionOutcome> {
  const orderItems = await tx.orderItem.count({ where: { productId } });
  const pendingLines = await tx.checkoutLine.count({ where: { productId, checkout: { status: 'PENDING' } } });
  return orderItems + pendingLines === 0 ? 'deleted' : 'anonymised';
}

/**
 * Takes every product of `ownerId` off sale at once (deleting the account), with the same rule as
 * removeProductInTx, notices included: three statements whatever the number of products, so the deletion's
 * transaction stays short while the shop is busy.
 */
export async function removeAllProductsInTx(tx: Tx, ownerId: string): Promise<{ deleted: number; anonymised: number }> {
  const owner = requireUuid(ownerId, 'a user id');
  await removeOwnersCartLinesWithNotice(tx, owner);
  const anonymised = await tx.$executeRaw`
    UPDATE "Product" AS product SET "ownerId" = ${ANONYMOUS_USER_ID}::uuid, "updatedAt" = ${new Date().toISOString()}::timestamp(3)
    WHERE product."ownerId" = ${owner}::uuid
      AND (EXISTS (SELECT 1 FROM "OrderItem" AS item WHERE item."productId" = product.id)
        OR EXISTS (SELECT 1 FROM "CheckoutLine" AS line JOIN "Checkout" AS checkout ON checkout.id = line."checkoutId"
                   WHERE line."productId" = product.id AND checkout.status = 'PENDING'))`;
  const deleted = await tx.$executeRaw`DELETE FROM "Product" WHERE "ownerId" = ${owner}::uuid`;
  return { deleted, anonymised };
}

/** What deleting would do now, for the confirmation page. */
export async function previewDeletion(productId: string): Promise<DeletionOutcome> {
  return deletionOutcome(getDb(), productId);
}

/** Takes one of the seller's products off sale (see removeProductInTx), after checking it is theirs to change. */
export async function deleteProduct(sellerId: string, productId: string): Promise<{ outcome: DeletionOutcome }> {
  const ownerId = requireUuid(sellerId, 'a user id');
  return serializable(async (tx) => {
    await preferIndexScans(tx);
    const product = await readManaged(tx, ownerId, productId);
    return { outcome: await removeProductInTx(tx, ownerId, product.id) };
  });
}

/**
 * Takes a product of `ownerId` off sale, in the caller's transaction (deleting a product, deleting an
 * account): every cart line for it goes (anyone's); then it is deleted, or, when an order or a
 * pending checkout refers to it, handed to the ANONYMOUS user so that history keeps it.
 */
export async function removeProductInTx(tx: Tx, ownerId: string, productId: string): Promise<DeletionOutcome> {
  const owner = requireUuid(ownerId, 'a user id');
  // Like an owner id: an undefined product id would make the cart statement below match every line.
  requireUuid(productId, 'a product id');
  await removeCartLinesWithNotice(tx, productId);
  const outcome = await deletionOutcome(tx, productId);
  if (outcome === 'deleted') {
    await tx.product.delete({ where: { id: productId, ownerId: owner } });
  } else {
    await tx.product.update({ where: { id: productId, ownerId: owner }, data: { ownerId: ANONYMOUS_USER_ID } });
  }
  return outcome;
}
