// The Stripe-shaped event the built-in test payment provider sends when a session changes. The
// load test and the benchmark, which play the provider's webhook themselves, build it here too.
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

export type TestSessionEventType = 'checkout.session.completed' | 'checkout.session.expired';

type SessionFacts = { id: string; status: string; paymentIntentId: string | null; amountTotal: number; checkoutId: string };

export function testSessionEvent(session: SessionFacts, type: TestSessionEventType) {
  return {
    id: `evt_test_${randomBytes(12).toString('hex')}`,
    object: 'event',
    type,
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: session.id,
        object: 'checkout.session',
        status: session.status,
        payment_status: session.status === 'complete' ? 'paid' : 'unpaid',
        payment_intent: session.paymentIntentId,
        amount_total: session.amountTotal,
        currency: 'usd',
        client_reference_id: session.checkoutId,
        metadata: { checkoutId: session.checkoutId },
      },
    },
  };
}
