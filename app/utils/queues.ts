// Every pg-boss queue, its payload and its policy, in one place. Web and worker both read this.
// Expiry is short (JOB_EXPIRE_SECONDS): a job whose worker died comes back within seconds.
// After the last retry a job moves to the dead-letter queue, from where it can be replayed.
import type { Queue } from 'pg-boss';

/**
 * A payment the provider reports for a checkout (by a webhook, the return page, the sweep or the
 * reconciliation): what the checkout jobs carry.
 */
export type Payment = { checkoutId: string; paymentIntentId: string | null; amountTotal: number | null };

export type QueuePayloads = {
  /**
   * The messages queued together (an order's confirmation and sale notices). `{ emailId }` is one
   * message, as queued before one job carried several: still delivered, for jobs queued before an
   * upgrade (they are retried for about an hour at most, then dead-lettered and replayable).
   */
  'send-email': { emailIds: string[] } | { emailId: string };
  /** checkout.session.completed: complete the checkout. Dead-lettered into compensation. */
  'checkout-complete': Payment;
  /** checkout.session.expired or async_payment_failed: settle the checkout by the provider's state. */
  'checkout-release': { checkoutId: string };
  /** Release and refund a payment that cannot be fulfilled. Dead-lettered into checkout-refund-failed. */
  'checkout-compensate': Payment;
  /** A refund that failed for good: marks the checkout REFUND_FAILED and alerts an operator. */
  'checkout-refund-failed': Payment;
  /** Clerk's user.created / user.updated: make the local user match Clerk's current state. */
  'clerk-user-sync': { clerkId: string };
  /** Clerk's user.deleted: delete the account here (and remember the Clerk id). */
  'clerk-user-delete': { clerkId: string };
  /**
   * The built-in test payment provider's event, delivered again until our webhook accepts it (as
   * Stripe retries): queued with every event, dropped once the first delivery is accepted.
   */
  'test-payment-webhook': { sessionId: string; payload: string };
  /** Scheduled every minute: settles pending checkouts past their reservation. */
  'checkout-sweep': Record<string, never>;
  /** Scheduled every ten minutes: asks the payment provider for payments and expiries we missed. */
  'checkout-reconcile': Record<string, never>;
  /** Scheduled hourly: forgets rate limit windows that ended long ago. */
  'rate-limits-prune': Record<string, never>;
  /** Scheduled hourly: forgets demo sign-in sessions that expired. */
  'sessions-prune': Record<string, never>;
  /** Scheduled every five minutes: the economy's daily rollups, from the ledger entries since the last run. */
  'economy-rollup': Record<string, never>;
  'dead-letter': Record<string, unknown>;
};

export type QueueName = keyof QueuePayloads;

export const DEAD_LETTER_QUEUE: QueueName = 'dead-letter';

type Policy = { expireInSeconds: number; retryLimit: number; retryDelay: number };

export function queuePolicies(policy: Policy): Record<QueueName, Omit<Queue, 'name'>> {
  const retried = { ...policy, retryBackoff: true, retryDelayMax: 300, deadLetter: DEAD_LETTER_QUEUE };
  return {
    // An SMTP outage can last a while: 20 retries, backing off to 5 minutes apart, span about an
    // hour before a message goes to the dead-letter queue for an operator.
    'send-email': { ...retried, retryLimit: Math.max(policy.retryLimit, 20) },
    'checkout-complete': { ...retried, deadLetter: 'checkout-compensate' },
    'checkout-release': retried,
    'checkout-compensate': { ...retried, deadLetter: 'checkout-refund-failed' },
    'checkout-refund-failed': retried,
    'clerk-user-sync': retried,
    'clerk-user-delete': retried,
    // Backing off to 5 minutes apart, 10 retries span about 20 minutes; the reconciliation covers longer outages.
    'test-payment-webhook': { ...retried, retryLimit: Math.max(policy.retryLimit, 10) },
    // A scheduled job that fails is simply run again by the next schedule.
    'checkout-sweep': { ...policy, retryLimit: 0, deadLetter: DEAD_LETTER_QUEUE },
    'checkout-reconcile': { ...policy, retryLimit: 0, deadLetter: DEAD_LETTER_QUEUE },
    'rate-limits-prune': { ...policy, retryLimit: 0, deadLetter: DEAD_LETTER_QUEUE },
    'sessions-prune': { ...policy, retryLimit: 0, deadLetter: DEAD_LETTER_QUEUE },
    // The first run after a long pause recomputes many days: more time than the other schedules.
    'economy-rollup': { ...policy, expireInSeconds: Math.max(policy.expireInSeconds, 300), retryLimit: 0, deadLetter: DEAD_LETTER_QUEUE },
    // Kept for a month for an operator to inspect and replay; never retried by itself.
    'dead-letter': { retryLimit: 0, retentionSeconds: 30 * 24 * 3600, deleteAfterSeconds: 30 * 24 * 3600 },
  };
}
