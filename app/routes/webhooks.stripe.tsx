// POST /webhooks/stripe: Stripe's events (and the test provider's, signed the same way). The
// signature is checked on the raw body; the event is stored with its job and answered at once:
// the saga step runs in the worker, never while Stripe waits.
import type { ActionFunctionArgs } from '@remix-run/node';
import Stripe from 'stripe';
import { z } from 'zod';
import { recordStripeEvent } from '~/models/stripe-events.server.ts';
import { webhookSigningSecret } from '~/utils/payments/provider.server.ts';

/** Stripe's ids and event types are short printable ASCII. */
const token = z.string().regex(/^[\x21-\x7e]{1,255}$/);

const EventShape = z.object({
  id: token,
  type: token,
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return new Response('Method not allowed', { status: 405, headers: { Allow: 'POST' } });
  const signature = request.headers.get('stripe-signature');
  if (!signature) return new Response('Missing Stripe-Signature header', { status: 400 });
  const payload = await request.text();
  const secret = webhookSigningSecret();
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(payload, signature, secret);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) return new Response('Invalid signature', { status: 400 });
    return new Response('Not a Stripe event: the body is not JSON', { status: 400 });
  }
  // Signed, yet not necessarily well formed (a test event, an API change): refuse what we cannot store.
  if (!EventShape.safeParse(event).success) return new Response('Not a Stripe event: id, type and data.object are required', { status: 400 });
  const result = await recordStripeEvent(event);
  return Response.json({ received: true, duplicate: result === 'duplicate' });
}

export function loader() {
  return new Response('Method not allowed', { status: 405, headers: { Allow: 'POST' } });
}
