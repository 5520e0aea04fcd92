// /economy as a visitor sees it, with JavaScript on and off, on a desktop and on a 390 px phone:
// the books balance, every chart is there with its table, the range is a link, and with JavaScript
// pointing at a chart or moving through it with the arrow keys reads out a point. Axe-clean.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/axe.ts';
import { open } from './fixtures.ts';

const CHARTS = ['gmv', 'orders', 'revenue', 'supply', 'velocity', 'people', 'gini', 'lorenz'];

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
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
