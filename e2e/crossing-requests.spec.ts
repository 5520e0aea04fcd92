// What a page with JavaScript does when its requests cross on a slow network: requests are held
// with page.route so that they answer in the order under test. JavaScript only (without it there are
// no background requests to cross): the js-off project leaves this spec out.
import { randomUUID } from 'node:crypto';
import type { Request } from '@playwright/test';
import { expect, test } from './support/test.ts';
import { addToCart, open, sellerWithProducts, signUp } from './fixtures.ts';

test('checking out while the page is still reloading the cart after a change reaches the payment page', async ({ page, browser }) => {
  test.slow();
  const tag = randomUUID().slice(0, 8);
  const [kept, dropped] = (await sellerWithProducts(browser, [
    { name: `Crossing kept ${tag}`, price: '12.50', quantity: '5' },
    { name: `Crossing dropped ${tag}`, price: '3.00', quantity: '5' },
  ])) as [string, string];
  await signUp(page, true, 'Hurried buyer');
  await addToCart(page, true, kept);
  await addToCart(page, true, dropped);
  await open(page, '/cart', true);

  // The cart's reload after the removal ends while the checkout's redirect is loading the payment
  // page: the reload is held until that load starts, and the payment page until the reload has
  // ended (and a moment more, for the page to take it in). The reload either answers, or the page
  // drops it because the payment page's load brings newer data: both must end on the payment page.
  let startReload = () => {};
  const reloadMayStart = new Promise<void>((resolve) => (startReload = resolve));
  let reloadEnded = () => {};
  const reloaded = new Promise<void>((resolve) => (reloadEnded = resolve));
  const isReload = (request: Request) => request.method() === 'GET' && /\/cart\.data/.test(request.url());
  await page.route(/\/cart\.data/, async (route) => {
    if (isReload(route.request())) await reloadMayStart;
    await route.continue();
  });
  page.on('requestfinished', (request) => isReload(request) && reloadEnded());
  page.on('requestfailed', (request) => isReload(request) && reloadEnded());
  // Also matches the route discovery request that asks for /test-payments/... (URL-encoded).
  await page.route(/test-payments/, async (route) => {
    startReload();
    await reloaded;
    await page.waitForTimeout(500);
    await route.continue();
  });

  await page
    .getByTestId('cart-line')
    .filter({ hasText: `Crossing dropped ${tag}` })
    .getByRole('button', { name: /^Remove/ })
    .click();
  await expect(page.getByTestId('cart-total')).toHaveText('$12.50');
  await page.getByRole('button', { name: 'Check out' }).click();
  await expect(page).toHaveURL(/\/test-payments\/cs_test_/);
  await expect(page.getByRole('heading', { level: 1, name: 'Pay $12.50' })).toBeVisible();
});
