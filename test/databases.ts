// Scratch databases on the test cluster, for tests that need an empty one (e.g. migrations).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../server/migrate.ts';

function adminUrl() {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = '/postgres';
  return url.toString();
}

export async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `scratch_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Points this test file (its own process) at a fresh, migrated database of its own, for tests that
 * check invariants over every row or run a worker. Call it in beforeAll, before anything opens the
 * database; call `drop` in afterAll after closing the pools.
 */
export async function useScratchDatabase() {
  const scratch = await createScratchDatabase();
  await migrate(scratch.url);
  process.env.DATABASE_URL = scratch.url;
  return scratch;
}
