// axe-core over the page as it stands, in the light and the dark theme. Themes follow the app's
// "system" choice (the default, without a theme cookie): the emulated colour scheme switches the
// CSS without a reload, so a page is loaded once and scanned twice. An email, which has no themes,
// is scanned once, as a document of its own.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import type { Result } from 'axe-core';

/** The rules whose outcome depends on colours: all that can change between the two themes. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

function describe(violations: Result[]) {
  return violations
    .map((violation) => {
      const nodes = violation.nodes.map((node) => `    ${node.target.join(' ')}\n      ${(node.failureSummary ?? '').replaceAll('\n', '\n      ')}`);
      return `  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/** Fails (softly, so that one run lists every problem) on any violation of `rules` (default: all). */
async function expectNoViolations(page: Page, label: string, rules?: string[]) {
  // Legacy mode runs axe in the page itself; the default opens a blank page per scan to merge
  // the results of cross-origin frames, which the app does not have.
  const axe = new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ['violations'] });
  if (rules) axe.withRules(rules);
  const { violations } = await axe.analyze();
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
 * One scan in the theme the page already shows: every rule in the light theme, the colour rules in
 * the dark one (the rest does not depend on colours), for specs that visit each theme on its own.
 */
export async function expectAccessibleNow(page: Page, label: string, scheme: 'light' | 'dark') {
  await expectNoViolations(page, `${label}, ${scheme} theme`, scheme === 'dark' ? COLOUR_RULES : undefined);
}
