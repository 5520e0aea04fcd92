// Stripe webhook events: each is stored once (unique event id) together with the job that acts on
// it, in one transaction, so a duplicate delivery is a no-op and no stored event lacks its job.
import type Stripe from 'stripe';
import { getDb } from '~/utils/db.server.ts';
import { enqueue, type QueuePayloads } from '~/utils/jobs.server.ts';
import { storeWebhookEvent } from './webhook-events.server.ts';

type EventJob =
  { queue: 'checkout-complete'; data: QueuePayloads['checkout-complete'] } | { queue: 'checkout-release'; data: QueuePayloads['checkout-release'] };

export async function recordStripeEvent(event: Stripe.Event): Promise<'recorded' | 'duplicate'> {
  return getDb().$transaction(async (tx) => {
    const stored = await storeWebhookEvent(tx, { provider: 'STRIPE', eventId: event.id, type: event.type, payload: event });
    if (!stored) return 'duplicate';
    const job = jobFor(event);
    if (job) await enqueue(tx, job.queue, job.data);
    return 'recorded';
  });
}

/** The saga step an event asks for; null for events we only keep. */
function jobFor(event: Stripe.Event): EventJob | null {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      const checkoutId = checkoutIdOf(session);
      // A delayed payment method completes the session unpaid; async_payment_succeeded follows.
      const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
      if (!checkoutId || !paid) return null;
      const intent = session.payment_intent;
      return {
        queue: 'checkout-complete',
        data: { checkoutId, paymentIntentId: typeof intent === 'string' ? intent : (intent?.id ?? null), amountTotal: session.amount_total },
      };
    }
    case 'checkout.session.expired':
    case 'checkout.session.async_payment_failed': {
      const checkoutId = checkoutIdOf(event.data.object);
      return checkoutId ? { queue: 'checkout-release', data: { checkoutId } } : null;
    }
    default:
      return null;
  }
}

function checkoutIdOf(session: Stripe.Checkout.Session): string | null {
  const id = session.metadata?.checkoutId ?? session.client_reference_id;
  // Sessions that REEN did not create (another app on the same Stripe account) are not ours.
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}
