// `npm start` as a newcomer runs it: no environment at all, the embedded PostgreSQL, demo data.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cookiesFrom, formPost } from '../test/http.ts';
import { envWithout, startServerProcess, type RunningServer } from '../test/process.ts';
import { projectRoot } from './project-root.ts';
import { pageText } from '../test/page-text.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'reen-start-'));
const running: RunningServer[] = [];

afterAll(() => {
  for (const server of running) server.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function start() {
  const env = { ...envWithout('DATABASE_URL', 'SESSION_SECRET', 'APP_ENV'), DATA_DIR: dataDir, PORT: '0' };
  const server = await startServerProcess(env);
  running.push(server);
  return server;
}

async function stop(server: RunningServer) {
  server.child.kill('SIGTERM');
  return server.exited;
}

describe('npm start with no environment', () => {
  it('serves the demo shop on an embedded PostgreSQL that keeps its data across restarts', async () => {
    const first = await start();
    expect(first.output()).toContain('(embedded PostgreSQL)');
    expect(first.output()).toMatch(/Seeded the demo shop: 6 accounts, 54 products/);
    expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

    const home = await (await fetch(first.url)).text();
    expect(home).toMatch(/data-testid="count-products"[^>]*>54</);
    const signUp = await fetch(`${first.url}/sign-in`, {
      ...formPost({ intent: 'create', name: 'Kept Person', email: 'kept@example.test', newPassword: 'kept person password' }),
      redirect: 'manual',
    });
    expect(signUp.status).toBe(302);
    const cookie = cookiesFrom(signUp);
    expect(await stop(first)).toBe(0); // graceful shutdown on SIGTERM

    const second = await start();
    expect(second.output()).not.toContain('Seeded'); // seeded once only
    const again = await (await fetch(second.url, { headers: { Cookie: cookie } })).text();
    // The user and the session secret were kept (the sign-up's greeting is still in its flash cookie).
    expect(pageText(again)).toContain('Welcome, Kept Person');
    expect(again).toMatch(/data-testid="count-products"[^>]*>54</);
    expect(await stop(second)).toBe(0);
    // Two cold starts of PostgreSQL: slow on a busy machine.
  }, 90_000);

  it('stops with one log line naming a malformed variable, and no stack trace', () => {
    const result = spawnSync(process.execPath, [path.join(projectRoot(), 'build/server/index.js')], {
      env: { ...envWithout('DATABASE_URL', 'LOG_LEVEL'), DATABASE_URL: 'junk' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 'fatal', msg: 'Invalid environment: DATABASE_URL must be a postgresql:// URL' });
    expect(line).not.toHaveProperty('err');
  });
});
