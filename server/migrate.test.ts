import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '~/utils/logger.server.ts';
import { createScratchDatabase } from '../test/databases.ts';
import { migrate, readMigrations, type Migration } from './migrate.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function scratch() {
  const database = await createScratchDatabase();
  cleanups.push(database.drop);
  return database.url;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

function migration(name: string, sql: string): Migration {
  return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
}

describe('migrate', () => {
  it('applies every migration once, with the bookkeeping Prisma Migrate reads', async () => {
    const url = await scratch();
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);

    const first = await migrate(url);
    expect(first.applied).toEqual(migrations.map((m) => m.name));

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      url,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((row) => [row.migration_name, row.checksum])).toEqual(migrations.map((m) => [m.name, m.checksum]));
    expect(rows.every((row) => row.finished_at !== null && row.applied_steps_count === 1)).toBe(true);

    const second = await migrate(url);
    expect(second).toEqual({ applied: [], alreadyApplied: migrations.length });
  });

  it('creates the platform account and the ANONYMOUS user', async () => {
    const url = await scratch();
    await migrate(url);
    const rows = await query<{ role: string; balanceCents: string }>(url, 'SELECT role, "balanceCents" FROM "User" ORDER BY role');
    expect(rows).toEqual([
      { role: 'ANONYMOUS', balanceCents: '0' },
      { role: 'PLATFORM', balanceCents: '0' },
    ]);
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const url = await scratch();
    const good = migration('001_good', 'CREATE TABLE a (id int);');
    const bad = migration('002_bad', 'CREATE TABLE b (id int); SELECT * FROM missing_table;');
    await expect(migrate(url, [good, bad])).rejects.toThrow(/migration 002_bad failed and was rolled back: .*missing_table/);
    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(['_prisma_migrations', 'a']);
    const names = await query<{ migration_name: string }>(url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(names).toEqual([{ migration_name: '001_good' }]);
  });

  it('refuses to go on past a migration that Prisma recorded as failed', async () => {
    const url = await scratch();
    await migrate(url, [migration('001_good', 'SELECT 1;')]);
    await query(url, `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'y', '002_half_done')`);
    await expect(migrate(url, [migration('003_next', 'SELECT 1;')])).rejects.toThrow(/002_half_done failed earlier/);
  });

  it('lets two deploys race without applying anything twice', async () => {
    const url = await scratch();
    const results = await Promise.all([migrate(url), migrate(url)]);
    const applied = results.flatMap((result) => result.applied);
    expect(applied).toEqual(readMigrations().map((m) => m.name));
  });

  it('says who holds the migration lock while it waits for it, then goes on', async () => {
    const url = await scratch();
    const holder = new pg.Client({ connectionString: url, application_name: 'a forgotten prisma session' });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query('SELECT pg_advisory_lock(72707369)');
    const warn = vi.spyOn(logger(), 'warn');
    cleanups.push(async () => warn.mockRestore());

    const running = migrate(url);
    await vi.waitFor(
      () =>
        expect(warn).toHaveBeenCalledWith(
          { holders: [expect.objectContaining({ application: 'a forgotten prisma session' })] },
          expect.stringContaining('waiting for the migration lock'),
        ),
      { timeout: 10_000 },
    );
    expect(await query(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'User'`)).toEqual([]);
    await holder.query('SELECT pg_advisory_unlock(72707369)');
    expect((await running).applied).toEqual(readMigrations().map((m) => m.name));
  });
});
