// What every process (web, worker, release command) does before it serves: read the environment,
// find or start the database, apply migrations, and (in demo mode) seed the demo shop once.
import { EnvError, isDemo, parseEnv, type Env } from '~/utils/env.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { seedDemoData } from '../prisma/seed.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { readOrCreateSecret, testPaymentsWebhookSecret } from './local-secrets.ts';
import { migrate } from './migrate.ts';

export type Runtime = { env: Env; databaseUrl: string; embedded: boolean; stopDatabase: () => Promise<void> };

export async function prepareRuntime({ seed }: { seed: boolean }): Promise<Runtime> {
  const env = parseEnv();
  let stopDatabase = async () => {};
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    // Test servers run on a data folder that is deleted after them.
    const embedded = await startEmbeddedPostgres(env.DATA_DIR, { port: env.EMBEDDED_POSTGRES_PORT, throwaway: env.APP_ENV === 'test' });
    databaseUrl = embedded.url;
    stopDatabase = embedded.stop;
  }
  // App modules read these lazily (db.server.ts, session.server.ts).
  process.env.DATABASE_URL = databaseUrl;
  if (!env.SESSION_SECRET) process.env.SESSION_SECRET = readOrCreateSecret(env.DATA_DIR, 'session-secret');
  // Without Stripe, the test payment provider signs its events with a secret of its own.
  if (!env.STRIPE_SECRET_KEY) process.env.TEST_PAYMENTS_WEBHOOK_SECRET = testPaymentsWebhookSecret(env.DATA_DIR, env.SESSION_SECRET);

  const { applied } = await migrate(env.MIGRATE_DATABASE_URL ?? databaseUrl);
  if (applied.length) logger().info({ migrations: applied }, `Applied migrations: ${applied.join(', ')}`);
  if (seed && isDemo(env) && env.SEED_DEMO_DATA) {
    const seeded = await seedDemoData();
    if (seeded) logger().info(seeded, `Seeded the demo shop: ${seeded.users} accounts, ${seeded.products} products`);
  }
  return { env: parseEnv(), databaseUrl, embedded: !env.DATABASE_URL, stopDatabase };
}

/** Start-up failures log one line (no stack trace for a bad environment) and exit non-zero. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof EnvError) logger().fatal(error.message);
  else logger().fatal({ err: error }, 'Start-up failed');
  process.exit(1);
}
