// The `test` and `expect` every spec uses: Playwright's, with a log of what the test's browser went
// through (navigations, posts and data requests, failed and slow requests, error answers, console
// errors, crashes) kept as a file beside a failed test's other output. CI records no trace, so this
// log and the page snapshot are what a failure there is read from (e2e/support/failure-reporter.ts
// prints them).
import { writeFile } from 'node:fs/promises';
import { test as base, type Page, type Request } from '@playwright/test';

export { expect } from '@playwright/test';

/** A request answered later than this is logged whatever it was for. */
const SLOW_REQUEST_MS = 1_000;

export const test = base.extend({
  context: async ({ context }, use, testInfo) => {
    const started = Date.now();
    const lines: string[] = [];
    const note = (text: string) => lines.push(`${((Date.now() - started) / 1000).toFixed(2).padStart(7)} s  ${text}`);

    const watch = (page: Page) => {
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) note(`at ${frame.url()}`);
      });
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') note(`console ${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => note(`page error: ${error.message}`));
      page.on('crash', () => note('page crashed'));
    };
    context.pages().forEach(watch);
    context.on('page', watch);
    context.on('requestfailed', (request) => note(`failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'no reason'})`));
    // On the answer's headers: its status and timing are at hand then, without asking the browser.
    context.on('response', (response) => {
      const request = response.request();
      const ms = Math.round(request.timing().responseStart);
      if (isWorthNoting(request) || ms > SLOW_REQUEST_MS || response.status() >= 400) {
        note(`${request.method()} ${request.url()} → ${response.status()} in ${ms} ms`);
      }
    });

    await use(context);

    if (testInfo.status !== testInfo.expectedStatus && lines.length > 0) {
      const file = testInfo.outputPath('browser-log.txt');
      await writeFile(file, `${lines.join('\n')}\n`);
      await testInfo.attach('browser-log', { path: file, contentType: 'text/plain' });
    }
  },
});

/** Documents, form posts and Remix's data and route requests: the steps of a navigation. */
function isWorthNoting(request: Request): boolean {
  if (request.resourceType() === 'document' || request.method() !== 'GET') return true;
  const { pathname } = new URL(request.url());
  return pathname.endsWith('.data') || pathname === '/__manifest';
}
