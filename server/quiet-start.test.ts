// What the built server prints and what its pages ship. In demo mode (no Clerk keys) no Clerk code
// is loaded: nothing but JSON lines on stdout, and the HTML and JavaScript of /products reference
// none of @clerk/remix. In Clerk mode its deprecation banner is one structured warning line.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clerkEnv, generateClerkTestKeys } from '../test/clerk.ts';
import { createScratchDatabase } from '../test/databases.ts';
import { envWithout } from '../test/process.ts';
import { projectRoot } from './project-root.ts';

const CLERK_VARIABLES = ['CLERK_PUBLISHABLE_KEY', 'CLERK_SECRET_KEY', 'CLERK_WEBHOOK_SECRET', 'CLERK_JWT_KEY'];
/** Written into every module of @clerk/remix's browser bundle (its SDK names itself). */
const CLERK_MARK = '@clerk/';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reen-quiet-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Started = { url: string; stdout: () => string; stderr: () => string; stop: () => Promise<void> };

/** `node build/server/index.js` with stdout and stderr apart, ready once it logs its URL. */
async function startBuiltServer(extraEnv: Record<string, string>): Promise<Started> {
  const database = await createScratchDatabase();
  const env = {
    ...envWithout('LOG_LEVEL', 'METRICS_PORT', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'SMTP_URL', ...CLERK_VARIABLES),
    APP_ENV: 'development',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    // Any free port, taken by the server itself and read from its log: a port found free beforehand
    // can be taken by another socket before the server binds it.
    PORT: '0',
    SEED_DEMO_DATA: '0',
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [path.join(projectRoot(), 'build/server/index.js')], { cwd: projectRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  let ready: RegExpMatchArray | null;
  while (!(ready = stdout.match(/REEN is ready at http:\/\/localhost:(\d+)/))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${stdout}\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${ready[1]}`,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await database.drop();
    },
  };
}

/** Every line parses as a JSON object. */
function nonJsonLines(output: string): string[] {
  return output.split('\n').filter((line) => {
    if (line === '') return false;
    try {
      return typeof JSON.parse(line) !== 'object';
    } catch {
      return true;
    }
  });
}

/** The static imports of an ES module as esbuild writes them (dynamic import() is not followed). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]*?from\s*)?["']([^"']+\.js)["']/g)].map((match) => match[1]!);
}

/** The JavaScript a browser loads for a page: its scripts and module preloads, and what they import. */
async function javascriptOf(baseUrl: string, html: string): Promise<Map<string, string>> {
  const pending = [...new Set(html.match(/\/build\/[^"'\s]+\.js/g) ?? [])];
  const loaded = new Map<string, string>();
  while (pending.length) {
    const url = pending.pop()!;
    if (loaded.has(url)) continue;
    const response = await fetch(new URL(url, baseUrl));
    expect(response.status, url).toBe(200);
    const code = await response.text();
    loaded.set(url, code);
    for (const imported of staticImports(code)) pending.push(new URL(imported, new URL(url, baseUrl)).pathname);
  }
  return loaded;
}

describe('demo mode', () => {
  it('prints only JSON lines and ships no Clerk code with /products', async () => {
    const server = await startBuiltServer({});
    let html: string;
    let javascript: Map<string, string>;
    try {
      const response = await fetch(`${server.url}/products`);
      expect(response.status).toBe(200);
      html = await response.text();
      javascript = await javascriptOf(server.url, html);
    } finally {
      await server.stop();
    }
    expect(html).toContain('<h1');
    expect(html).not.toContain(CLERK_MARK);
    expect(html).not.toContain('clerkState');
    // The root, the route and React at least: the page's own code was followed.
    expect(javascript.size).toBeGreaterThan(3);
    for (const [url, code] of javascript) expect(code.includes(CLERK_MARK), url).toBe(false);
    // The mark is a fair test: the build holds Clerk's chunk, which carries it, for Clerk mode.
    const shared = path.join(projectRoot(), 'public/build/_shared');
    const clerkChunks = readdirSync(shared).filter((file) => file.endsWith('.js') && readFileSync(path.join(shared, file), 'utf8').includes(CLERK_MARK));
    expect(clerkChunks.length).toBeGreaterThan(0);
    for (const chunk of clerkChunks) expect(javascript.has(`/build/_shared/${chunk}`)).toBe(false);

    expect(server.stdout()).toContain('REEN is ready at');
    expect(nonJsonLines(server.stdout())).toEqual([]);
    expect(server.stderr()).not.toMatch(/clerk/i);
  }, 90_000);

  it('does not load @clerk/remix on the server: no bundle imports it at start-up', () => {
    for (const bundle of ['build/index.js', 'build/server/index.js', 'build/server/worker.js']) {
      const file = path.join(projectRoot(), bundle);
      expect(existsSync(file), bundle).toBe(true);
      const code = readFileSync(file, 'utf8');
      expect(
        staticImports(code).filter((specifier) => specifier.includes('@clerk')),
        bundle,
      ).toEqual([]);
      expect(code, bundle).not.toMatch(/^import[^;]*["']@clerk\//m);
    }
  });
});

describe('Clerk mode', () => {
  it("logs Clerk's deprecation banner as one JSON warning line, and nothing else but JSON", async () => {
    const server = await startBuiltServer(clerkEnv(generateClerkTestKeys()));
    try {
      // A signed-out page view loads Clerk (to verify the session and render its provider).
      const response = await fetch(`${server.url}/products`, { redirect: 'manual' });
      expect(response.status).toBeLessThan(500);
      await response.arrayBuffer();
    } finally {
      await server.stop();
    }
    expect(nonJsonLines(server.stdout())).toEqual([]);
    const banner = server
      .stdout()
      .split('\n')
      .filter((line) => line.includes('maintenance mode'));
    expect(banner).toHaveLength(1);
    expect(JSON.parse(banner[0]!)).toMatchObject({ level: 'warn', package: '@clerk/remix' });
    expect(server.stderr()).not.toContain('DEPRECATION');
  }, 90_000);
});
