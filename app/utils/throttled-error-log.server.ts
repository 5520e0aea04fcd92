// pg-boss reports the failure of every queue's poll as an error event: while the database is down,
// a worker wrote about 15 lines a second, burying the few lines an operator reads in that incident.
import { logger } from './logger.server.ts';

const MAX_KEPT = 100;

/**
 * A logger for errors that repeat: each distinct message is logged at most once per `intervalMs`;
 * the next line it writes says how many like it were left out meanwhile.
 */
export function throttledErrorLog(message: string, { intervalMs = 60_000, now = Date.now } = {}) {
  const seen = new Map<string, { loggedAt: number; leftOut: number }>();
  return (error: unknown) => {
    const key = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const previous = seen.get(key);
    if (previous && now() - previous.loggedAt < intervalMs) {
      previous.leftOut++;
      return;
    }
    logger().error({ err: error, ...(previous?.leftOut ? { leftOutSinceLastLine: previous.leftOut } : {}) }, message);
    if (!previous && seen.size >= MAX_KEPT) seen.clear(); // messages that carry ids must not grow it forever
    seen.set(key, { loggedAt: now(), leftOut: 0 });
  };
}
