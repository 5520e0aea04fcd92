// The database and job-queue set-up of a vitest file, as hooks. Call them at the top of the file,
// before useTestServer() and before the file's own hooks: vitest runs afterAll hooks in reverse
// order, so what is registered first is torn down last, once the server and the tests are done.
import { afterAll, beforeAll } from 'vitest';
import { disconnectDb } from '~/utils/db.server.ts';
import { getBoss, stopBoss } from '~/utils/jobs.server.ts';
import { createScratchDatabase } from './databases.ts';

/** The shared test database: this file's Prisma pool is closed after its tests. */
export function useDatabase() {
  afterAll(disconnectDb);
}

/**
 * A fresh, migrated database for this file alone (other files run beside it on the shared one), for tests that
 * check invariants over every row or run a worker: DATABASE_URL points at it before the file's own
 * hooks run. After the tests the pool is closed and the database dropped.
 */
export function useScratchDatabase(): { readonly url: string } {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  beforeAll(async () => {
    scratch = await createScratchDatabase({ migrated: true });
    process.env.DATABASE_URL = scratch.url;
  });
  afterAll(async () => {
    await disconnectDb();
    await scratch?.drop();
  });
  return {
    get url() {
      if (!scratch) throw new Error('the scratch database does not exist yet: use it in tests and hooks, not while the file loads');
      return scratch.url;
    },
  };
}

/**
 * pg-boss for this file, started before its tests (as every process does at start-up: it declares
 * the queues) and stopped after them. Call it after useDatabase() or useScratchDatabase(), so that
 * it runs on that database and stops before the pool closes.
 */
export function useJobQueue() {
  beforeAll(async () => {
    await getBoss();
  });
  afterAll(async () => {
    await stopBoss();
  });
}
