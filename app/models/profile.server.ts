// A person's profile: their money and activity figures, and the ledger entries that concern them.
import type { Prisma } from '~/generated/prisma/client';
import type { CheckoutStatus, LedgerKind } from '~/generated/prisma/enums';
import { getDb } from '~/utils/db.server.ts';
import { pageInParallelWithTotal, type PageWindow } from '~/utils/list-params.ts';
import { centsToNumber } from '~/utils/money.ts';
import { PERSON_ROLES } from './system-accounts.ts';

/** A person's figures, or null for an unknown id, a system row or a deleted account. */
export async function getProfile(userId: string) {
  const db = getDb();
  const [user, productsCount] = await Promise.all([
    db.user.findFirst({
      where: { id: userId, role: { in: PERSON_ROLES }, deletedAt: null },
      select: {
        id: true,
        name: true,
        role: true,
        balanceCents: true,
        amountSpentCents: true,
        amountGainedCents: true,
        purchasesCount: true,
        salesCount: true,
      },
    }),
    db.product.count({ where: { ownerId: userId } }),
  ]);
  if (!user) return null;
  return {
    ...user,
    balanceCents: centsToNumber(user.balanceCents),
    amountSpentCents: centsToNumber(user.amountSpentCents),
    amountGainedCents: centsToNumber(user.amountGainedCents),
    productsCount,
  };
}

export type Transaction = {
  id: string;
  createdAt: Date;
  kind: LedgerKind;
  /** Positive when the money came to the user, negative when it left them. */
  signedCents: number;
  productName: string | null;
  memo: string | null;
  /** The status of the checkout a HOLD or RELEASE entry belongs to: the hold of a paid one was a purchase. */
  checkoutStatus: CheckoutStatus | null;
  /** The order the entry's checkout became, once it completed. */
  orderId: string | null;
};

/** The user's ledger entries (money in or out), newest first, one page of them. */
export async function listTransactions(userId: string, page: number, perPage: number) {
  const db = getDb();
  const where: Prisma.LedgerEntryWhereInput = { OR: [{ fromUserId: userId }, { toUserId: userId }] };
  const pageOf = async (window: PageWindow) => {
    const entries = await db.ledgerEntry.findMany({
      where,
      select: {
        id: true,
        createdAt: true,
        kind: true,
        amountCents: true,
        toUserId: true,
        memo: true,
        product: { select: { name: true } },
        checkout: { select: { status: true, order: { select: { id: true } } } },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: window.skip,
      take: window.perPage,
    });
    return entries.map((entry): Transaction => {
      const cents = centsToNumber(entry.amountCents);
      return {
        id: entry.id,
        createdAt: entry.createdAt,
        kind: entry.kind,
        signedCents: entry.toUserId === userId ? cents : -cents,
        productName: entry.product?.name ?? null,
        memo: entry.memo,
        checkoutStatus: entry.checkout?.status ?? null,
        orderId: entry.checkout?.order?.id ?? null,
      };
    });
  };
  return pageInParallelWithTotal({ page, perPage }, db.ledgerEntry.count({ where }), pageOf, 'transactions');
}
