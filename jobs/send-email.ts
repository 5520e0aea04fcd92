// Delivers one queued email (see app/utils/mail.server.ts); a retry after success sends nothing.
import { deliverEmail } from '~/utils/mail.server.ts';
import type { QueuePayloads } from './queues.ts';

export async function handleSendEmail(data: QueuePayloads['send-email']): Promise<void> {
  await deliverEmail(data.emailId);
}
