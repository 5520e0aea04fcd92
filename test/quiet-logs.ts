// Tests log nothing unless LOG_LEVEL asks for it (e.g. `LOG_LEVEL=debug npx vitest run <file>`).
// Only this process's logger is quietened: servers and workers that tests spawn log as usual, and
// those tests read their output.
import { logger } from '~/utils/logger.server.ts';

if (!process.env.LOG_LEVEL) logger().level = 'silent';
