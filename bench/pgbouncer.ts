// PgBouncer in front of the bench's PostgreSQL (Debian's `pgbouncer` package), for the bench mode
// that runs the app's processes through it, as a managed database's pooled URL does.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { getFreePort } from '../server/free-port.ts';

export type PoolMode = 'session' | 'transaction';

const BINARY = '/usr/sbin/pgbouncer';

export function pgbouncerInstalled(): boolean {
  return spawnSync(BINARY, ['--version']).status === 0;
}

export type RunningPgBouncer = { url: string; pid: number | undefined; output: () => string; stop: () => Promise<void> };

/** Starts PgBouncer in `mode` in front of `databaseUrl`; resolves once it answers a query. */
export async function startPgBouncer(databaseUrl: string, dir: string, mode: PoolMode): Promise<RunningPgBouncer> {
  const target = new URL(databaseUrl);
  const database = target.pathname.slice(1);
  const port = await getFreePort();
  const config = path.join(dir, 'pgbouncer.ini');
  // The server's password lives in the [databases] line, so clients need none (auth_type any):
  // the bench is the only client, on loopback. In session mode each client connection holds a
  // server connection while it is open, idle or not: the pool must exceed every process's pools
  // added up (2 web, 2 workers and the baseline: about 70), or a client waits for another's idle one.
  writeFileSync(
    config,
    `[databases]
${database} = host=${target.hostname} port=${target.port} dbname=${database} user=${decodeURIComponent(target.username)} password=${decodeURIComponent(target.password)}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = any
pool_mode = ${mode}
max_client_conn = 1000
default_pool_size = 90
`,
  );
  // PgBouncer refuses to run as root: it then takes the package's own user. It logs to stderr.
  const asUser = process.getuid?.() === 0 ? ['--user=postgres'] : [];
  const child = spawn(BINARY, [...asUser, config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `postgresql://${target.username}@127.0.0.1:${port}/${database}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    const probe = new pg.Client({ connectionString: url });
    try {
      await probe.connect();
      await probe.query('SELECT 1');
      await probe.end();
      return { url, pid: child.pid, output: () => output, stop };
    } catch (error) {
      await probe.end().catch(() => {});
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`PgBouncer did not start: ${error instanceof Error ? error.message : String(error)}\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
