// Clerk webhook messages (svix): each is stored once (unique svix message id) together with the job
// that acts on it, in one transaction, so a duplicate delivery is a no-op and no stored message lacks
// its job. The jobs read the user's current state from Clerk, so messages may arrive in any order.
import { z } from 'zod';
import { getDb } from '~/utils/db.server.ts';
import { enqueue, type QueuePayloads } from '~/utils/jobs.server.ts';
import { storeWebhookEvent } from './webhook-events.server.ts';

/** Clerk's event types and user ids are short printable ASCII (no NUL, which PostgreSQL cannot store). */
const token = z.string().regex(/^[\x21-\x7e]{1,100}$/);

export const ClerkEvent = z.looseObject({
  type: token,
  data: z.looseObject({ id: token.optional() }),
});

export type ClerkEvent = z.infer<typeof ClerkEvent>;

type EventJob = { queue: 'clerk-user-sync'; data: QueuePayloads['clerk-user-sync'] } | { queue: 'clerk-user-delete'; data: QueuePayloads['clerk-user-delete'] };

export async function recordClerkEvent(messageId: string, event: ClerkEvent): Promise<'recorded' | 'duplicate'> {
  return getDb().$transaction(async (tx) => {
    const stored = await storeWebhookEvent(tx, { provider: 'CLERK', eventId: messageId, type: event.type, payload: event });
    if (!stored) return 'duplicate';
    const job = jobFor(event);
    if (job) await enqueue(tx, job.queue, job.data);
    return 'recorded';
  });
}

/** The job an event asks for; null for events we only keep. */
function jobFor(event: ClerkEvent): EventJob | null {
  const clerkId = event.data.id;
  if (!clerkId) return null;
  switch (event.type) {
    case 'user.created':
    case 'user.updated':
      return { queue: 'clerk-user-sync', data: { clerkId } };
    case 'user.deleted':
      return { queue: 'clerk-user-delete', data: { clerkId } };
    default:
      return null;
  }
}
