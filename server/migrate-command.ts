// `npm run migrate` / Fly's release command: apply pending migrations and exit. It reads only the
// database's URL (MIGRATE_DATABASE_URL, the direct connection, else DATABASE_URL): the first deploy
// migrates before any other secret is set.
import { parseMigrateEnv } from '~/utils/env.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { migrate } from './migrate.ts';
import { exitOnStartupError } from './runtime.ts';

export async function runMigrateCommand() {
  try {
    const { migrationUrl } = parseMigrateEnv();
    const { applied, alreadyApplied } = await migrate(migrationUrl);
    logger().info({ applied, alreadyApplied }, `Migrations: ${applied.length} applied now (${applied.join(', ') || 'none'}), ${alreadyApplied} before`);
  } catch (error) {
    exitOnStartupError(error);
  }
}
