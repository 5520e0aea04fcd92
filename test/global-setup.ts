// One real PostgreSQL for the whole vitest run: a fresh embedded cluster in a temporary folder on a
// free port, migrated with our own runner. Test files share it and create their own rows. Files
// that need a database of their own copy a migrated template (test/databases.ts) instead of
// migrating one each.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { logger } from '~/utils/logger.server.ts';
import { startEmbeddedPostgres } from '../server/embedded-postgres.ts';
import { migrate } from '../server/migrate.ts';
import { createMigratedTemplate } from './databases.ts';
import { quietUnlessAsked } from './quiet-logs.ts';

export default async function setup() {
  // As in every test file: no "Creating the local database…" line in the output.
  quietUnlessAsked(logger());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'reen-test-'));
  const database = await startEmbeddedPostgres(dataDir, { port: 0, throwaway: true });
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
  await createMigratedTemplate();
  process.env.APP_ENV = 'test';
  // A developer's .env must not change what the tests start (server/env-file.ts).
  process.env.ENV_FILE = 'none';
  // Servers that tests start on a database of their own take any free port, never the local default.
  process.env.EMBEDDED_POSTGRES_PORT = '0';
  // Production-mode workers that tests start serve their health check on a free port.
  process.env.WORKER_HEALTH_PORT = '0';
  // Workers that tests start pick up a job within half a second (pg-boss's shortest interval).
  process.env.JOB_POLLING_INTERVAL_SECONDS ??= '0.5';
  process.env.IMAGE_URL_TEMPLATE ??= '/placeholder-images/{id}';
  process.env.SESSION_SECRET ??= 'test-session-secret-that-is-long-enough-0123456789';
  // Test files sign in and check out far more often than a person; the rate limit test sets its own.
  process.env.SIGN_IN_ATTEMPTS_PER_MINUTE ??= '100000';
  process.env.CHECKOUT_STARTS_PER_MINUTE ??= '100000';
  process.env.TEST_PAYMENTS_WEBHOOK_SECRET ??= `whsec_${randomBytes(24).toString('base64url')}`;
  return async () => {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
