// The release command as Fly runs it (`node build/server/migrate.js` in the image, APP_ENV=production
// from fly.toml): it needs the database's URL and nothing else, takes MIGRATE_DATABASE_URL (the
// direct connection) over DATABASE_URL, reads a .env file in its working folder, and its stack
// traces name our sources.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../test/databases.ts';
import { getFreePort } from './free-port.ts';
import { readMigrations } from './migrate.ts';
import { projectRoot } from './project-root.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function scratch() {
  const database = await createScratchDatabase();
  cleanups.push(database.drop);
  return database.url;
}

/** An empty working folder: no .env but the one a test writes. */
function folder() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reen-migrate-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `node build/server/migrate.js` with exactly this environment (and PATH), in `cwd`. */
function releaseCommand(env: Record<string, string>, cwd = folder()) {
  const result = spawnSync(process.execPath, [path.join(projectRoot(), 'build/server/migrate.js')], {
    cwd,
    env: { PATH: process.env.PATH!, APP_ENV: 'production', ...env } as unknown as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = result.stdout
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code: result.status, lines, stderr: result.stderr };
}

async function appliedMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    return rows.map((row) => row.migration_name);
  } finally {
    await client.end();
  }
}

const everyMigration = () => readMigrations().map((migration) => migration.name);

describe('the release command', () => {
  it('migrates with DATABASE_URL alone, though production needs Stripe, Clerk and SMTP to serve', async () => {
    const url = await scratch();
    const run = releaseCommand({ DATABASE_URL: url });
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toEqual([
      expect.objectContaining({ level: 'info', msg: `Migrations: ${everyMigration().length} applied now (${everyMigration().join(', ')}), 0 before` }),
    ]);
    expect(await appliedMigrations(url)).toEqual(everyMigration());
  });

  it('says in one line that it needs a database URL', () => {
    const run = releaseCommand({});
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      expect.objectContaining({ level: 'fatal', msg: 'Invalid environment: DATABASE_URL must be set to run migrations (or MIGRATE_DATABASE_URL)' }),
    ]);
  });

  it('takes MIGRATE_DATABASE_URL, the direct connection, over DATABASE_URL', async () => {
    const url = await scratch();
    const nobody = `postgresql://postgres@127.0.0.1:${await getFreePort()}/reen`;
    const run = releaseCommand({ DATABASE_URL: nobody, MIGRATE_DATABASE_URL: url });
    expect(run.code, run.stderr).toBe(0);
    expect(await appliedMigrations(url)).toEqual(everyMigration());
  });

  it('reads .env in its working folder; a variable set in the environment wins', async () => {
    const url = await scratch();
    const cwd = folder();
    writeFileSync(path.join(cwd, '.env'), `# the local settings\nDATABASE_URL=${url}\nLOG_LEVEL=warn\n`);
    const quiet = releaseCommand({}, cwd);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(await appliedMigrations(url)).toEqual(everyMigration());
    // LOG_LEVEL=warn from the file hid the summary; the environment's own LOG_LEVEL shows it.
    expect(quiet.lines).toEqual([]);
    const loud = releaseCommand({ LOG_LEVEL: 'info' }, cwd);
    expect(loud.lines).toEqual([expect.objectContaining({ msg: `Migrations: 0 applied now (none), ${everyMigration().length} before` })]);
  });

  it("stops on a migration that failed earlier, with a stack trace naming our sources, as the image's NODE_OPTIONS asks", async () => {
    const dockerfile = readFileSync(path.join(projectRoot(), 'Dockerfile'), 'utf8');
    const nodeOptions = /^ENV .*NODE_OPTIONS=(\S+)/m.exec(dockerfile)?.[1];
    expect(nodeOptions).toBe('--enable-source-maps');
    const url = await scratch();
    expect(releaseCommand({ DATABASE_URL: url }).code).toBe(0);
    // What a `prisma migrate deploy` that died half-way leaves behind.
    const [last] = everyMigration().slice(-1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = $1', [last]);
    await client.end();

    const run = releaseCommand({ DATABASE_URL: url, NODE_OPTIONS: nodeOptions! });
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      expect.objectContaining({ level: 'fatal', err: expect.objectContaining({ message: expect.stringContaining(`migration ${last} failed earlier`) }) }),
    ]);
    const stack = String((run.lines[0]!.err as { stack?: string }).stack);
    expect(stack).toMatch(/server\/migrate\.ts:\d+/);
  });
});
