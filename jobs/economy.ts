// Scheduled every five minutes: brings the economy's daily rollups and leaderboards up to date with
// the ledger (idempotent: a refresh recomputes from the ledger, never adds to what it stored).
import { refreshEconomyRollups } from '~/models/economy/rollups.server.ts';
import { logger } from '~/utils/logger.server.ts';

export async function handleEconomyRollup(): Promise<void> {
  const { days } = await refreshEconomyRollups();
  logger().debug({ days }, 'economy rollups refreshed');
}
