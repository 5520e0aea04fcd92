// Deleting an account (docs/product-rules.md, section 8), in one SERIALIZABLE transaction: open checkouts
// released, the cart emptied, every cart line for the person's products removed, their products
// deleted or (when history refers to them) anonymised, their orders kept, the person anonymised and
// their balance moved to the platform. Every statement is scoped to one checked user id: an empty
// filter would touch every row (the original's worst bug).
import { requireUuid } from '~/utils/ids.server.ts';
import type { Prisma } from '~/generated/prisma/client';
import { getDb } from '~/utils/db.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { paymentProvider } from '~/utils/payments/configured.server.ts';
import { preferIndexScans, serializable, type Tx } from '~/utils/transaction.server.ts';
import { releaseCheckoutInTx } from './checkout/release.server.ts';
import { settleWithProvider } from './checkout/settle.server.ts';
import { closeAccountBalance } from './ledger.server.ts';
import { removeAllProductsInTx } from './product.server.ts';
import { PERSON_ROLES } from './system-accounts.ts';
import { revokeSignInsInTx } from './user-session.server.ts';

export const DELETED_USER_NAME = 'Deleted user';

export type AccountDeletion = {
  productsDeleted: number;
  productsAnonymised: number;
  checkoutsReleased: number;
  /** What went to the platform, in cents. */
  balanceMovedCents: number;
};

/**
 * Deleting an account reads and writes more rows than any other transaction (its products and
 * everyone's cart lines and checkouts of them, its own cart and checkouts), so while the shop is
 * busy it meets a concurrent writer more often: it gets twice the usual attempts before "busy".
 */
const DELETION_RETRIES = { attempts: 60 };

/** What deleting the account would do now, for the confirmation page. */
export async function previewAccountDeletion(userId: string) {
  const id = requireUuid(userId, 'a user id');
  const db = getDb();
  const [user, products, keptProducts, cartLines, openCheckouts] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id }, select: { balanceCents: true } }),
    db.product.count({ where: { ownerId: id } }),
    db.product.count({
      where: { ownerId: id, OR: [{ orderItems: { some: {} } }, { checkoutLines: { some: { checkout: { status: 'PENDING' } } } }] },
    }),
    db.cartItem.count({ where: { userId: id } }),
    db.checkout.count({ where: { buyerId: id, status: 'PENDING' } }),
  ]);
  return {
    productsDeleted: products - keptProducts,
    productsAnonymised: keptProducts,
    cartLines,
    openCheckouts,
    balanceCents: Number(user.balanceCents),
  };
}

/** Deletes the person's account here. Null when there is nothing to delete (already deleted, unknown). */
export async function deleteAccount(userId: string): Promise<AccountDeletion | null> {
  const id = requireUuid(userId, 'a user id');
  const settledFirst = await settleOpenCheckouts({ buyerId: id });
  const result = await serializable((tx) => deleteAccountInTx(tx, id), DELETION_RETRIES);
  await expirePaymentSessions(result?.releasedSessionIds ?? []);
  return result && summary(result, settledFirst);
}

/**
 * Clerk's user.deleted (and the profile's form in Clerk mode): the Clerk id is remembered first, so
 * that a late user.created or user.updated, or a first request still carrying a valid token, cannot
 * bring the user back, even when no local row exists yet. Deleting twice changes nothing.
 */
export async function deleteClerkAccount(clerkId: string): Promise<AccountDeletion | null> {
  if (!clerkId) throw new RangeError('a Clerk user id is required');
  const settledFirst = await settleOpenCheckouts({ buyer: { clerkId } });
  const result = await serializable(async (tx) => {
    await tx.deletedClerkId.createMany({ data: [{ clerkId }], skipDuplicates: true });
    const user = await tx.user.findUnique({ where: { clerkId }, select: { id: true } });
    return user ? deleteAccountInTx(tx, user.id) : null;
  }, DELETION_RETRIES);
  await expirePaymentSessions(result?.releasedSessionIds ?? []);
  return result && summary(result, settledFirst);
}

type InTxResult = AccountDeletion & { releasedSessionIds: string[] };

async function deleteAccountInTx(tx: Tx, userId: string): Promise<InTxResult | null> {
  const id = requireUuid(userId, 'a user id');
  await preferIndexScans(tx);
  const user = await tx.user.findUnique({ where: { id }, select: { role: true, clerkId: true, deletedAt: true } });
  if (!user || user.deletedAt || !PERSON_ROLES.includes(user.role)) return null;

  // Their own pending checkouts: stock and held money back, before the balance is closed.
  const pending = await tx.checkout.findMany({ where: { buyerId: id, status: 'PENDING' }, select: { id: true, paymentSessionId: true } });
  for (const checkout of pending) await releaseCheckoutInTx(tx, checkout.id);

  await tx.cartItem.deleteMany({ where: { userId: id } });

  const { deleted: productsDeleted, anonymised: productsAnonymised } = await removeAllProductsInTx(tx, id);

  const balanceMovedCents = await closeAccountBalance(tx, id);
  await revokeSignInsInTx(tx, id);
  await tx.user.update({ where: { id }, data: { name: DELETED_USER_NAME, email: null, clerkId: null, deletedAt: new Date() } });
  if (user.clerkId) await tx.deletedClerkId.createMany({ data: [{ clerkId: user.clerkId }], skipDuplicates: true });

  return {
    productsDeleted,
    productsAnonymised,
    checkoutsReleased: pending.length,
    balanceMovedCents,
    releasedSessionIds: pending.flatMap((checkout) => (checkout.paymentSessionId ? [checkout.paymentSessionId] : [])),
  };
}

/**
 * Before the account goes, its open checkouts are settled with the payment provider: a checkout
 * paid a moment ago becomes an order (kept, like every order) instead of a refund. One that cannot
 * be settled now (provider unreachable) is released by the deletion and refunded if it was paid.
 */
async function settleOpenCheckouts(where: Prisma.CheckoutWhereInput): Promise<number> {
  const pending = await getDb().checkout.findMany({ where: { ...where, status: 'PENDING' }, select: { id: true } });
  let released = 0;
  for (const checkout of pending) {
    try {
      if ((await settleWithProvider(checkout.id, { expire: true })).outcome === 'released') released++;
    } catch (error) {
      logger().error({ err: error, checkoutId: checkout.id }, 'could not settle a checkout before deleting its buyer');
    }
  }
  return released;
}

/** A released checkout's payment page must not take money any more (a payment that slips through is refunded). */
async function expirePaymentSessions(sessionIds: string[]) {
  for (const sessionId of sessionIds) {
    try {
      await paymentProvider().expireSession(sessionId);
    } catch (error) {
      logger().error({ err: error, sessionId }, 'could not expire a payment session');
    }
  }
}

/** What the deletion did, counting the checkouts released as they were settled just before it. */
function summary({ productsDeleted, productsAnonymised, checkoutsReleased, balanceMovedCents }: InTxResult, releasedBefore: number): AccountDeletion {
  return { productsDeleted, productsAnonymised, checkoutsReleased: checkoutsReleased + releasedBefore, balanceMovedCents };
}
