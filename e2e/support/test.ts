// The `test` and `expect` every spec uses: Playwright's, with a log of what the test's browser went
// through (navigations, posts and data requests, failed and slow requests, error answers, console
// errors, crashes) kept as a file beside a failed test's other output. CI records no trace, so this
// log and the page snapshot are what a failure there is read from (e2e/support/failure-reporter.ts
// prints them). A test whose pages React could not hydrate as rendered fails.
import { writeFile } from 'node:fs/promises';
import { expect, test as base, type Page, type Request } from '@playwright/test';

export { expect };

/** React's production messages for a page that did not hydrate as the server rendered it (418 to 425). */
const HYDRATION_ERROR = /Minified React error #(418|419|421|422|423|425)\b/;

/** Collects the hydration errors `page` reports from now on. */
export function hydrationErrorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => {
    if (HYDRATION_ERROR.test(error.message)) errors.push(`${page.url()}: ${error.message.split('\n')[0]}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && HYDRATION_ERROR.test(message.text())) errors.push(`${page.url()}: ${message.text()}`);
  });
  return errors;
}

/** A request answered later than this is logged whatever it was for. */
const SLOW_REQUEST_MS = 1_000;

export const test = base.extend({
  context: async ({ context }, use, testInfo) => {
    const started = Date.now();
    const lines: string[] = [];
    const note = (text: string) => lines.push(`${((Date.now() - started) / 1000).toFixed(2).padStart(7)} s  ${text}`);

    const hydrationErrors: string[][] = [];
    const watch = (page: Page) => {
      hydrationErrors.push(hydrationErrorsOf(page));
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

    // A page that does not hydrate as rendered still works (React renders it again in the browser),
    // so nothing else would notice: every test fails on it.
    expect(hydrationErrors.flat(), 'React reported pages that did not hydrate as the server rendered them').toEqual([]);

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
