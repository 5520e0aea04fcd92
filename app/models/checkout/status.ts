// The states of a checkout and the only moves between them (docs/decisions/016: the diagram).
// A checkout starts PENDING with its stock reserved and the buyer's money held; it ends COMPLETED
// (an order) or RELEASED (stock and money back). A payment that arrives for a RELEASED checkout is
// refunded: REFUNDED, or REFUND_FAILED while an operator must act. The database enforces the same
// moves with a trigger, so hand-written SQL cannot skip one either.
import type { CheckoutStatus } from '~/generated/prisma/enums';

export type { CheckoutStatus };

export const CHECKOUT_TRANSITIONS: Readonly<Record<CheckoutStatus, readonly CheckoutStatus[]>> = {
  PENDING: ['COMPLETED', 'RELEASED'],
  COMPLETED: [],
  RELEASED: ['REFUNDED', 'REFUND_FAILED'],
  REFUND_FAILED: ['REFUNDED'],
  REFUNDED: [],
};

export function isLegalTransition(from: CheckoutStatus, to: CheckoutStatus): boolean {
  return CHECKOUT_TRANSITIONS[from].includes(to);
}
