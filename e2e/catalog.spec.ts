// Browsing the catalog: search, sort, pages and a product's page, with JavaScript on (js-on) and
// off (js-off). Read-only on the seeded shop, so it runs beside other specs.
import { expect, test } from './support/test.ts';
import type { Browser, Locator, Page } from '@playwright/test';

async function open(page: Page, url: string, javaScriptEnabled: boolean) {
  await page.goto(url);
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

const table = (page: Page) => page.getByRole('table');
const rows = (page: Page) => page.getByTestId('product-row');

/** The prices shown in the table, in cents, top to bottom. */
async function pricesOnPage(page: Page) {
  const cells = await rows(page).locator('td:nth-child(4)').allTextContents();
  return cells.map((text) => Math.round(Number(text.replace(/[$,]/g, '')) * 100));
}

test('find a product by search, sort by price, go to page 2 and open a product', async ({ page, javaScriptEnabled }) => {
  await open(page, '/products', javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
  await expect(rows(page)).toHaveCount(10);

  const search = page.getByRole('searchbox', { name: 'Search products by name' });
  await search.fill('Robot');
  if (!javaScriptEnabled) await search.press('Enter');
  await expect(page).toHaveURL(/[?&]q=Robot\b/);
  await expect(rows(page)).toHaveCount(9);
  for (const name of await rows(page).locator('td:nth-child(2) a').allTextContents()) expect(name).toContain('Robot');

  await page.getByRole('link', { name: 'Reset' }).click();
  await expect(page).toHaveURL(/\/products$/);
  await expect(search).toHaveValue('');

  await table(page).getByRole('link', { name: 'Price', exact: true }).click();
  await expect(page).toHaveURL(/sort=price&order=asc/);
  await expect(page.getByRole('columnheader', { name: 'Price' })).toHaveAttribute('aria-sort', 'ascending');
  const firstPage = await pricesOnPage(page);
  expect(firstPage).toHaveLength(10);
  expect(firstPage).toEqual([...firstPage].sort((a, b) => a - b));

  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId('page-status')).toHaveText(/^Page 2 of \d+$/);
  const secondPage = await pricesOnPage(page);
  expect(secondPage).toEqual([...secondPage].sort((a, b) => a - b));
  expect(secondPage[0]).toBeGreaterThanOrEqual(firstPage.at(-1)!);

  const first = rows(page).first().locator('td:nth-child(2) a');
  const name = (await first.textContent())!;
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByTestId('price')).toHaveText(formatCents(secondPage[0]!));
  await expect(page.getByRole('link', { name: 'Sign in to buy' })).toBeVisible();
});

test('rows per page, and the first and last page links', async ({ page, javaScriptEnabled }) => {
  await open(page, '/products?sort=name', javaScriptEnabled);
  await page.getByRole('combobox', { name: 'Rows per page' }).selectOption('20');
  if (!javaScriptEnabled) await page.getByRole('navigation', { name: 'Pagination' }).getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/perPage=20/);
  await expect(page).toHaveURL(/sort=name/);
  await expect(rows(page)).toHaveCount(20);
  await page.getByRole('link', { name: 'Last page' }).click();
  await expect(page.getByTestId('page-status')).toHaveText(/^Page (\d+) of \1$/);
  await expect(page.getByRole('link', { name: 'Next page' })).toHaveCount(0);
  await page.getByRole('link', { name: 'First page' }).click();
  await expect(page.getByTestId('page-status')).toHaveText(/^Page 1 of \d+$/);
  await expect(rows(page).first().locator('td:nth-child(2) a')).toHaveText('Arctic Deluxe');
});

test('a product page shows its images, price, seller and other products', async ({ page, javaScriptEnabled }) => {
  await open(page, '/products?q=Quantum%20Robot', javaScriptEnabled);
  await rows(page).getByRole('link', { name: 'Quantum Robot', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quantum Robot' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute('href', /^\/users\//);
  await expect(page.getByRole('heading', { name: 'Other products of Ada Lovelace' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Images of Quantum Robot' }).getByRole('img')).toHaveCount(1);

  // The seed gives the second product ("Quantum Sketchbook") two images.
  await open(page, '/products?q=Quantum%20Sketchbook', javaScriptEnabled);
  await rows(page).getByRole('link', { name: 'Quantum Sketchbook', exact: true }).click();
  const images = page.getByRole('list', { name: 'Images of Quantum Sketchbook' });
  await expect(images.getByRole('img')).toHaveCount(2);
  const second = images.getByRole('img', { name: 'Quantum Sketchbook, image 2 of 2' });
  await expect(second).not.toBeInViewport({ ratio: 0.9 });
  if (javaScriptEnabled) {
    await expect(page.getByTestId('carousel-status')).toHaveText('Image 1 of 2');
    await page.getByRole('button', { name: 'Next image' }).click();
    await expect(page.getByTestId('carousel-status')).toHaveText('Image 2 of 2');
  } else {
    await expect(page.getByRole('button', { name: 'Next image' })).toHaveCount(0);
    // Each image carries its number, drawn above the image and not under it.
    const number = images.getByTestId('image-number').first();
    await expect(number).toHaveText('1 / 2');
    const onTop = await number.evaluate((badge) => {
      const box = badge.getBoundingClientRect();
      return [box.left + 2, box.right - 2].every((x) => badge.contains(document.elementFromPoint(x, box.top + box.height / 2)));
    });
    expect(onTop, 'the image number is drawn above its image').toBe(true);
    await page.getByRole('link', { name: 'Show image 2' }).click();
  }
  await expect(second).toBeInViewport({ ratio: 0.9 });
});

test("links are the browser's without JavaScript and the router's with it: one document for the whole visit, Back included", async ({
  page,
  javaScriptEnabled,
}) => {
  await open(page, '/products?q=Quantum%20Robot', javaScriptEnabled);
  const documents: string[] = [];
  page.on('request', (request) => request.resourceType() === 'document' && documents.push(new URL(request.url()).pathname));

  // A row's link, the sidebar's, the header's, then Back.
  await rows(page).getByRole('link', { name: 'Quantum Robot', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quantum Robot' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Economy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Economy' })).toBeVisible();
  await page.getByRole('banner').getByRole('link', { name: 'REEN' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Economy' })).toBeVisible();

  if (javaScriptEnabled) expect(documents).toEqual([]);
  else expect(documents.slice(0, 3)).toEqual([expect.stringMatching(/^\/products\/[\w-]+$/), '/economy', '/']);
});

test('an unknown product shows the 404 page', async ({ page }) => {
  const response = await page.goto('/products/00000000-0000-4000-8000-00000000abcd');
  expect(response?.status()).toBe(404);
  await expect(page.getByText('Page not found')).toBeVisible();
});

test('the search box filters as you type with JavaScript, and on Enter without it', async ({ page, javaScriptEnabled }) => {
  await open(page, '/products', javaScriptEnabled);
  // A full page load would forget this.
  await page.evaluate(() => Object.assign(window, { notReloaded: true }));
  const search = page.getByRole('searchbox', { name: 'Search products by name' });
  await search.pressSequentially('Neon Fo', { delay: 30 });
  if (!javaScriptEnabled) await search.press('Enter');
  await expect(page).toHaveURL(/[?&]q=Neon\+Fo(&|$)/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).locator('td:nth-child(2) a')).toHaveText('Neon Font Pack');
  const survived = await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded === true);
  expect(survived).toBe(javaScriptEnabled);
  if (javaScriptEnabled) await expect(search).toBeFocused();
});

function formatCents(cents: number) {
  return `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

test('Enter in the search box loads the results once, also while a search as you type is pending', async ({ page, javaScriptEnabled }) => {
  await open(page, '/products', javaScriptEnabled);
  const searches: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).searchParams.get('q') === 'Robot') searches.push(request.url());
  });
  const search = page.getByRole('searchbox', { name: 'Search products by name' });
  await search.fill('Robot');
  await search.press('Enter');
  await expect(rows(page)).toHaveCount(9);
  // Longer than the search box's pause (300 ms): a submit it still had pending would go out by now.
  await page.waitForTimeout(600);
  expect(searches).toHaveLength(1);
});

test('every visitor sees "Only N left" under 8 units and "Sold out" at 0, in the list and on the page', async ({ page, javaScriptEnabled }) => {
  // The seed stocks "Quantum Deluxe" with 4 units and "Quantum Robot" with none.
  await open(page, '/products?q=Quantum', javaScriptEnabled);
  const row = (name: string) => rows(page).filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row('Quantum Deluxe').getByTestId('stock-label')).toHaveText('Only 4 left');
  await expect(row('Quantum Robot').getByTestId('stock-label')).toHaveText('Sold out');
  await expect(row('Quantum Sketchbook').getByTestId('stock-label')).toHaveCount(0);
  await row('Quantum Deluxe').getByRole('link', { name: 'Quantum Deluxe', exact: true }).click();
  await expect(page.getByTestId('stock')).toContainText('Only 4 left');
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`a thumbnail previews all the product's images on hover and on focus, fetched only then, unclipped (${viewport.width} px)`, async ({
    page,
    javaScriptEnabled,
  }) => {
    await page.setViewportSize(viewport);
    await page.mouse.move(0, viewport.height - 1);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    // The seed gives "Quantum Soundtrack" three images.
    await open(page, '/products?q=Quantum%20Soundtrack', javaScriptEnabled);
    const popover = rows(page).getByTestId('image-popover');
    const preview = popover.getByTestId('image-preview');
    // Hidden, they have no role yet.
    const images = preview.locator('[role=img]');
    await expect(preview).toBeHidden();
    const sources = await images.evaluateAll((elements) =>
      elements.map((image) => new URL(/url\("(.*)"\)/.exec((image as HTMLElement).style.getPropertyValue('--preview-image'))![1]!, document.baseURI).pathname),
    );
    expect(sources).toHaveLength(3);
    expect(requested).not.toContain(sources[1]);
    expect(requested).not.toContain(sources[2]);

    await popover.getByRole('link').hover();
    await expect(preview).toBeVisible();
    for (const [i, image] of (await images.all()).entries()) {
      await expect(image).toHaveAccessibleName(`Quantum Soundtrack, image ${i + 1} of 3`);
      await expect(image).toBeInViewport({ ratio: 1 });
      // Nothing covers or clips it: the point at its centre is the image itself.
      const onTop = await image.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === element;
      });
      expect(onTop).toBe(true);
    }
    await expect.poll(() => requested).toContain(sources[1]);
    await expect.poll(() => requested).toContain(sources[2]);

    // Away and back by keyboard: the thumbnail's link takes focus and shows the preview.
    await page.mouse.move(0, viewport.height - 1);
    await expect(preview).toBeHidden();
    // The thumbnail's link comes right after the table's last column header.
    await table(page).getByRole('link', { name: 'Seller', exact: true }).focus();
    await page.keyboard.press('Tab');
    await expect(popover.getByRole('link')).toBeFocused();
    await expect(preview).toBeVisible();
    await expect(images.first()).toBeInViewport({ ratio: 1 });
  });
}

/** The colour of the pixel at (x, y) of a PNG screenshot, read in a page of its own (scripts on). */
async function pixel(browser: Browser, png: Buffer, x: number, y: number): Promise<number[]> {
  const context = await browser.newContext({ javaScriptEnabled: true });
  try {
    const reader = await context.newPage();
    return await reader.evaluate(
      async ({ data, x, y }) => {
        const image = new Image();
        image.src = `data:image/png;base64,${data}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context2d = canvas.getContext('2d')!;
        context2d.drawImage(image, 0, 0);
        return Array.from(context2d.getImageData(x, y, 1, 1).data.slice(0, 3));
      },
      { data: png.toString('base64'), x, y },
    );
  } finally {
    await context.close();
  }
}

test("images whose host is unreachable show the app's placeholder picture, not a broken image", async ({ page, browser, javaScriptEnabled }) => {
  await page.route('**/placeholder-images/**', (route) => route.abort('addressunreachable'));
  // The placeholder's background, #e4e4e7 (a broken image would show what is behind it).
  const placeholder = [0xe4, 0xe4, 0xe7];
  const expectPlaceholder = async (image: Locator) => {
    await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).complete)).toBe(true);
    if (javaScriptEnabled) await expect(image).toHaveAttribute('src', '/images/image-unavailable.svg');
    const color = await pixel(browser, await image.screenshot(), 10, 10);
    for (const [i, channel] of color.entries()) expect(Math.abs(channel - placeholder[i]!)).toBeLessThanOrEqual(3);
  };

  await open(page, '/products?q=Quantum%20Sketchbook', javaScriptEnabled);
  await expectPlaceholder(rows(page).getByTestId('image-popover').locator('img'));
  await rows(page).getByRole('link', { name: 'Quantum Sketchbook', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quantum Sketchbook' })).toBeVisible();
  await expectPlaceholder(page.getByRole('list', { name: 'Images of Quantum Sketchbook' }).getByRole('img').first());
});
