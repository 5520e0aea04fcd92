// Replaying what failed for good once its cause is fixed (`npm run jobs:retry`): jobs in the
// dead-letter queue go back to the queue they came from, and checkouts whose refund failed for good
// (the end of the checkout saga's own dead-letter chain, see app/utils/queues.ts) get their compensation again.
import { refundFailedCheckouts } from '~/models/reconciliation.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { enqueue, getBoss } from '~/utils/jobs.server.ts';
import { DEAD_LETTER_QUEUE, type QueueName } from '~/utils/queues.ts';

export type Replay = {
  /** Dead-lettered jobs per queue they go back to. */
  jobs: { name: string; count: number }[];
  /** REFUND_FAILED checkouts whose refund is tried again. */
  refunds: string[];
};

/** What a replay would do (dryRun) or did. `queue` limits it to jobs that came from that queue. */
export async function replayDeadLetters({ queue, dryRun = false }: { queue?: QueueName; dryRun?: boolean } = {}): Promise<Replay> {
  const boss = await getBoss();
  const { destinations } = await boss.previewRedrive(DEAD_LETTER_QUEUE, { sourceName: queue });
  const refunds = !queue || queue === 'checkout-compensate' ? await refundFailedCheckouts() : [];
  if (dryRun) return { jobs: destinations, refunds: refunds.map((checkout) => checkout.id) };

  await boss.redrive(DEAD_LETTER_QUEUE, { sourceName: queue });
  for (const checkout of refunds) {
    await getDb().$transaction((tx) =>
      enqueue(tx, 'checkout-compensate', { checkoutId: checkout.id, paymentIntentId: checkout.paymentIntentId, amountTotal: checkout.totalCents }),
    );
  }
  return { jobs: destinations, refunds: refunds.map((checkout) => checkout.id) };
}
