// Which payment provider this deployment uses: Stripe when STRIPE_SECRET_KEY is set; otherwise the
// built-in test provider, which runs the same saga through the same webhook route.
import { env } from '../env.server.ts';
import type { PaymentProvider } from './provider.server.ts';
import { stripeProvider } from './stripe.server.ts';
import { testProvider } from './test-provider.server.ts';

export function paymentProvider(): PaymentProvider {
  return env().STRIPE_SECRET_KEY ? stripeProvider() : testProvider;
}

/** The test provider exists only where Stripe is not configured. */
export function testPaymentsEnabled(): boolean {
  return !env().STRIPE_SECRET_KEY;
}
