// Reconciliation with the payment provider, and what is left for an operator. Webhooks can be lost
// (an outage longer than Stripe's retries, a misconfigured endpoint): a scheduled job asks the
// provider for its recent sessions and feeds every payment or expiry we have not acted on into the
// same jobs a webhook would have queued. Refunds that failed for good are listed for a person.
import { getDb } from '~/utils/db.server.ts';
import { enqueue } from '~/utils/jobs.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { paymentProvider } from '~/utils/payments/configured.server.ts';

const LOOKBACK_HOURS = 24;
/** One reconciliation job per checkout per window, however often the schedule finds it. */
const ONE_JOB_PER_SECONDS = 600;

export type Reconciliation = { sessions: number; completions: number; releases: number };

/**
 * Paid sessions whose checkout is still pending (or was released meanwhile: the payment is then
 * refunded) go to checkout-complete; expired, unpaid sessions of pending checkouts go to
 * checkout-release. Sessions of checkouts we do not know (another app on the account) are ignored.
 */
export async function reconcilePayments(now = new Date()): Promise<Reconciliation> {
  const sessions = await paymentProvider().listRecentSessions(new Date(now.getTime() - LOOKBACK_HOURS * 3600_000));
  const checkoutIds = sessions.flatMap((session) => (session.checkoutId && /^[0-9a-f-]{36}$/i.test(session.checkoutId) ? [session.checkoutId] : []));
  const checkouts = new Map(
    (await getDb().checkout.findMany({ where: { id: { in: checkoutIds } }, select: { id: true, status: true } })).map((checkout) => [
      checkout.id,
      checkout.status,
    ]),
  );
  let completions = 0;
  let releases = 0;
  for (const session of sessions) {
    const status = session.checkoutId ? checkouts.get(session.checkoutId) : undefined;
    if (!status) continue;
    const checkoutId = session.checkoutId!;
    if (session.paid && (status === 'PENDING' || status === 'RELEASED')) {
      const payment = { checkoutId, paymentIntentId: session.paymentIntentId, amountTotal: session.amountTotal };
      const sent = await getDb().$transaction((tx) =>
        enqueue(tx, 'checkout-complete', payment, { singletonKey: `reconcile:${checkoutId}`, singletonSeconds: ONE_JOB_PER_SECONDS }),
      );
      if (sent) completions++;
    } else if (!session.paid && session.status === 'expired' && status === 'PENDING') {
      const sent = await getDb().$transaction((tx) =>
        enqueue(tx, 'checkout-release', { checkoutId }, { singletonKey: `reconcile:${checkoutId}`, singletonSeconds: ONE_JOB_PER_SECONDS }),
      );
      if (sent) releases++;
    }
  }
  if (completions || releases) {
    logger().warn({ completions, releases }, 'payments and expiries had not arrived as webhooks: queued now');
  }
  return { sessions: sessions.length, completions, releases };
}

/** Checkouts whose payment could not be refunded after every retry: an operator must act. */
export function refundFailedCheckouts() {
  return getDb().checkout.findMany({
    where: { status: 'REFUND_FAILED' },
    orderBy: { updatedAt: 'asc' },
    select: {
      id: true,
      totalCents: true,
      paymentProvider: true,
      paymentSessionId: true,
      paymentIntentId: true,
      updatedAt: true,
      buyer: { select: { id: true, name: true, email: true } },
    },
  });
}
