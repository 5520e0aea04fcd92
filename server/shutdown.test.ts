// Graceful shutdown of the built processes, as Fly stops a machine (SIGTERM, then a wait): the
// worker finishes the jobs in hand and leaves none claimed, even when signalled twice, and stops
// the embedded database it started; the web server answers the request in flight in full while
// refusing new connections and closing idle kept-alive ones; all exit 0 within the grace time.
// `npm test` builds before vitest.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getBoss } from '~/utils/jobs.server.ts';
import { queueEmail } from '~/utils/mail.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { useJobQueue, useScratchDatabase } from '../test/database-hooks.ts';
import { startServerProcess, type RunningServer } from '../test/process.ts';
import { startSmtpServer } from '../test/smtp.ts';
import { projectRoot } from './project-root.ts';
import { SHUTDOWN_GRACE_MS } from './shutdown.ts';

/** How long the SMTP server holds each message before accepting it: a slow relay. */
const HOLD_MS = 2_000;

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const dataDir = mkdtempSync(path.join(tmpdir(), 'reen-shutdown-'));
const children: RunningServer['child'][] = [];

// A database of its own: these processes work every queue, and the test counts jobs. pg-boss
// declares the queues before this process sends a job.
const scratch = useScratchDatabase();

beforeAll(async () => {
  smtp = await startSmtpServer({ holdMs: HOLD_MS });
  // This process queues the emails, as the web process would: with SMTP_URL, or they would be kept
  // without a job (app/utils/mail.server.ts). Set before pg-boss reads the environment, which it caches.
  process.env.SMTP_URL = smtp.url;
});
useJobQueue();

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** PORT 0: the web process takes any free port and prints its URL. */
function childEnv(): Record<string, string | undefined> {
  return {
    ...process.env,
    DATABASE_URL: scratch.url,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    SMTP_URL: smtp.url,
    SEED_DEMO_DATA: '0',
    JOB_RETRY_DELAY_SECONDS: '1',
  };
}

function startWorkerProcess(env = childEnv()) {
  const child = spawn(process.execPath, [path.join(projectRoot(), 'build/server/worker.js')], {
    cwd: projectRoot(),
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The exit code, or 'still running' if the process has not exited within the grace time. */
function exitWithinGrace(exited: Promise<number | null>) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), SHUTDOWN_GRACE_MS)));
  return Promise.race([exited, late]).finally(() => clearTimeout(timer));
}

async function queueTestEmail(subject: string) {
  return serializable((tx) =>
    queueEmail(tx, { kind: 'test', dedupeKey: `shutdown:${randomUUID()}`, to: 'someone@example.test', subject, html: `<p>${subject}</p>`, text: subject }),
  );
}

async function jobStates(emailIds: string[]) {
  const boss = await getBoss();
  const jobs = await Promise.all(emailIds.map((emailId) => boss.findJobs<{ emailIds: string[] }>('send-email', { data: { emailIds: [emailId] } })));
  return jobs.map((found) => found.map((job) => job.state));
}

describe('the worker process on SIGTERM', () => {
  it('finishes the emails in hand, delivering each once, leaves no job claimed, and exits 0', async () => {
    const tag = randomUUID().slice(0, 8);
    const subjects = [1, 2, 3].map((n) => `Shutdown ${tag} #${n}`);
    // Queued before the worker starts: its first fetch takes them together, as one batch.
    const emailIds: string[] = [];
    for (const subject of subjects) emailIds.push(await queueTestEmail(subject));

    const first = startWorkerProcess();
    const inFlight = await vi.waitFor(
      () => {
        const subject = smtp.arriving.find((arrived) => subjects.includes(arrived));
        expect(subject).toBeDefined();
        return subject!;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(smtp.received.filter(({ mail }) => subjects.includes(mail.subject ?? ''))).toHaveLength(0); // not yet accepted

    first.child.kill('SIGTERM');
    // A second signal (npm forwards a Ctrl-C that the terminal sent too) does not cut the shutdown short.
    await vi.waitFor(() => expect(first.output()).toMatch(/shutting down/), { timeout: 10_000, interval: 20 });
    first.child.kill('SIGTERM');
    expect(await exitWithinGrace(first.exited), first.output()).toBe(0);
    // Settled or handed back, never left claimed by a process that is gone.
    expect((await jobStates(emailIds)).flat()).not.toContain('active');
    expect(smtp.received.map(({ mail }) => mail.subject)).toContain(inFlight);

    // Whatever the first worker did not finish, another one does.
    const second = startWorkerProcess();
    await vi.waitFor(() => expect(second.output()).toContain('REEN worker is running'), { timeout: 30_000, interval: 50 });
    await vi.waitFor(async () => expect(await jobStates(emailIds)).toEqual([['completed'], ['completed'], ['completed']]), {
      timeout: 60_000,
      interval: 200,
    });
    for (const subject of subjects) expect(smtp.received.filter(({ mail }) => mail.subject === subject)).toHaveLength(1);

    second.child.kill('SIGTERM');
    expect(await exitWithinGrace(second.exited), second.output()).toBe(0);
  }, 120_000);
});

describe('the worker process on an embedded PostgreSQL of its own', () => {
  it('stops that database on SIGTERM and exits 0', async () => {
    const ownDataDir = mkdtempSync(path.join(tmpdir(), 'reen-shutdown-embedded-'));
    try {
      const { DATABASE_URL: _unset, ...env } = childEnv();
      const worker = startWorkerProcess({ ...env, DATA_DIR: ownDataDir });
      await vi.waitFor(() => expect(worker.output()).toContain('REEN worker is running'), { timeout: 60_000, interval: 100 });
      const pidFile = path.join(ownDataDir, 'postgres', 'postmaster.pid');
      expect(existsSync(pidFile)).toBe(true);

      worker.child.kill('SIGTERM');
      expect(await exitWithinGrace(worker.exited), worker.output()).toBe(0);
      expect(existsSync(pidFile)).toBe(false); // PostgreSQL removes it when it has shut down
    } finally {
      rmSync(ownDataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('the web process on SIGTERM', () => {
  let server: RunningServer;
  let locker: pg.Client;

  beforeAll(async () => {
    server = await startServerProcess(childEnv());
    children.push(server.child);
    locker = new pg.Client({ connectionString: scratch.url });
    await locker.connect();
  });

  afterAll(async () => {
    await locker?.end();
  });

  it('answers the request in flight in full, refuses new connections, closes idle ones and exits 0', async () => {
    const { port } = new URL(server.url);
    const busy = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const idle = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (agent: http.Agent, pathname: string) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; socket: net.Socket }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: pathname, agent }, (res) => {
            const socket = res.socket; // released to the agent once the response ends
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, socket }));
          })
          .on('error', reject);
      });

    // Two kept-alive connections: one will carry the slow request, the other stays idle.
    expect((await get(busy, '/healthz')).headers.connection).toBe('keep-alive');
    const { socket: idleSocket } = await get(idle, '/healthz');
    const idleClosed = new Promise<void>((resolve) => idleSocket.once('close', () => resolve()));

    // The catalog waits on a lock this test holds, so the request is in flight when the signal comes.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE "Product" IN ACCESS EXCLUSIVE MODE');
    const page = get(busy, '/products');
    await vi.waitFor(
      async () => {
        const { rows } = await locker.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE NOT l.granted AND c.relname = 'Product'`,
        );
        expect(rows[0]!.waiting).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 50 },
    );

    server.child.kill('SIGTERM');
    await vi.waitFor(() => expect(connectOutcome(Number(port))).resolves.toBe('ECONNREFUSED'), { timeout: 10_000, interval: 50 });
    await idleClosed;
    expect(server.child.exitCode).toBeNull(); // still answering the request in flight

    await locker.query('COMMIT');
    const answered = await page;
    expect(answered.status).toBe(200);
    expect(answered.headers.connection).toBe('close');
    expect(Buffer.byteLength(answered.body)).toBe(Number(answered.headers['content-length']));
    expect(answered.body).toContain('</html>');

    expect(await exitWithinGrace(server.exited), server.output()).toBe(0);
    busy.destroy();
    idle.destroy();
  }, 60_000);
});

/** 'connected' or the error code of a fresh TCP connection to the port. */
function connectOutcome(port: number) {
  return new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}
