// `npm run db:reset`: a fresh demo shop in the embedded database, the generated secrets kept.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { envWithout } from '../test/process.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { projectRoot } from './project-root.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reen-db-reset-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function reset() {
  const env = { ...envWithout('DATABASE_URL', 'APP_ENV', 'SEED_DEMO_DATA'), DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: '0' };
  return spawnSync(process.execPath, [path.join(projectRoot(), 'node_modules/tsx/dist/cli.mjs'), 'server/db-cli.ts', 'reset'], {
    cwd: projectRoot(),
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** Runs `sql` on the embedded database of `dataDir`, started for it and stopped after. */
async function query(sql: string): Promise<Record<string, unknown>[]> {
  const database = await startEmbeddedPostgres(dataDir, { port: 0 });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
    await database.stop();
  }
}

describe('db:reset', () => {
  it('seeds a fresh demo shop, drops what was added, and keeps the generated secrets', async () => {
    writeFileSync(path.join(dataDir, 'session-secret'), 'a-generated-session-secret-kept-across-resets');
    const first = reset();
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('Creating the local database…');
    expect(first.stdout).toMatch(/A fresh demo shop: 6 accounts, 54 products/);
    await query(`INSERT INTO "User" (id, name, email, role, "updatedAt") VALUES (gen_random_uuid(), 'Added later', 'later@example.com', 'NADMIN', now())`);
    expect(await query(`SELECT count(*)::int AS n FROM "User" WHERE email = 'later@example.com'`)).toEqual([{ n: 1 }]);

    const second = reset();
    expect(second.status, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).not.toContain('Creating the local database…');
    expect(await query(`SELECT count(*)::int AS n FROM "User" WHERE email = 'later@example.com'`)).toEqual([{ n: 0 }]);
    expect(await query(`SELECT count(*)::int AS n FROM "Product"`)).toEqual([{ n: 54 }]);
    expect(readFileSync(path.join(dataDir, 'session-secret'), 'utf8')).toBe('a-generated-session-secret-kept-across-resets');
    // A person's data waits for the disk at each commit (only the test runs' clusters do not).
    expect(await query('SHOW fsync')).toEqual([{ fsync: 'on' }]);
  }, 240_000);
});
