// Tests log nothing unless LOG_LEVEL asks for it (e.g. `LOG_LEVEL=debug npx vitest run <file>`).
// Only this process's loggers are quietened: servers and workers that tests spawn log as usual, and
// those tests read their output.
import { logger } from '~/utils/logger.server.ts';

/** Silences `log` unless LOG_LEVEL is set: for every logger a test process holds (the build has its own). */
export function quietUnlessAsked(log: { level: string }) {
  if (!process.env.LOG_LEVEL) log.level = 'silent';
}

quietUnlessAsked(logger());
