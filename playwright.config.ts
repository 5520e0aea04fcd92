import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * A port for the server under test: E2E_PORT when set, else a free one in 41000-48999. Playwright
 * loads this file again in every worker; they inherit E2E_PORT from the runner, so all agree.
 */
function serverPort(): number {
  if (!process.env.E2E_PORT) {
    // Config loading is synchronous, so a child process does the asynchronous "is it free?" probe.
    const probe = `
      const net = require('node:net');
      const tryPort = (left) => {
        const port = 41000 + Math.floor(Math.random() * 8000);
        const server = net.createServer();
        server.once('error', () => (left > 0 ? tryPort(left - 1) : process.exit(1)));
        server.listen(port, '127.0.0.1', () => server.close(() => process.stdout.write(String(port))));
      };
      tryPort(50);`;
    process.env.E2E_PORT = execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  }
  const port = Number(process.env.E2E_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`E2E_PORT must be a TCP port, got "${process.env.E2E_PORT}"`);
  return port;
}

const port = serverPort();
const baseURL = `http://127.0.0.1:${port}`;

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  },
};

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  // Generous: a 2-core CI machine runs the server, two browsers and PostgreSQL at once.
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'js-on', use: { ...chromium, javaScriptEnabled: true } },
    { name: 'js-off', use: { ...chromium, javaScriptEnabled: false } },
  ],
  webServer: {
    command: 'node e2e/start-server.mjs',
    url: `${baseURL}/healthz`,
    // Images come from the built-in placeholder route: the test machine has no internet access.
    env: { PORT: String(port), HOST: '127.0.0.1', APP_ENV: 'test', RUN_WORKER: '1', IMAGE_URL_TEMPLATE: '/placeholder-images/{id}' },
    reuseExistingServer: false,
    // The first start initialises a PostgreSQL cluster, migrates and seeds.
    timeout: 60_000,
    // SIGTERM lets the server finish, stop PostgreSQL, and start-server.mjs remove the data folder.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
