// /economy as a visitor sees it, a product's price history and the profile's balance chart, with
// JavaScript on and off, on a desktop and on a 390 px phone: the books balance, every chart is there
// with its table, the range is a link, and with JavaScript pointing at a chart or moving through it
// with the arrow keys reads out a point. Axe-clean.
import { expect, test } from './support/test.ts';
import type { Page } from '@playwright/test';
import { expectAccessible } from './support/axe.ts';
import { open, signUp } from './fixtures.ts';

const CHARTS = ['gmv', 'orders', 'revenue', 'supply', 'velocity', 'people', 'gini', 'lorenz'];

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`the economy at ${viewport.width} px`, async ({ page, javaScriptEnabled }) => {
    test.slow(); // a long page scanned by axe in both themes
    await page.setViewportSize(viewport);
    await open(page, '/economy', javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1, name: 'Economy' })).toBeVisible();
    await expect(page.getByTestId('books-status')).toHaveText('The books balance.');
    await expect(page.getByTestId('books-grants')).toHaveText(/^\$[\d,]+\.\d\d$/);
    for (const chart of CHARTS) {
      const figure = page.getByTestId(`chart-${chart}`);
      await expect(figure.getByRole('img')).toBeVisible();
      await expect(figure.locator('svg title')).not.toBeEmpty();
    }
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

    // The figures as a table, opened without any script.
    const supply = page.getByTestId('chart-supply');
    await supply.getByText('The figures as a table').click();
    await expect(supply.getByRole('table')).toBeVisible();
    await expect(supply.getByRole('row').last()).toContainText(/\$[\d,]+\.\d\d/);

    await expect(page.getByTestId('board-people').getByRole('link').first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`economy-${viewport.width}.png`), fullPage: true });
    if (javaScriptEnabled) await expectAccessible(page, `economy at ${viewport.width} px`);

    await page.getByRole('navigation', { name: 'Time range' }).getByRole('link', { name: '7 days' }).click();
    await expect(page).toHaveURL(/\/economy\?range=7d$/);
    await expect(page.getByRole('navigation', { name: 'Time range' }).getByRole('link', { name: '7 days' })).toHaveAttribute('aria-current', 'page');
  });
}

async function readout(page: Page, chart: string) {
  return page.getByTestId(`chart-${chart}-readout`);
}

test('a chart reads out its points to a pointer and to the arrow keys, with JavaScript', async ({ page, javaScriptEnabled }) => {
  await open(page, '/economy?range=7d', javaScriptEnabled);
  const figure = page.getByTestId('chart-supply');
  if (!javaScriptEnabled) {
    // Without a script the chart is a picture and the table carries the figures.
    await figure.locator('svg').hover();
    await expect(await readout(page, 'supply')).toBeEmpty();
    return;
  }
  const svg = figure.locator('svg');
  const box = (await svg.boundingBox())!;
  await svg.hover({ position: { x: box.width - 20, y: box.height / 2 } });
  await expect(await readout(page, 'supply')).toHaveText(/^[A-Z][a-z]{2} \d+, \d{4}: \$[\d,]+\.\d\d$/);
  await page.mouse.move(0, 0);
  await expect(await readout(page, 'supply')).toBeEmpty();

  const chart = figure.getByRole('group', { name: /^Money supply: arrow keys/ });
  await chart.focus();
  // Home and End read the first and the last day of the table.
  const days = figure.locator('tbody th');
  await page.keyboard.press('Home');
  await expect(await readout(page, 'supply')).toHaveText(new RegExp(`^${await days.first().textContent()}: \\$[\\d,]+\\.\\d\\d$`));
  await page.keyboard.press('End');
  await expect(await readout(page, 'supply')).toHaveText(new RegExp(`^${await days.last().textContent()}: \\$[\\d,]+\\.\\d\\d$`));
});

// The demo seed reprices "Vintage Sketchbook" (up 15%) a day and a half after listing it.
for (const viewport of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`a product's price history and your balance over time at ${viewport.width} px`, async ({ page, javaScriptEnabled }) => {
    test.slow(); // two pages scanned by axe in both themes
    await page.setViewportSize(viewport);
    await open(page, '/products?q=Vintage%20Sketchbook', javaScriptEnabled);
    await page.getByRole('main').getByRole('link', { name: 'Vintage Sketchbook', exact: true }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Vintage Sketchbook' })).toBeVisible();
    const history = page.getByTestId('chart-price-history');
    await expect(history.getByRole('img')).toBeVisible();
    await expect(page.getByText('Listed, then repriced once.')).toBeVisible();
    await history.getByText('The figures as a table').click();
    const rows = history.getByRole('table').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.last()).toContainText(await page.getByTestId('price').innerText());
    await expect(rows.last().locator('th')).toHaveText('Now');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await page.screenshot({ path: test.info().outputPath(`price-history-${viewport.width}.png`), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await history.screenshot({ path: test.info().outputPath(`price-history-dark-${viewport.width}.png`) });
    await page.emulateMedia({ colorScheme: 'light' });
    if (javaScriptEnabled) await expectAccessible(page, `price history at ${viewport.width} px`);

    await signUp(page, javaScriptEnabled, 'Balance chart');
    await open(page, '/profile', javaScriptEnabled);
    const balance = page.getByTestId('chart-balance');
    await expect(balance.getByRole('img')).toBeVisible();
    await expect(balance.locator('figcaption')).toHaveText('Balance at the end of each day (UTC), last 90 days at most');
    await balance.getByText('The figures as a table').click();
    await expect(balance.getByRole('row').last()).toContainText('$4,000,000.00');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await page.screenshot({ path: test.info().outputPath(`profile-balance-${viewport.width}.png`), fullPage: true });
    if (javaScriptEnabled) await expectAccessible(page, `profile balance at ${viewport.width} px`);
  });
}
