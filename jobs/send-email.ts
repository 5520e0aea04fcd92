// Placeholder until the email queue lands (see app/utils/mail.server.ts).
import type { QueuePayloads } from './queues.ts';

export async function handleSendEmail(_data: QueuePayloads['send-email']): Promise<void> {
  throw new Error('the email queue is not built yet');
}
