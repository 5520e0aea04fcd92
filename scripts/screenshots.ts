// `npm run screenshots`: the README's pictures, taken from the built app (run `npm run build`
// first). The server is the e2e suite's: e2e/start-server.mjs with the environment of
// playwright.config.ts, on a fresh database with the demo seed. A demo shopper signs in through the
// sign-in page, fills the cart, checks out and pays on the test payment page, and every main page is
// captured in the light and the dark theme (chosen through POST /theme, as the theme switch does).
// Writes docs/screenshots/<page>-<theme>.png; the viewport only, so the files stay small.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium as playwrightChromium, expect, type Page } from '@playwright/test';
import config from '../playwright.config.ts';
import { chromium } from '../e2e/support/playwright-shared.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.join(root, 'docs/screenshots');
const THEMES = ['light', 'dark'] as const;
const VIEWPORT = { width: 1280, height: 800 };
/** The phone pictures: an iPhone 12-14's viewport. */
const PHONE = { width: 390, height: 844 };
const SHOPPER = 'Margaret Hamilton';
// Seeded products (prisma/seed.ts) with stock: the names are fixed, the ids are not.
const FEATURED = 'Cosmic Soundtrack';
const ALSO_BOUGHT = 'Neon Robot';

const webServer = [config.webServer ?? []].flat()[0];
const baseURL = config.use?.baseURL;
if (!webServer?.url || !baseURL) throw new Error('playwright.config.ts has no webServer url or baseURL');

async function main() {
  if (!existsSync(path.join(root, 'build/server/index.js'))) throw new Error('No build: run `npm run build` first.');
  mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  const server = await startServer();
  try {
    await capture();
  } finally {
    await stopServer(server);
  }
  console.log(`screenshots written to ${path.relative(root, outDir)}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The e2e server (fresh temporary database, demo seed), started as Playwright starts it. */
async function startServer(): Promise<ChildProcess> {
  const server = spawn(process.execPath, [path.join(root, 'e2e/start-server.mjs')], {
    cwd: root,
    env: { ...process.env, ...webServer!.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + (webServer!.timeout ?? 60_000);
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    const ready = await fetch(webServer!.url!).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return server;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  server.kill('SIGTERM');
  throw new Error(`the server did not answer ${webServer!.url} in time`);
}

/** SIGTERM: the server shuts down, and start-server.mjs removes its database folder. */
async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

async function capture() {
  const browser = await playwrightChromium.launch(chromium.launchOptions);
  try {
    const context = await browser.newContext({
      baseURL,
      viewport: VIEWPORT,
      deviceScaleFactor: 1,
      locale: 'en-US',
      timezoneId: 'UTC',
      colorScheme: 'light',
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();

    await open(page, '/sign-in');
    await page.getByRole('button', { name: `Continue as ${SHOPPER}` }).click();
    await expect(page.getByRole('banner').getByRole('link', { name: SHOPPER, exact: true })).toBeVisible();

    await shoot(page, 'products', '/products');
    await shoot(page, 'products-preview', `/products?q=${encodeURIComponent(FEATURED)}`, async () => {
      await page.getByTestId('image-popover').first().getByRole('link').focus();
      await expect(page.getByTestId('image-preview').first()).toBeVisible();
      // The preview's images start loading only now: wait until each has arrived.
      await page
        .getByTestId('image-preview')
        .first()
        .locator('[role=img]')
        .evaluateAll(async (images) => {
          const urls = images.map((image) => /url\("(.*)"\)/.exec((image as HTMLElement).style.getPropertyValue('--preview-image'))![1]!);
          await Promise.all(urls.map((url) => Object.assign(new Image(), { src: url }).decode()));
        });
    });
    const featured = await productPath(page, FEATURED);
    await shoot(page, 'product', featured);
    await shoot(page, 'price-history', await repricedProductPath(page), () => scrollTo(page, 'Price history'), { phone: true });

    await addToCart(page, featured, 2);
    await addToCart(page, await productPath(page, ALSO_BOUGHT), 1);
    await shoot(page, 'cart', '/cart');
    await shoot(page, 'cart-drawer', featured, async () => {
      await page
        .getByRole('banner')
        .getByRole('button', { name: /^Cart, / })
        .click();
      await expect(page.getByRole('dialog', { name: 'My Cart' }).getByTestId('cart-total')).toBeVisible();
      await Promise.all(
        (await page.getByRole('dialog').locator('img').all()).map((image) => image.evaluate((element) => (element as HTMLImageElement).decode())),
      );
    });

    await open(page, '/cart');
    await page.getByRole('button', { name: 'Check out' }).click();
    await expect(page).toHaveURL(/\/test-payments\/cs_test_/);
    const paymentPage = new URL(page.url()).pathname;
    await shoot(page, 'test-payment', paymentPage);

    await open(page, paymentPage);
    await page.getByRole('button', { name: /^Pay \$/ }).click();
    await expect(page).toHaveURL(/\/checkout\/success/);
    const orderLink = page.getByRole('link', { name: 'See your order' });
    await expect(orderLink).toBeVisible({ timeout: 30_000 });
    await shoot(page, 'order', (await orderLink.getAttribute('href'))!);

    await shoot(page, 'profile', '/profile');
    await shoot(page, 'balance', '/profile', () => scrollTo(page, 'Your balance over time'), { phone: true });
    await shoot(page, 'economy', '/economy');
  } finally {
    await browser.close();
  }
}

/** Opens a page and waits until React has hydrated and every image has loaded. */
async function open(page: Page, url: string) {
  await page.goto(url, { waitUntil: 'networkidle' });
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

/** The page of a seeded product, found through the catalog's search. */
async function productPath(page: Page, name: string) {
  await open(page, `/products?q=${encodeURIComponent(name)}`);
  const href = await page.getByRole('main').getByRole('link', { name, exact: true }).first().getAttribute('href');
  if (!href) throw new Error(`no product named ${name} in the catalog`);
  return href;
}

/** A product of the demo's trade whose price has changed since it was listed (every third one is). */
async function repricedProductPath(page: Page) {
  await open(page, '/products');
  const hrefs = await page
    .getByRole('main')
    .locator('a[href^="/products/"]')
    .evaluateAll((links) => [...new Set(links.map((link) => link.getAttribute('href')!))]);
  for (const href of hrefs) {
    await open(page, href);
    if ((await page.getByText('unchanged since').count()) === 0) return href;
  }
  throw new Error('no repriced product on the first page of the catalog');
}

/** Scrolls a section's heading to the top of the viewport. */
async function scrollTo(page: Page, heading: string) {
  await page.getByRole('heading', { name: heading }).evaluate((element) => element.scrollIntoView({ block: 'start' }));
}

async function addToCart(page: Page, productPage: string, quantity: number) {
  await open(page, productPage);
  const form = page.getByTestId('add-to-cart-form');
  await form.getByLabel('Quantity').fill(String(quantity));
  await form.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByTestId('add-to-cart-answer')).toContainText('Added to your cart');
}

/**
 * docs/screenshots/<name>-<theme>.png and <name>-phone-<theme>.png for both themes, each from a
 * fresh load of the page, after `prepare` (opening a popover or a drawer, scrolling to a section)
 * at each size when given; a prepared view only at the desktop's size unless `phone` is set.
 */
async function shoot(page: Page, name: string, url: string, prepare?: () => Promise<void>, { phone = !prepare } = {}) {
  for (const theme of THEMES) {
    await chooseTheme(page, theme);
    await open(page, url);
    // A message left by the previous step's redirect shows once: load again without it.
    if (await page.getByTestId('flash').count()) await open(page, url);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    for (const [suffix, viewport] of phone
      ? ([
          ['', VIEWPORT],
          ['-phone', PHONE],
        ] as const)
      : ([['', VIEWPORT]] as const)) {
      await page.setViewportSize(viewport);
      await prepare?.();
      const file = path.join(outDir, `${name}${suffix}-${theme}.png`);
      await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
      console.log(`  ${path.relative(root, file)}`);
    }
    await page.setViewportSize(VIEWPORT);
  }
}

/** What the theme switch posts: the app answers with the theme cookie. */
async function chooseTheme(page: Page, theme: (typeof THEMES)[number]) {
  const response = await page.request.post('/theme', { form: { theme, redirectTo: '/' }, maxRedirects: 0 });
  if (response.status() !== 302) throw new Error(`POST /theme answered ${response.status()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
