// `npm run refunds:failed`: the checkouts whose payment could not be refunded after every retry,
// for an operator to refund by hand in the payment provider's dashboard (or to retry with
// `npm run jobs:retry` once the provider works again).
import { refundFailedCheckouts } from '~/models/reconciliation.server.ts';
import { disconnectDb } from '~/utils/db.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { formatMoney } from '~/utils/money.ts';
import { exitOnStartupError, prepareRuntime } from './runtime.ts';

export async function runRefundsCommand() {
  const runtime = await prepareRuntime({ seed: false }).catch(exitOnStartupError);
  try {
    const checkouts = await refundFailedCheckouts();
    if (!checkouts.length) console.log('No refund has failed for good.');
    else console.log(`${checkouts.length} refund(s) failed for good and need an operator:`);
    for (const checkout of checkouts) {
      const buyer = `${checkout.buyer.name} <${checkout.buyer.email ?? 'no email'}>`;
      console.log(
        [
          checkout.id,
          formatMoney(checkout.totalCents),
          checkout.paymentProvider,
          checkout.paymentIntentId ?? 'no payment intent',
          buyer,
          `since ${checkout.updatedAt.toISOString()}`,
        ].join('  '),
      );
    }
  } catch (error) {
    logger().error({ err: error }, 'refunds:failed failed');
    process.exitCode = 1;
  } finally {
    await disconnectDb();
    await runtime.stopDatabase();
  }
}
