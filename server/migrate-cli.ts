// `npm run migrate` / Fly's release command: apply pending migrations to DATABASE_URL and exit.
import { parseEnv } from '~/utils/env.server.ts';
import { migrate } from './migrate.ts';
import { exitOnStartupError } from './runtime.ts';

try {
  const { DATABASE_URL } = parseEnv();
  if (!DATABASE_URL) throw new Error('DATABASE_URL must be set to run migrations');
  const { applied, alreadyApplied } = await migrate(DATABASE_URL);
  console.log(`Migrations: ${applied.length} applied now (${applied.join(', ') || 'none'}), ${alreadyApplied} before`);
} catch (error) {
  exitOnStartupError(error);
}
