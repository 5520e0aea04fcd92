// Applies prisma/migrations/*/migration.sql in order, keeping Prisma's own `_prisma_migrations`
// bookkeeping (same table, checksums and advisory lock), so `prisma migrate deploy` and
// `prisma migrate status` on another host see the same history. Needs only `pg`, so it runs
// with production dependencies (Fly's release command).
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { logger } from '~/utils/logger.server.ts';
import { projectRoot } from './project-root.ts';

const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(dir = path.join(projectRoot(), 'prisma', 'migrations')): Migration[] {
  if (!existsSync(dir)) throw new Error(`no migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export type MigrateResult = { applied: string[]; alreadyApplied: number };

export async function migrate(databaseUrl: string, migrations = readMigrations()): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await takeMigrationLock(client);
    await client.query(CREATE_BOOKKEEPING);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const failed = rows.find((row) => row.finished_at === null);
    if (failed) {
      throw new Error(`migration ${failed.migration_name} failed earlier: fix the database, then mark it with \`prisma migrate resolve\``);
    }
    const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    for (const [name, checksum] of done) {
      const local = migrations.find((migration) => migration.name === name);
      if (local && local.checksum !== checksum) {
        logger().warn({ migration: name }, 'migration edited after it was applied (checksum differs)');
      }
    }
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !done.has(m.name))) {
      await applyOne(client, migration);
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => {});
    await client.end();
  }
}

/**
 * Same lock as Prisma Migrate: two deploys (or a deploy and `prisma migrate`) never interleave. A
 * second one waits for the first; while it waits, it says so and who holds the lock, since every
 * process runs this at start-up and would otherwise hang without a word behind, say, a forgotten
 * `prisma migrate dev` session.
 */
async function takeMigrationLock(client: pg.Client) {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [PRISMA_ADVISORY_LOCK]);
  if (rows[0]!.locked) return;
  const holders = await client.query<{ pid: number; application: string; state: string; since: Date | null }>(
    `SELECT a.pid, a.application_name AS application, a.state, a.state_change AS since
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [PRISMA_ADVISORY_LOCK],
  );
  logger().warn({ holders: holders.rows }, 'waiting for the migration lock, which another database session holds');
  await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
  logger().info('took the migration lock');
}

/** One migration and its bookkeeping row in one transaction: applied whole, or not at all. */
async function applyOne(client: pg.Client, migration: Migration) {
  await client.query('BEGIN');
  try {
    const id = randomUUID();
    await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())', [
      id,
      migration.checksum,
      migration.name,
    ]);
    await client.query(migration.sql);
    await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(`migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
  }
}
