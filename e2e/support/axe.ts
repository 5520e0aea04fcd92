// axe-core over the page as it stands, in the light and the dark theme. Themes follow the app's
// "system" choice (the default, without a theme cookie): the emulated colour scheme switches the
// CSS without a reload, so a page is loaded once and scanned twice. An email, which has no themes,
// is scanned once, as a document of its own.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type axe from 'axe-core';
import type { Result, RunOptions } from 'axe-core';
import { expect, type Page } from '@playwright/test';

/**
 * axe's minified build, as the page evaluates it: `axe.source` is the readable build, twice the size,
 * and takes the browser about half as long again to evaluate (for every page scanned).
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The rules whose outcome depends on colours: all that can change between the two themes, which
 * differ in colours only (the `dark:` utilities set text, background, border, stroke and fill
 * colours, never a size or a spacing).
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

function describe(violations: Result[]) {
  return violations
    .map((violation) => {
      const nodes = violation.nodes.map((node) => `    ${node.target.join(' ')}\n      ${(node.failureSummary ?? '').replaceAll('\n', '\n      ')}`);
      return `  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/**
 * axe in the page, injected once per window: its source is 650 KB, and evaluating it costs more
 * than a scan (@axe-core/playwright evaluates it twice per scan). Resizing the page or switching its
 * colour scheme keeps the document, and writing a copy into a tab (`setContent`) keeps its window,
 * so every scan after the first runs at once; each scan reads the document as it is then.
 */
async function violationsOf(page: Page, options: RunOptions): Promise<Result[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // Only the violations come back: the whole result also lists every rule that passed or did not
  // apply, with its metadata, tens of kilobytes to serialize and send for every scan.
  return page.evaluate((options) => (window as unknown as { axe: typeof axe }).axe.run(document, options).then((results) => results.violations), options);
}

/** Fails (softly, so that one run lists every problem) on any violation of `rules` (default: all). */
async function expectNoViolations(page: Page, label: string, rules?: string[]) {
  const violations = await violationsOf(page, {
    resultTypes: ['violations'],
    // target-size (WCAG 2.2: what can be clicked is big enough, or far enough from its neighbours, to
    // hit with a finger) is off by default in axe; a rule named in `rules` runs whatever its default.
    ...(rules ? { runOnly: { type: 'rule', values: rules } } : { rules: { 'target-size': { enabled: true } } }),
  });
  expect
    .soft(
      violations.map((violation) => violation.id),
      `${label}:\n${describe(violations)}`,
    )
    .toEqual([]);
}

/**
 * Scans the page with every rule in the light theme and with the colour rules in the dark one, and
 * fails on any violation, printing each rule with its impact and the elements it flagged. Not only
 * serious and critical ones: the moderate and minor ones (landmarks, heading order...) are at zero
 * too, and stay there.
 */
export async function expectAccessible(page: Page, label: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveCSS('color-scheme', scheme);
    await expectNoViolations(page, `${label}, ${scheme} theme`, scheme === 'dark' ? COLOUR_RULES : undefined);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * The same standard for a document without the app's themes, such as an email opened on its own:
 * every rule, once. An email sets its own colours, so a dark colour scheme changes nothing in it.
 */
export async function expectAccessibleDocument(page: Page, label: string) {
  await expectNoViolations(page, label);
}

/**
 * One scan of the page as it stands, at its width in the theme it shows: every rule, or (`'colour'`)
 * only those whose outcome the theme can change, for a page already scanned in full at this width
 * in the other theme.
 */
export async function expectAccessibleNow(page: Page, label: string, rules: 'all' | 'colour') {
  await expectNoViolations(page, label, rules === 'all' ? undefined : COLOUR_RULES);
}

/**
 * axe waits on timers, which never fire in a page without JavaScript. A page loaded without it is
 * scanned as a copy: its document as the server sent it and the browser laid it out (scripts taken
 * out, what a `<noscript>` holds put in its place, as a browser without JavaScript shows it), shown
 * in `copy`, a page with JavaScript on (the stylesheets and images load from the same server), at
 * the original's size in the light theme. Resize and re-theme the copy with the original.
 */
export async function showScriptlessCopy(page: Page, copy: Page): Promise<Page> {
  const html = await page.evaluate(() => {
    const root = document.documentElement.cloneNode(true) as HTMLElement;
    for (const script of root.querySelectorAll('script')) script.remove();
    for (const noscript of root.querySelectorAll('noscript')) noscript.replaceWith(...noscript.childNodes);
    const base = document.createElement('base');
    base.href = location.href;
    root.querySelector('head')!.prepend(base);
    return `<!DOCTYPE html>${root.outerHTML}`;
  });
  await copy.setViewportSize(page.viewportSize()!);
  await copy.emulateMedia({ colorScheme: 'light' });
  await copy.setContent(html, { waitUntil: 'load' });
  return copy;
}
