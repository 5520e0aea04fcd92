import { defineConfig } from '@playwright/test';
import { chromium, E2E_CHECKOUT_STARTS_PER_MINUTE, E2E_WEBHOOK_SECRET, reporters, serverLogFile, serverPort } from './e2e/support/playwright-shared.ts';

const port = serverPort('E2E_PORT');
const baseURL = `http://127.0.0.1:${port}`;
const serverLog = serverLogFile(port);

export default defineConfig({
  testDir: 'e2e',
  // Clerk mode has a server and a config of its own: playwright.clerk.config.ts.
  testIgnore: 'clerk/**',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  // Generous: a 2-core CI machine runs the server, two browsers and PostgreSQL at once.
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // In CI only the printed log is read: no HTML report, no traces (recording one, kept or not, costs
  // about a quarter of the browser's CPU). Locally a failed test keeps its trace.
  reporter: reporters(serverLog, 'playwright-report'),
  use: {
    baseURL,
    trace: process.env.CI ? 'off' : 'retain-on-failure',
  },
  projects: [
    { name: 'js-on', use: { ...chromium, javaScriptEnabled: true } },
    // axe-core runs inside the page and waits on timers, which a page without scripts never fires:
    // the accessibility specs (states reached by interacting, emails) run with JavaScript only; the
    // layout check scans every page without JavaScript through a copy (e2e/support/axe.ts). Requests
    // crossing each other are those a page's scripts make; hydration is a page's scripts' work.
    {
      name: 'js-off',
      use: { ...chromium, javaScriptEnabled: false },
      testIgnore: ['clerk/**', 'accessibility.spec.ts', 'email-accessibility.spec.ts', 'crossing-requests.spec.ts', 'hydration.spec.ts'],
    },
  ],
  webServer: {
    command: 'node e2e/start-server.mjs',
    url: `${baseURL}/healthz`,
    // Images come from the built-in placeholder route: the test machine has no internet access.
    // Tests sign in far more often than a person: that limit is raised. Checkouts keep a limit a
    // test can reach (e2e/checkout.spec.ts goes over it); each test's people are its own.
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_ENV: 'test',
      // A developer's .env must not change what the tests start (server/env-file.ts).
      ENV_FILE: 'none',
      EMBEDDED_POSTGRES_PORT: '0',
      RUN_WORKER: '1',
      // Checkouts and emails wait for jobs: the worker asks for one every half second (pg-boss's
      // least), and a job that failed is retried after 1 s, 2 s, 4 s... (the retries themselves are
      // as many as in production).
      JOB_POLLING_INTERVAL_SECONDS: '0.5',
      JOB_RETRY_DELAY_SECONDS: '1',
      IMAGE_URL_TEMPLATE: '/placeholder-images/{id}',
      SIGN_IN_ATTEMPTS_PER_MINUTE: '100000',
      CHECKOUT_STARTS_PER_MINUTE: String(E2E_CHECKOUT_STARTS_PER_MINUTE),
      // A known secret instead of a generated one: e2e/email-accessibility.spec.ts signs an event.
      STRIPE_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
      // Warnings and errors only: a line per request would bury them (LOG_LEVEL=info shows them all).
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      E2E_SERVER_LOG: serverLog,
    },
    reuseExistingServer: false,
    // The first start initialises a PostgreSQL cluster, migrates and seeds.
    timeout: 60_000,
    // SIGTERM lets the server finish, stop PostgreSQL, and start-server.mjs remove the data folder.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
