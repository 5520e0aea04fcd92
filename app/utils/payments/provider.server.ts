// One interface for taking payments (see configured.server.ts for the choice of implementation).
import { env } from '../env.server.ts';

export type SessionLine = { name: string; unitPriceCents: number; quantity: number };

type NewSession = {
  checkoutId: string;
  customerEmail: string | null;
  lines: SessionLine[];
  totalCents: number;
  expiresAt: Date;
  successUrl: string;
  cancelUrl: string;
  /** Where the test provider delivers its events; Stripe uses the endpoint configured in its dashboard. */
  webhookUrl: string;
};

export type SessionState = {
  id: string;
  status: 'open' | 'complete' | 'expired';
  paid: boolean;
  paymentIntentId: string | null;
  checkoutId: string | null;
  amountTotal: number | null;
  /** The payment page, while the session is open. */
  url: string | null;
};

export interface PaymentProvider {
  readonly name: 'stripe' | 'test';
  /** Idempotent per checkout: asking twice for one checkout gives the same session. */
  createSession(session: NewSession): Promise<{ id: string; url: string }>;
  /** Makes an open session unpayable. Returns the state after: a session already paid stays complete. */
  expireSession(sessionId: string): Promise<SessionState>;
  retrieveSession(sessionId: string): Promise<SessionState>;
  /** Refunds a checkout's payment in full; idempotent per checkout. */
  refund(refund: { checkoutId: string; paymentIntentId: string; amountCents: number }): Promise<{ id: string }>;
  /** Sessions created since `since` (at most `limit`, newest first), for reconciliation. */
  listRecentSessions(since: Date, limit?: number): Promise<SessionState[]>;
}

/** The provider refused or could not be reached. Nothing about the payment is known to have changed. */
export class PaymentProviderError extends Error {
  override name = 'PaymentProviderError';
}

/**
 * The provider affirms that nothing was captured for the checkout, so there is nothing to refund.
 * Only for that answer: a refusal or an outage is a plain PaymentProviderError.
 */
export class NothingCapturedError extends PaymentProviderError {
  override name = 'NothingCapturedError';
}

/** The provider has no such payment session: it was never opened there, so it can never be paid. */
export class PaymentSessionNotFoundError extends PaymentProviderError {
  override name = 'PaymentSessionNotFoundError';
}

/** The secret that signs payment webhooks: Stripe's, or the test provider's generated one. */
export function webhookSigningSecret(): string {
  const secret = env().STRIPE_WEBHOOK_SECRET ?? process.env.TEST_PAYMENTS_WEBHOOK_SECRET;
  if (!secret) throw new Error('No webhook signing secret: set STRIPE_WEBHOOK_SECRET (the server generates one for test payments)');
  return secret;
}
