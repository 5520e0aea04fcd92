// Clerk's user events (stored by POST /webhooks/clerk). The sync reads the user's current state from
// Clerk's Backend API instead of trusting the message, so late or reordered deliveries (an update
// before its create, an old update after a newer one) still end with Clerk's latest name and email.
import { deleteClerkAccount } from '~/models/account.server.ts';
import { ensureClerkUser } from '~/models/user.server.ts';
import { fetchClerkProfile } from '~/utils/clerk.server.ts';
import { logger } from '~/utils/logger.server.ts';
import type { QueuePayloads } from '~/utils/queues.ts';

export async function handleClerkUserSync({ clerkId }: QueuePayloads['clerk-user-sync']): Promise<void> {
  const profile = await fetchClerkProfile(clerkId);
  // Gone at Clerk already: its user.deleted message does the deletion.
  if (!profile) return;
  await ensureClerkUser(profile);
}

export async function handleClerkUserDelete({ clerkId }: QueuePayloads['clerk-user-delete']): Promise<void> {
  const deletion = await deleteClerkAccount(clerkId);
  if (deletion) logger().info({ clerkId, ...deletion }, 'deleted the account of a Clerk user');
}
