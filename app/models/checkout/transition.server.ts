// The one way a checkout's status changes, but for the completion's single statement (which checks
// the same rule: statements.server.ts). A conditional UPDATE: it moves the checkout only if it is
// still in `from`, so of two steps racing for one checkout exactly one wins and the other sees false.
import type { Prisma } from '~/generated/prisma/client';
import type { Tx } from '~/utils/transaction.server.ts';
import { isLegalTransition, type CheckoutStatus } from './status.ts';

export class IllegalTransitionError extends Error {
  override name = 'IllegalTransitionError';
  constructor(
    readonly from: CheckoutStatus | readonly CheckoutStatus[],
    readonly to: CheckoutStatus,
  ) {
    super(`a checkout cannot go from ${String(from)} to ${to}`);
  }
}

/** Throws unless every `from` may move to `to`. */
function assertTransition(from: CheckoutStatus | readonly CheckoutStatus[], to: CheckoutStatus) {
  const sources = typeof from === 'string' ? [from] : from;
  if (!sources.every((source) => isLegalTransition(source, to))) throw new IllegalTransitionError(from, to);
}

type Extra = Omit<Prisma.CheckoutUpdateManyMutationInput, 'status'>;

/** Moves the checkout from `from` (one status or any of several) to `to`; false when it was in none of them. */
export async function transition(
  tx: Tx,
  checkoutId: string,
  from: CheckoutStatus | readonly CheckoutStatus[],
  to: CheckoutStatus,
  extra: Extra = {},
): Promise<boolean> {
  assertTransition(from, to);
  // Every transition leaves PENDING behind: a settled checkout no longer counts as its buyer's open one.
  const { count } = await tx.checkout.updateMany({
    where: { id: checkoutId, status: typeof from === 'string' ? from : { in: [...from] } },
    data: { openForUserId: null, ...extra, status: to },
  });
  return count === 1;
}
