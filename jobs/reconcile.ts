// Scheduled every ten minutes: payments and expiries whose webhooks never arrived.
import { reconcilePayments } from '~/models/reconciliation.server.ts';

export async function handleCheckoutReconcile(): Promise<void> {
  await reconcilePayments();
}
