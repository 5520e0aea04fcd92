// The saga's one decision: what the payment provider says about a checkout's session decides what
// becomes of the checkout. Paid: it completes (or, if it was released meanwhile, the payment is
// refunded). Still open: nothing, it can still be paid. Closed (expired, failed, never opened):
// it is released. Every step that learns the provider's state settles through here: the webhook
// jobs, the return page, the cancel, the sweep, a newer checkout replacing it, account deletion and
// the reconciliation (through the jobs). Nothing releases a checkout whose session it has not asked about.
import { getDb } from '~/utils/db.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { paymentProvider } from '~/utils/payments/configured.server.ts';
import { PaymentSessionNotFoundError, type SessionState } from '~/utils/payments/provider.server.ts';
import { completeCheckout, type CompletionOutcome } from './complete.server.ts';
import { releaseCheckout } from './release.server.ts';

export type ProviderState = { kind: 'paid'; paymentIntentId: string | null; amountTotal: number | null } | { kind: 'open' } | { kind: 'closed' };

export type Settlement = CompletionOutcome | { outcome: 'released' | 'not-pending' | 'still-open' };

/** What a session's state means for its checkout. */
function providerStateOf(session: SessionState): ProviderState {
  if (session.paid) return { kind: 'paid', paymentIntentId: session.paymentIntentId, amountTotal: session.amountTotal };
  return session.status === 'open' ? { kind: 'open' } : { kind: 'closed' };
}

export async function settle(checkoutId: string, state: ProviderState): Promise<Settlement> {
  switch (state.kind) {
    case 'paid':
      return completeCheckout({ checkoutId, paymentIntentId: state.paymentIntentId, amountTotal: state.amountTotal });
    case 'open':
      return { outcome: 'still-open' };
    case 'closed':
      return { outcome: (await releaseCheckout(checkoutId)) ? 'released' : 'not-pending' };
  }
}

/**
 * Asks the provider about a pending checkout's session and settles by its answer. With `expire`,
 * the session is closed first (cancel, sweep, replacement), so the answer is final: paid, or
 * never payable again. A checkout that never got a session was never payable. A provider that
 * cannot be reached throws, and the checkout stays as it was.
 */
export async function settleWithProvider(checkoutId: string, { expire }: { expire: boolean }): Promise<Settlement> {
  const checkout = await getDb().checkout.findUnique({ where: { id: checkoutId }, select: { status: true, paymentSessionId: true } });
  if (!checkout) return { outcome: 'unknown-checkout' };
  if (checkout.status !== 'PENDING') return { outcome: 'not-pending' };
  if (!checkout.paymentSessionId) return settle(checkoutId, { kind: 'closed' });
  const provider = paymentProvider();
  const sessionId = checkout.paymentSessionId;
  try {
    const session = expire ? await provider.expireSession(sessionId) : await provider.retrieveSession(sessionId);
    return await settle(checkoutId, providerStateOf(session));
  } catch (error) {
    if (!(error instanceof PaymentSessionNotFoundError)) throw error;
    // Not an outage: the provider says the session does not exist, so it was never payable.
    logger().error({ err: error, checkoutId, sessionId }, expire ? 'could not expire a payment session' : 'could not retrieve a payment session');
    return settle(checkoutId, { kind: 'closed' });
  }
}
