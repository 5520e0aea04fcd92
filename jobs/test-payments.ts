// The built-in test payment provider's retried webhook deliveries (see its changeStatusAndSendEvent).
import { redeliverTestEvent } from '~/utils/payments/test-provider.server.ts';
import type { QueuePayloads } from '~/utils/queues.ts';

export async function handleTestPaymentWebhook(data: QueuePayloads['test-payment-webhook']): Promise<void> {
  await redeliverTestEvent(data.sessionId, data.payload);
}
