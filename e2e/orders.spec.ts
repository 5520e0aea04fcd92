// After a purchase: the buyer finds the order in /orders and opens it, the seller finds the sale in
// /sales (adding up to the profile's "Amount Gained"), and both emails are in the dev mailbox.
// With JavaScript on (js-on) and off (js-off). Each test makes its own seller (signed up, upgraded
// and listing a product through the forms) and its own buyer, in two browser contexts.
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test.ts';
import type { Page } from '@playwright/test';
import { becomeAdmin, listProduct, newPage, open, signUp } from './fixtures.ts';

/** Adds the product to the cart, checks out and pays on the test payment page; returns the order id. */
async function buy(page: Page, javaScriptEnabled: boolean, productId: string, quantity: number, total: string) {
  await open(page, `/products/${productId}`, javaScriptEnabled);
  await page.getByLabel('Quantity').fill(String(quantity));
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByTestId(javaScriptEnabled ? 'add-to-cart-answer' : 'flash')).toContainText(/added|cart/i);
  await open(page, '/cart', javaScriptEnabled);
  await page.getByRole('button', { name: 'Check out' }).click();
  await expect(page).toHaveURL(/\/test-payments\//);
  await page.getByRole('button', { name: `Pay ${total}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thank you for your order' })).toBeVisible();
  const link = page.getByRole('link', { name: 'See your order' });
  return (await link.getAttribute('href'))!.split('/').at(-1)!;
}

test('the buyer sees the order, the seller the sale, and both emails are in the dev mailbox', async ({ page, browser, javaScriptEnabled }) => {
  // Two people, an upgrade, a listing, a purchase and five pages to check: three times the usual time.
  test.slow();
  const sellerPage = await newPage(browser);
  const seller = await signUp(sellerPage, javaScriptEnabled, 'Orders seller');
  await becomeAdmin(sellerPage, javaScriptEnabled);
  const productName = `Orders e2e ${randomUUID().slice(0, 8)}`;
  const productId = await listProduct(sellerPage, javaScriptEnabled, { name: productName, price: '12.50', quantity: '5' });

  const buyer = await signUp(page, javaScriptEnabled, 'Orders buyer');
  const orderId = await buy(page, javaScriptEnabled, productId, 2, '$25.00');

  // The buyer: the order in /orders, counted in the sidebar, and its page.
  await page.getByRole('link', { name: 'See your order' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Order ${orderId.slice(0, 8)}` })).toBeVisible();
  await expect(page.getByTestId('order-id')).toHaveText(orderId);
  const line = page.getByTestId('order-line');
  await expect(line).toHaveCount(1);
  await expect(line.getByRole('link', { name: productName })).toHaveAttribute('href', `/products/${productId}`);
  await expect(line.getByTestId('line-quantity')).toHaveText('2');
  await expect(line.getByTestId('line-unit-price')).toHaveText('$12.50');
  await expect(line.getByTestId('line-subtotal')).toHaveText('$25.00');
  await expect(page.getByTestId('order-total')).toHaveText('$25.00');

  await open(page, '/orders', javaScriptEnabled);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByTestId('count-orders')).toHaveText('1');
  const row = page.getByTestId('order-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('order-total')).toHaveText('$25.00');
  await expect(row.getByTestId('order-lines')).toHaveText('1');
  await expect(row).toContainText('Today at');
  await row.getByRole('link', { name: /View order/ }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}$`));
  await expect(page.getByTestId('order-total')).toHaveText('$25.00');

  // Nobody else opens it: the seller gets the 404 page.
  const notTheirs = await open(sellerPage, `/orders/${orderId}`, false);
  expect(notTheirs?.status()).toBe(404);

  // The seller: the sale in /sales, reached from the sidebar, adding up to the amount gained.
  await open(sellerPage, '/profile', javaScriptEnabled);
  await expect(sellerPage.getByTestId('stat-amount-gained')).toHaveText('$25.00');
  await sellerPage
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Sales/ })
    .click();
  await expect(sellerPage.getByRole('heading', { level: 1, name: 'Sales' })).toBeVisible();
  await expect(sellerPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Sales/ })).toHaveAttribute('aria-current', 'page');
  const sale = sellerPage.getByTestId('sale-row');
  await expect(sale).toHaveCount(1);
  await expect(sale.getByRole('link', { name: productName })).toBeVisible();
  await expect(sale.getByTestId('sale-quantity')).toHaveText('2');
  await expect(sale.getByTestId('sale-buyer')).toHaveText(buyer.name);
  await expect(sale.getByTestId('sale-amount')).toHaveText('$25.00');
  await expect(sellerPage.getByTestId('sales-amount')).toHaveText('$25.00');

  // The dev mailbox: each person sees their own message only, shown rendered.
  await open(sellerPage, '/dev/mail', javaScriptEnabled);
  await expect(sellerPage.getByTestId('dev-mail-row').filter({ hasText: seller.email }).getByRole('link', { name: 'You made a sale!' })).toBeVisible();
  await expect(sellerPage.getByTestId('dev-mail-row').filter({ hasText: buyer.email })).toHaveCount(0);
  await open(page, '/dev/mail', javaScriptEnabled);
  const toBuyer = page.getByTestId('dev-mail-row').filter({ hasText: buyer.email });
  await expect(toBuyer).toHaveCount(1);
  await expect(page.getByTestId('dev-mail-row').filter({ hasText: seller.email })).toHaveCount(0);
  await toBuyer.getByRole('link', { name: 'You made a purchase!' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'You made a purchase!' })).toBeVisible();
  const html = page.frameLocator('iframe[title="HTML part"]');
  await expect(html.getByRole('link', { name: productName })).toBeVisible();
  await expect(html.getByRole('link', { name: 'View your order' })).toHaveAttribute('href', new RegExp(`^http://[^/]+/orders/${orderId}$`));
  await expect(page.getByText(`- ${productName}: 2 x $12.50 = $25.00`)).toBeVisible();

  await sellerPage.context().close();
});
