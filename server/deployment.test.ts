// A public demo deployment as the security review attacked it: the built server in production mode
// with DEMO_MODE=1 (demo sign-in, test payment provider), behind an https APP_URL, spoken to over
// real HTTP on its own port. What a request may not decide (the origin of return and webhook URLs,
// the client's address), the headers and listeners a deployment needs, slow and greedy clients,
// and what a client's mistakes may write to the log.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { addToCart, createProduct, createUser, sessionCookie } from '../test/factories.ts';
import { useScratchDatabase } from '../test/database-hooks.ts';
import { envWithout, OUTSIDE_SERVICE_VARIABLES, startServerProcess, type RunningServer } from '../test/process.ts';
import { HEADERS_TIMEOUT_MS, MAX_CONNECTIONS_PER_CLIENT, REQUEST_TIMEOUT_MS } from './app.ts';
import { getFreePort } from './free-port.ts';
import { projectRoot } from './project-root.ts';

const APP_URL = 'https://shop.reen.test';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reen-deployment-'));
const scratch = useScratchDatabase();
let server: RunningServer;
let port: number;
let metricsPort: number;

/** The variables a test run may carry that would change what this deployment is. */
const UNSET = ['LOG_LEVEL', 'APP_URL', 'CLIENT_IP_SOURCE', 'METRICS_HOST', 'METRICS_PORT', 'METRICS_TOKEN', ...OUTSIDE_SERVICE_VARIABLES];

function deploymentEnv(): Record<string, string | undefined> {
  return {
    ...envWithout(...UNSET),
    APP_ENV: 'production',
    DEMO_MODE: '1',
    APP_URL,
    SEED_DEMO_DATA: '0',
    RUN_WORKER: '0',
    // Every interface, as on a server: the metrics listener must still keep to its own address.
    HOST: '0.0.0.0',
    PORT: String(port),
    // Any free port, read back from its log: a port picked here could be taken by another test's
    // process before the server binds it.
    METRICS_PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: scratch.url,
    // The same secret as this process: sessionCookie (test/factories.ts) signs the cookies the server reads.
    SESSION_SECRET: process.env.SESSION_SECRET,
    SIGN_IN_ATTEMPTS_PER_MINUTE: '3',
    LOG_LEVEL: 'info',
  };
}

beforeAll(async () => {
  port = await getFreePort();
  server = await startServerProcess(deploymentEnv());
  metricsPort = Number(/metrics at http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(server.output())?.[1] ?? 0);
}, 60_000);

afterAll(() => {
  server?.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One request with exactly these headers (fetch would not send a Host of our choosing). */
function request(
  pathname: string,
  { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = http.request({
      host: '127.0.0.1',
      port,
      path: pathname,
      method,
      headers: { ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...headers },
      agent: false,
    });
    sent.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

/** What the server printed since `mark` (a length of its output). */
const outputSince = (mark: number) => server.output().slice(mark);

describe('start-up', () => {
  it('refuses a production demo without APP_URL, with one line naming it', () => {
    const { APP_URL: _, ...withoutAppUrl } = deploymentEnv();
    const result = spawnSync(process.execPath, [path.join(projectRoot(), 'build/server/index.js')], {
      env: withoutAppUrl as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'fatal',
      msg: 'Invalid environment: APP_URL is required when APP_ENV=production, DEMO_MODE=1 included (the public URL, such as https://reen.fly.dev)',
    });
  });
});

describe('the origin of return and webhook URLs', () => {
  it('is APP_URL whatever Host and X-Forwarded-Host the request names', async () => {
    const { id: buyerId } = await createUser();
    await addToCart(buyerId, (await createProduct({ priceCents: 5_00, stock: 3 })).id, 1);
    const answer = await request('/checkout', {
      method: 'POST',
      headers: { Cookie: await sessionCookie(buyerId), Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'http' },
      body: '',
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toMatch(new RegExp(`^${APP_URL}/test-payments/cs_test_`));
    const checkout = await getDb().checkout.findFirstOrThrow({ where: { buyerId } });
    const session = await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId: checkout.id } });
    expect(session.webhookUrl).toBe(`${APP_URL}/webhooks/stripe`);
    expect(session.successUrl.startsWith(`${APP_URL}/checkout/success?`)).toBe(true);
    expect(session.cancelUrl.startsWith(`${APP_URL}/checkout/cancel`)).toBe(true);
  });
});

describe('the client address', () => {
  it("is the connection's own without a proxy configured: forged forwarding headers do not walk past the sign-in limit", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const forged = `198.51.100.${attempt + 1}`;
      const answer = await request('/sign-in', {
        method: 'POST',
        headers: { 'X-Forwarded-For': forged, 'Fly-Client-IP': forged, 'X-Real-IP': forged },
        body: 'intent=email&accountEmail=not-an-email',
      });
      statuses.push(answer.status);
    }
    // The limit (3 a minute) may straddle a window boundary once: a fifth attempt settles it.
    if (!statuses.includes(429))
      statuses.push((await request('/sign-in', { method: 'POST', headers: { 'X-Forwarded-For': '198.51.100.9' }, body: 'intent=email' })).status);
    expect(statuses).toContain(429);
    const keys = (await getDb().rateLimitWindow.findMany({ select: { key: true } })).map((row) => row.key);
    expect(keys.filter((key) => key.startsWith('sign-in:'))).toEqual(expect.arrayContaining(['sign-in:127.0.0.1']));
    expect(keys.some((key) => key.includes('198.51.100.'))).toBe(false);
  });
});

describe('headers', () => {
  it('sends Strict-Transport-Security behind an https APP_URL, and a policy without Clerk hosts in the demo', async () => {
    const answer = await request('/products');
    expect(answer.status).toBe(200);
    expect(answer.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(answer.headers['content-security-policy']).not.toMatch(/clerk|cloudflare/i);
  });
});

describe('the private metrics listener', () => {
  it('listens on 127.0.0.1 by default, not on every interface', async () => {
    expect(metricsPort, server.output()).toBeGreaterThan(0);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    // Any other address of this machine must not answer on that port (the web port does).
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((entry) => entry && !entry.internal && entry.family === 'IPv4')
      .map((entry) => entry!.address);
    for (const address of others) {
      await expect(connects(address, port), address).resolves.toBe(true);
      await expect(connects(address, metricsPort), address).resolves.toBe(false);
    }
    expect(others.length, 'this machine has no address but loopback to try').toBeGreaterThan(0);
  });
});

function connects(host: string, to: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: to });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('slow and greedy clients', () => {
  it(`closes slow requests after the timeouts, and connections past ${MAX_CONNECTIONS_PER_CLIENT} from one address at once`, async () => {
    const started = Date.now();
    /** A connection that sends `first` and no more; `closed` is when the server closed it (ms). */
    const open = (first: string) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(first));
      // A connection refused at once may be reset before it even reports being connected.
      socket.on('error', () => {});
      // Read what the server answers (a 408), or the socket never sees the server's end.
      socket.resume();
      return { socket, closed: new Promise<number>((done) => socket.once('close', () => done(Date.now() - started))) };
    };
    // Headers that never end, then request bodies that never arrive (1 byte of 1,000).
    const slowHeaders = open('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await new Promise((resolve) => slowHeaders.socket.once('connect', resolve));
    const slowBodies = Array.from({ length: MAX_CONNECTIONS_PER_CLIENT + 10 }, () =>
      open('POST /theme HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nt'),
    );
    const headersClosed = await slowHeaders.closed;
    expect(headersClosed).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 1_000);
    expect(headersClosed).toBeLessThan(HEADERS_TIMEOUT_MS + 5_000);
    const bodiesClosed = await Promise.all(slowBodies.map(({ closed }) => closed));
    // With the slow-headers connection, 61 were opened: 11 over the cap, closed at once.
    expect(bodiesClosed.filter((ms) => ms < 2_000)).toHaveLength(11);
    const timedOut = bodiesClosed.filter((ms) => ms >= 2_000);
    expect(timedOut).toHaveLength(MAX_CONNECTIONS_PER_CLIENT - 1);
    for (const ms of timedOut) expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + 5_000);
    // Once they are gone, the same address is served again.
    expect((await request('/healthz')).status).toBe(200);
  }, 60_000);
});

describe('what a client may write to the log', () => {
  it('logs its mistakes (a bad `_data`, 404, 405, a hostile redirect) at info at most, without a stack, and nothing on stderr', async () => {
    const mark = server.output().length;
    const cookie = await sessionCookie((await createUser()).id);
    const answers = await Promise.all([
      request('/?_data=nonexistent'),
      request('/?_data=root'),
      request('/products?_data=routes%2Fno-such-route'),
      request('/no/such/page'),
      request('/no-such-page.data'),
      request('/products', { method: 'POST', body: 'a=b' }),
      request('/orders', { method: 'DELETE' }),
      request(`/sign-in?redirectTo=${encodeURIComponent('/\v/evil.example')}`, { headers: { Cookie: cookie } }),
      request('/theme', { method: 'POST', body: `theme=dark&redirectTo=${encodeURIComponent('/\n/evil.example')}` }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([403, 200, 403, 404, 404, 405, 405, 302, 302]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const printed = outputSince(mark);
    const lines = printed.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(answers.length);
    for (const line of lines) {
      // Every line is a JSON log line (a raw stack on stderr would not be).
      const entry = JSON.parse(line) as { level: string; msg: string };
      expect(['info', 'debug'], line).toContain(entry.level);
      expect(line).not.toMatch(/"stack"|\n\s+at /);
    }
  });
});
