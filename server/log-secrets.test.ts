// The built web server and worker, in production mode with recognisable secrets, serve real traffic
// (sign-up, a form error, two checkouts, Stripe webhooks signed and forged, a payment session that
// cannot be expired, an email the mail server refuses, /metrics with and without the token). What
// they print must be JSON lines tagged with the request or job they belong to, and must hold none
// of the secrets. Stripe's API is played by msw inside the spawned processes
// (test/stripe-mock-preload.ts); the database, SMTP and HTTP are real.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { addToCart, createProduct, createSeller } from '../test/factories.ts';
import { useScratchDatabase } from '../test/database-hooks.ts';
import { cookiesFrom, formPost } from '../test/http.ts';
import { parseMetrics, valueOf } from '../test/metrics.ts';
import { envWithout, startBuiltProcess, type RunningProcess } from '../test/process.ts';
import { startSmtpServer } from '../test/smtp.ts';
import { getFreePort } from './free-port.ts';
import { projectRoot } from './project-root.ts';

const token = () => randomBytes(18).toString('base64url');
const SECRETS = {
  SESSION_SECRET: `session-secret-${token()}`,
  STRIPE_SECRET_KEY: `sk_test_${token()}`,
  STRIPE_WEBHOOK_SECRET: `whsec_${token()}`,
  METRICS_TOKEN: `metrics-token-${token()}`,
};
const SMTP_CREDENTIALS = { user: 'reen-mailer', pass: `smtp-pass-${token()}` };

const SIGN_UP_PASSWORD = `pw-${randomUUID()}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'reen-log-secrets-'));
const processes: RunningProcess[] = [];
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

// A database of its own: the spawned worker works every queue, and must take no other test's jobs.
const scratch = useScratchDatabase();

beforeAll(async () => {
  smtp = await startSmtpServer({ credentials: SMTP_CREDENTIALS });
});

afterAll(async () => {
  for (const running of processes) running.child.kill('SIGKILL');
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(script: 'index' | 'worker', env: Record<string, string>) {
  const baseEnv = {
    ...envWithout('LOG_LEVEL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'METRICS_TOKEN', 'METRICS_PORT'),
    APP_ENV: 'production',
    DEMO_MODE: '1',
    SEED_DEMO_DATA: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: scratch.url,
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'debug',
    RUN_WORKER: '0',
    JOB_RETRY_DELAY_SECONDS: '1',
    ...SECRETS,
    METRICS_PORT: String(await getFreePort()),
    // Required in production: the web process is reached at its own address here.
    APP_URL: env.PORT ? `http://127.0.0.1:${env.PORT}` : 'http://127.0.0.1',
  };
  const running = await startBuiltProcess(
    script,
    { ...baseEnv, ...env },
    {
      ready: script === 'index' ? /REEN is ready at (http:\/\/[^\s"]+)/ : /REEN worker is running/,
      execArgv: ['--import', 'tsx', '--import', pathToFileURL(path.join(projectRoot(), 'test/stripe-mock-preload.ts')).href],
    },
  );
  processes.push(running);
  return { ...running, metricsPort: baseEnv.METRICS_PORT };
}

function signedWebhook(payload: string, secret: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) },
    body: payload,
  };
}

/** Every JSON line a process printed (libraries may print a plain warning now and then). */
function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function scrape(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, samples: response.ok ? parseMetrics(await response.text()) : [] };
}

describe('logs and metrics of the built processes', () => {
  it('tag every line with its request or job, count what happened, and never print a secret', async () => {
    const [web, worker, webWithoutToken] = await Promise.all([
      start('index', { PORT: String(await getFreePort()) }),
      start('worker', {}),
      start('index', { PORT: String(await getFreePort()), METRICS_TOKEN: '' }),
    ]);
    const url = web.ready[1]!;
    const request = (pathname: string, init: RequestInit = {}) => fetch(`${url}${pathname}`, { redirect: 'manual', ...init });

    // A page, with a request id of our own.
    const requestId = `log-test-${randomUUID()}`;
    expect((await request('/', { headers: { 'X-Request-Id': requestId } })).headers.get('x-request-id')).toBe(requestId);

    // Sign up (the session cookie is a secret too), then a form error.
    const email = `logs-${randomUUID().slice(0, 8)}@example.test`;
    const signUp = await request('/sign-in', formPost({ intent: 'create', name: 'Log Tester', email, newPassword: SIGN_UP_PASSWORD }));
    expect(signUp.status).toBe(302);
    const cookie = cookiesFrom(signUp);
    expect(cookie).toMatch(/=.{20,}/);
    expect((await request('/sign-in', formPost({ intent: 'create', name: 'Log Tester', email: 'not an email', newPassword: SIGN_UP_PASSWORD }))).status).toBe(
      400,
    );
    expect((await request('/sign-in', formPost({ intent: 'password', accountEmail: email, password: `${SIGN_UP_PASSWORD} typo` }))).status).toBe(401);

    const buyer = await getDb().user.findFirstOrThrow({ where: { email }, select: { id: true } });
    const { id: sellerId } = await createSeller();
    const seller = await getDb().user.findUniqueOrThrow({ where: { id: sellerId }, select: { email: true } });
    await addToCart(buyer.id, (await createProduct({ ownerId: sellerId, priceCents: 7_00, stock: 5 })).id, 2);

    // A first checkout, whose payment session Stripe will not know when the second one replaces it:
    // expiring it fails, and that error is logged inside the request.
    const first = await request('/checkout', formPost({}, cookie));
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_mock_/);
    await getDb().checkout.update({ where: { openForUserId: buyer.id }, data: { paymentSessionId: `cs_test_unknown_${randomUUID()}` } });
    const second = await request('/checkout', formPost({}, cookie));
    expect(second.status).toBe(303);
    const checkout = await getDb().checkout.findUniqueOrThrow({
      where: { openForUserId: buyer.id },
      select: { id: true, paymentSessionId: true, totalCents: true },
    });

    // Stripe reports the payment; the buyer's mailbox refuses the confirmation, the seller's takes the notice.
    smtp.unavailable.add(email);
    const session = {
      id: checkout.paymentSessionId,
      object: 'checkout.session',
      status: 'complete',
      payment_status: 'paid',
      payment_intent: `pi_${token()}`,
      amount_total: checkout.totalCents,
      metadata: { checkoutId: checkout.id },
      client_reference_id: checkout.id,
    };
    const payload = JSON.stringify({ id: `evt_${token()}`, object: 'event', type: 'checkout.session.completed', data: { object: session } });
    expect((await request('/webhooks/stripe', signedWebhook(payload, SECRETS.STRIPE_WEBHOOK_SECRET))).status).toBe(200);
    expect((await request('/webhooks/stripe', signedWebhook(payload, `whsec_${token()}`))).status).toBe(400);

    await expect.poll(async () => (await getDb().checkout.findUniqueOrThrow({ where: { id: checkout.id } })).status, { timeout: 30_000 }).toBe('COMPLETED');
    await expect.poll(() => smtp.receivedBy(seller.email!).length, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => jsonLines(worker.output()).some((line) => line.queue === 'send-email' && line.level === 'error'), { timeout: 30_000 }).toBe(true);

    // /metrics on the web port: the token, and only the token, opens it; unset, it is not there.
    const metricsUrl = `${url}/metrics`;
    expect((await scrape(metricsUrl)).status).toBe(401);
    expect((await scrape(metricsUrl, { Authorization: `Bearer ${token()}` })).status).toBe(401);
    expect((await scrape(metricsUrl, { Authorization: SECRETS.METRICS_TOKEN })).status).toBe(401);
    // A request's duration is recorded once its answer has gone out (the response's 'close'), which
    // can come after the client has read that answer: the third refusal may be counted a moment late.
    let webMetrics = await scrape(metricsUrl, { Authorization: `Bearer ${SECRETS.METRICS_TOKEN}` });
    await expect
      .poll(async () => {
        webMetrics = await scrape(metricsUrl, { Authorization: `Bearer ${SECRETS.METRICS_TOKEN}` });
        return valueOf(webMetrics.samples, 'reen_http_request_duration_seconds_count', { route: 'metrics', status_class: '4xx' });
      })
      .toBe(3);
    expect(webMetrics.status).toBe(200);
    expect(valueOf(webMetrics.samples, 'reen_http_request_duration_seconds_count', { route: 'routes/checkout', method: 'POST', status_class: '3xx' })).toBe(2);
    expect(
      valueOf(webMetrics.samples, 'reen_http_request_duration_seconds_count', { route: 'routes/webhooks.stripe', method: 'POST', status_class: '4xx' }),
    ).toBe(1);
    expect(valueOf(webMetrics.samples, 'reen_http_request_duration_seconds_count', { route: 'metrics', status_class: '4xx' })).toBe(3);
    expect(valueOf(webMetrics.samples, 'reen_checkout_outcomes_total', { outcome: 'released' })).toBe(1);
    const tokenless = webWithoutToken.ready[1]!;
    expect((await scrape(`${tokenless}/metrics`, { Authorization: `Bearer ${SECRETS.METRICS_TOKEN}` })).status).toBe(404);
    // The private listener (Fly's scraper) needs no token.
    expect((await scrape(`http://127.0.0.1:${web.metricsPort}/metrics`)).status).toBe(200);

    // The worker's job metrics, on its private listener.
    const workerMetrics = await scrape(`http://127.0.0.1:${worker.metricsPort}/metrics`);
    expect(workerMetrics.status).toBe(200);
    expect(valueOf(workerMetrics.samples, 'reen_jobs_processed_total', { queue: 'checkout-complete', outcome: 'completed' })).toBe(1);
    expect(valueOf(workerMetrics.samples, 'reen_job_duration_seconds_count', { queue: 'checkout-complete', outcome: 'completed' })).toBe(1);
    // The order's one send-email job delivered the seller's notice, and fails while the buyer's mailbox refuses.
    expect(valueOf(workerMetrics.samples, 'reen_jobs_processed_total', { queue: 'send-email', outcome: 'completed' })).toBe(0);
    expect(valueOf(workerMetrics.samples, 'reen_jobs_processed_total', { queue: 'send-email', outcome: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(workerMetrics.samples, 'reen_checkout_outcomes_total', { outcome: 'completed' })).toBe(1);
    for (const state of ['ready', 'deferred', 'active']) {
      expect(
        workerMetrics.samples.some((sample) => sample.name === 'reen_queue_jobs' && sample.labels.queue === 'send-email' && sample.labels.state === state),
      ).toBe(true);
    }

    for (const running of [web, worker, webWithoutToken]) running.child.kill('SIGTERM');
    await Promise.all([web.exited, worker.exited, webWithoutToken.exited]);

    // Nothing secret anywhere, as printed or URL-encoded.
    const output = [web, worker, webWithoutToken].map((running) => running.output()).join('\n');
    const databasePassword = decodeURIComponent(new URL(scratch.url).password);
    const cookieValue = cookie.slice(cookie.indexOf('=') + 1);
    const secrets: Record<string, string | undefined> = {
      ...SECRETS,
      TEST_PAYMENTS_WEBHOOK_SECRET: process.env.TEST_PAYMENTS_WEBHOOK_SECRET,
      'the database password': databasePassword,
      'the SMTP password': SMTP_CREDENTIALS.pass,
      'the session cookie': decodeURIComponent(cookieValue),
      'a password': SIGN_UP_PASSWORD,
    };
    expect(databasePassword.length).toBeGreaterThanOrEqual(8);
    for (const [name, value] of Object.entries(secrets)) {
      expect(value, name).toBeTruthy();
      expect(output.includes(value!), `${name} was printed`).toBe(false);
      expect(output.includes(encodeURIComponent(value!)), `${name} was printed URL-encoded`).toBe(false);
    }

    // The web process: one line per request, tagged with its id, and the model's error inside it.
    const webLines = jsonLines(web.output());
    expect(webLines.length).toBeGreaterThan(10);
    expect(webLines).toContainEqual(
      expect.objectContaining({ level: 'info', requestId, method: 'GET', path: '/', route: 'routes/_index', status: 200, durationMs: expect.any(Number) }),
    );
    expect(webLines).toContainEqual(expect.objectContaining({ route: 'routes/sign-in', method: 'POST', status: 400, requestId: expect.any(String) }));
    expect(webLines).toContainEqual(expect.objectContaining({ route: 'routes/webhooks.stripe', status: 400, requestId: expect.any(String) }));
    const checkoutRequests = webLines.filter((line) => line.route === 'routes/checkout' && line.status === 303);
    expect(checkoutRequests).toHaveLength(2);
    const expireError = webLines.find((line) => line.msg === 'could not expire a payment session');
    expect(expireError).toMatchObject({ level: 'error', err: expect.objectContaining({ type: expect.any(String) }) });
    expect(expireError!.requestId).toBe(checkoutRequests[1]!.requestId);
    // Every line logged while a request ran carries its id; lines outside requests (start-up) none.
    for (const line of webLines.filter((line) => 'err' in line)) expect(line.requestId, JSON.stringify(line)).toEqual(expect.any(String));

    // The worker: each job's lines carry its id and queue.
    const workerLines = jsonLines(worker.output());
    expect(workerLines).toContainEqual(
      expect.objectContaining({ level: 'info', queue: 'checkout-complete', jobId: expect.any(String), msg: 'job checkout-complete completed' }),
    );
    expect(workerLines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        queue: 'send-email',
        jobId: expect.any(String),
        err: expect.objectContaining({ message: expect.stringMatching(/Mailbox unavailable/) }),
      }),
    );

    // Without METRICS_TOKEN in production, start-up says so once.
    expect(jsonLines(webWithoutToken.output()).filter((line) => String(line.msg).startsWith('METRICS_TOKEN is not set'))).toEqual([
      expect.objectContaining({ level: 'warn' }),
    ]);
  }, 150_000);
});
