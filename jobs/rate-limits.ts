// Scheduled hourly: rate limit windows that ended long ago are of no use any more.
import { pruneRateLimits } from '~/models/rate-limit.server.ts';

export async function handleRateLimitsPrune(): Promise<void> {
  await pruneRateLimits();
}
