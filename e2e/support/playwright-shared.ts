// What both Playwright configs share: the browsers, the reporters, a free port for the server under test
// and the file its requests are logged to.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devices, type ReporterDescription } from '@playwright/test';

/** Debian's browsers, when installed: the full Chromium and its old headless shell. */
const FULL_CHROMIUM = '/usr/bin/chromium';
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/**
 * The e2e server's webhook signing secret (without Stripe keys, the test payment provider signs its
 * events with it too): known to the tests, so that one can send the app a Stripe event of its own.
 */
export const E2E_WEBHOOK_SECRET = 'whsec_reen_e2e_webhooks';

/** Checkout starts a person may make per minute on the e2e server: far above any test's own flow. */
export const E2E_CHECKOUT_STARTS_PER_MINUTE = 30;

/**
 * A port for a server under test: the variable `name` when set, else a free one in 41000-48999.
 * Playwright loads its config again in every worker; they inherit the variable from the runner, so
 * all agree.
 */
export function serverPort(name: string): number {
  if (!process.env[name]) {
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
    process.env[name] = execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  }
  const port = Number(process.env[name]);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${name} must be a TCP port, got "${process.env[name]}"`);
  return port;
}

/** Where the server under test on `port` logs every request (e2e/start-server.mjs). */
export function serverLogFile(port: number): string {
  return path.join(os.tmpdir(), `reen-e2e-server-${port}.log`);
}

/**
 * The reporters of both configs: the list, then what failed tests saw (e2e/support/failure-reporter.ts);
 * locally also the HTML report. In CI only the printed output is read.
 */
export function reporters(serverLog: string, htmlFolder: string): ReporterDescription[] {
  const printed: ReporterDescription[] = [['list'], ['./e2e/support/failure-reporter.ts', { serverLog }]];
  return process.env.CI ? printed : [...printed, ['html', { open: 'never', outputFolder: htmlFolder }]];
}

/** Settings of a Chromium launched from `executablePath` (Playwright's own browser when undefined). */
function chromiumAt(executablePath: string | undefined) {
  return {
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        // Without a GPU its process only composites in software: as a thread of the browser process
        // it spares the two a process switch and a message for every frame.
        '--in-process-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        // One renderer process may hold pages of several sites: the tests visit only our server, and
        // a process per site costs the two cores of a CI machine about a sixth of the browser's CPU.
        '--disable-site-isolation-trials',
        // A test's page lives seconds: V8's optimising compilers (Maglev, TurboFan) spend more CPU
        // compiling its scripts than the faster code gives back before the page is gone. Sparkplug's
        // baseline code stays. About an eighth less of the browser's CPU (README.md, "Test it").
        '--js-flags=--no-opt,--no-maglev',
      ],
    },
  };
}

const installed = (file: string) => (existsSync(file) ? file : undefined);

/**
 * The browser of the e2e suite: the old headless shell (what Playwright's own downloads run for
 * headless tests; about half the CPU of the full browser), else the full one.
 */
export const chromium = chromiumAt(installed(HEADLESS_SHELL) ?? installed(FULL_CHROMIUM));

/**
 * The full browser, for the Clerk specs: Clerk's handshake is a redirect to Clerk's own host, which
 * the specs answer with page.route; the headless shell sends that redirected request to the network
 * instead of the route.
 */
export const fullChromium = chromiumAt(installed(FULL_CHROMIUM));
