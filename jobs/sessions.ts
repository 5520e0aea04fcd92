// Scheduled hourly: expired sessions already sign nobody in (every lookup checks expiresAt); this
// keeps the table from growing with them.
import { pruneUserSessions } from '~/models/user-session.server.ts';
import { logger } from '~/utils/logger.server.ts';

export async function handleSessionsPrune(): Promise<void> {
  const pruned = await pruneUserSessions();
  if (pruned > 0) logger().info({ pruned }, 'expired sessions pruned');
}
