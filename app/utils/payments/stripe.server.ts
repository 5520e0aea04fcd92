// The Stripe implementation of the payment provider (Checkout Sessions in payment mode, USD).
import Stripe from 'stripe';
import { env } from '../env.server.ts';
import { PaymentProviderError, PaymentSessionNotFoundError, type PaymentProvider, type SessionState } from './provider.server.ts';

let client: Stripe | undefined;

function stripe(): Stripe {
  const key = env().STRIPE_SECRET_KEY;
  if (!key) throw new Error('STRIPE_SECRET_KEY is not set');
  // Retries are safe: every write below carries an idempotency key.
  client ??= new Stripe(key, { maxNetworkRetries: 2, timeout: 10_000, appInfo: { name: 'REEN' } });
  return client;
}

export function stripeProvider(): PaymentProvider {
  return {
    name: 'stripe',

    async createSession(session) {
      const created = await call(() =>
        stripe().checkout.sessions.create(
          {
            mode: 'payment',
            line_items: session.lines.map((line) => ({
              quantity: line.quantity,
              price_data: { currency: 'usd', unit_amount: line.unitPriceCents, product_data: { name: line.name } },
            })),
            metadata: { checkoutId: session.checkoutId },
            client_reference_id: session.checkoutId,
            payment_intent_data: { metadata: { checkoutId: session.checkoutId } },
            customer_email: session.customerEmail ?? undefined,
            expires_at: Math.floor(session.expiresAt.getTime() / 1000),
            success_url: session.successUrl,
            cancel_url: session.cancelUrl,
          },
          { idempotencyKey: `checkout:${session.checkoutId}` },
        ),
      );
      if (!created.url) throw new PaymentProviderError('Stripe created a session without a payment page URL.');
      return { id: created.id, url: created.url };
    },

    async expireSession(sessionId) {
      try {
        return toState(await stripe().checkout.sessions.expire(sessionId));
      } catch (error) {
        // Stripe refuses to expire a session that is no longer open: report the state it is in.
        if (error instanceof Stripe.errors.StripeInvalidRequestError) return this.retrieveSession(sessionId);
        throw asProviderError(error);
      }
    },

    async retrieveSession(sessionId) {
      return toState(await call(() => stripe().checkout.sessions.retrieve(sessionId)));
    },

    async listRecentSessions(since, limit = 1000) {
      const sessions: SessionState[] = [];
      try {
        // The client follows Stripe's pages (100 sessions each) for as long as we keep reading.
        for await (const session of stripe().checkout.sessions.list({ created: { gte: Math.floor(since.getTime() / 1000) }, limit: 100 })) {
          sessions.push(toState(session));
          if (sessions.length >= limit) break;
        }
      } catch (error) {
        throw asProviderError(error);
      }
      return sessions;
    },

    async refund({ checkoutId, paymentIntentId, amountCents }) {
      const refund = await call(() =>
        stripe().refunds.create({ payment_intent: paymentIntentId, amount: amountCents, metadata: { checkoutId } }, { idempotencyKey: `refund:${checkoutId}` }),
      );
      return { id: refund.id };
    },
  };
}

function toState(session: Stripe.Checkout.Session): SessionState {
  const intent = session.payment_intent;
  return {
    id: session.id,
    status: session.status === 'complete' ? 'complete' : session.status === 'expired' ? 'expired' : 'open',
    paid: session.payment_status === 'paid' || session.payment_status === 'no_payment_required',
    paymentIntentId: typeof intent === 'string' ? intent : (intent?.id ?? null),
    checkoutId: session.metadata?.checkoutId ?? session.client_reference_id ?? null,
    amountTotal: session.amount_total,
    url: session.status === 'open' ? session.url : null,
  };
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw asProviderError(error);
  }
}

function asProviderError(error: unknown): PaymentProviderError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing')
    return new PaymentSessionNotFoundError(`Stripe: ${message}`, { cause: error });
  return new PaymentProviderError(`Stripe: ${message}`, { cause: error });
}
