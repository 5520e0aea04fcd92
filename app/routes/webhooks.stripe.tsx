// POST /webhooks/stripe: Stripe's events (and the test provider's, signed the same way). The
// signature is checked on the raw body; the event is stored with its job and answered at once:
// the saga step runs in the worker, never while Stripe waits.
import type { ActionFunctionArgs } from '@remix-run/node';
import Stripe from 'stripe';
import { recordStripeEvent } from '~/models/stripe-events.server.ts';
import { webhookSigningSecret } from '~/utils/payments.server.ts';

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return new Response('Method not allowed', { status: 405, headers: { Allow: 'POST' } });
  const signature = request.headers.get('stripe-signature');
  if (!signature) return new Response('Missing Stripe-Signature header', { status: 400 });
  const payload = await request.text();
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(payload, signature, webhookSigningSecret());
  } catch {
    return new Response('Invalid signature', { status: 400 });
  }
  const result = await recordStripeEvent(event);
  return Response.json({ received: true, duplicate: result === 'duplicate' });
}

export function loader() {
  return new Response('Method not allowed', { status: 405, headers: { Allow: 'POST' } });
}
