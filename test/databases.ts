// Scratch databases on the test cluster, for tests that need an empty one (e.g. migrations).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { getDb } from '~/utils/db.server.ts';
import { migrate } from '../server/migrate.ts';

/** The URL of database `name` on the test cluster (DATABASE_URL's). */
function databaseUrl(name: string) {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the cluster's maintenance database (CREATE and DROP DATABASE need it). */
async function onCluster(sql: string) {
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** The migrated database that scratch databases are copied from (made once by test/global-setup.ts). */
const MIGRATED_TEMPLATE = 'reen_migrated_template';

/**
 * A database of its own on the test cluster: empty, or with `migrated`, a copy of every migration
 * applied (copying the template takes a fraction of what running the migrations again does).
 */
export async function createScratchDatabase({ migrated = false } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `scratch_${randomUUID().replaceAll('-', '')}`;
  await onCluster(`CREATE DATABASE "${name}"${migrated ? ` TEMPLATE "${MIGRATED_TEMPLATE}"` : ''}`);
  return { url: databaseUrl(name), drop: () => onCluster(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** MIGRATED_TEMPLATE with every migration applied, once per run; nothing stays connected to it (a copy needs that). */
export async function createMigratedTemplate() {
  await onCluster(`CREATE DATABASE "${MIGRATED_TEMPLATE}"`);
  await migrate(databaseUrl(MIGRATED_TEMPLATE));
}

/**
 * A fingerprint of every row of every table (and of the job queue), to show that a request changed
 * nothing. Rate limit counters are left out: counting refused attempts is their job. Meaningful
 * only on a database the test owns.
 */
export async function databaseDigest(): Promise<Record<string, string>> {
  const db = getDb();
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('_prisma_migrations', 'RateLimitWindow') ORDER BY 1`;
  const perTable = tables.map(({ name }) => `SELECT '${name}' AS name, md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM "${name}" t`);
  perTable.push(`SELECT 'pgboss.job', md5(COALESCE(string_agg(name || state::text || data::text, '|' ORDER BY name, data::text), '')) FROM pgboss.job`);
  const rows = await db.$queryRawUnsafe<{ name: string; md5: string }[]>(perTable.join(' UNION ALL '));
  return Object.fromEntries(rows.map((row) => [row.name, row.md5]));
}
