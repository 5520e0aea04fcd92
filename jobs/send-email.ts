// Delivers the messages queued together (see app/utils/mail.server.ts); a retry after success sends nothing.
import { deliverEmails } from '~/utils/mail.server.ts';
import type { QueuePayloads } from '~/utils/queues.ts';

export async function handleSendEmail(data: QueuePayloads['send-email']): Promise<void> {
  await deliverEmails('emailIds' in data ? data.emailIds : [data.emailId]);
}
