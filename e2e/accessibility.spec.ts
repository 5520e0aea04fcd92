// axe-core on every page of the app, in the light and the dark theme: no violation anywhere. A form
// is scanned showing its errors (a superset of the page without them), a page that comes in two
// states (roles, a pending checkout) in the richer one. Runs with JavaScript only (project js-on, see
// playwright.config.ts): axe runs inside the page. Each test makes its own people and products.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/axe.ts';
import { addToCart, becomeAdmin, checkOut, listProduct, newPage, open, productOfOwnSeller, signUp } from './fixtures.ts';

test('pages for visitors, and for a new account', async ({ page, javaScriptEnabled }) => {
  test.slow(); // seven pages scanned twice
  await open(page, '/', javaScriptEnabled);
  await expectAccessible(page, 'home');

  await open(page, '/products?q=e&sort=price&order=desc', javaScriptEnabled);
  await expect(page.getByTestId('product-row').first()).toBeVisible();
  await expectAccessible(page, 'products, searched and sorted');
  await page.getByTestId('image-popover').first().getByRole('link').focus();
  await expect(page.getByTestId('image-preview').first()).toBeVisible();
  await expectAccessible(page, 'products with an image preview shown');

  await page.getByTestId('product-row').first().getByRole('link', { name: /^View/ }).click();
  await expect(page.getByRole('link', { name: 'Sign in to buy' })).toBeVisible();
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expectAccessible(page, 'product page, signed out');

  await open(page, '/sign-in', javaScriptEnabled);
  await page.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'sign-in with errors');

  const missing = await open(page, '/no-such-page', javaScriptEnabled);
  expect(missing?.status()).toBe(404);
  await expectAccessible(page, '404');

  // Signed up: the role dialog over the profile, and deleting the account.
  await signUp(page, javaScriptEnabled, 'Screen reader account');
  await open(page, '/profile', javaScriptEnabled);
  await page.getByRole('link', { name: 'Become an ADMIN' }).click();
  await expect(page.getByRole('dialog', { name: 'Become an ADMIN' })).toBeVisible();
  await expectAccessible(page, 'profile with the become an ADMIN dialog');
  await open(page, '/profile/delete', javaScriptEnabled);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByLabel(/^I understand/)).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'delete account with an error');
});

test("a seller's pages and forms, and a deleted product", async ({ page, browser, javaScriptEnabled }) => {
  test.slow(); // two people, a listing, a purchase and a dozen pages scanned twice
  const seller = await signUp(page, javaScriptEnabled, 'Screen reader seller');
  await open(page, '/profile/role', javaScriptEnabled);
  await expectAccessible(page, 'become an ADMIN');
  await becomeAdmin(page, javaScriptEnabled);

  await open(page, '/products/new', javaScriptEnabled);
  await page.getByLabel('Price (USD)').fill('0.5');
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'new product with errors');

  const kept = { name: `Screen reader e2e kept ${randomUUID().slice(0, 8)}`, price: '10.00', quantity: '3' };
  const keptId = await listProduct(page, javaScriptEnabled, kept);
  await expectAccessible(page, 'own product (low stock)');

  await open(page, `/products/${keptId}/edit`, javaScriptEnabled);
  await page.getByLabel('Quantity').fill('-1');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByLabel('Quantity')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'edit product with errors');

  await open(page, `/products/${keptId}/delete`, javaScriptEnabled);
  await expectAccessible(page, 'delete product');

  const sold = { name: `Screen reader e2e sold ${randomUUID().slice(0, 8)}`, price: '4.00', quantity: '9' };
  const soldId = await listProduct(page, javaScriptEnabled, sold);
  await open(page, '/products?mine=1', javaScriptEnabled);
  await expectAccessible(page, 'my products');

  // A buyer: the seller's product page from their side, the users list, the seller's profile, a purchase.
  const buyerPage = await newPage(browser);
  await signUp(buyerPage, javaScriptEnabled, 'Screen reader buyer');
  await open(buyerPage, `/products/${soldId}`, javaScriptEnabled);
  await expectAccessible(buyerPage, "someone else's product");
  await addToCart(buyerPage, javaScriptEnabled, soldId);
  await open(buyerPage, '/users?q=Screen+reader&role=ADMIN&sort=joined', javaScriptEnabled);
  await expectAccessible(buyerPage, 'users, searched and filtered');
  await buyerPage.getByRole('link', { name: seller.name, exact: true }).click();
  await expect(buyerPage.getByRole('heading', { level: 1, name: `${seller.name}'s Profile` })).toBeVisible();
  await expectAccessible(buyerPage, "a user's profile");
  await checkOut(buyerPage, javaScriptEnabled);
  await buyerPage.getByRole('button', { name: 'Pay $4.00' }).click();
  await expect(buyerPage.getByRole('heading', { level: 1, name: 'Thank you for your order' })).toBeVisible();
  await buyerPage.context().close();

  await open(page, '/sales', javaScriptEnabled);
  await expect(page.getByTestId('sale-row')).toHaveCount(1);
  await expectAccessible(page, 'sales');
  await open(page, '/profile', javaScriptEnabled);
  await expectAccessible(page, 'profile of an ADMIN');

  // Bought, so deleting it keeps it for the order's history: its page says "Product Deleted".
  await open(page, `/products/${soldId}/delete`, javaScriptEnabled);
  await page.getByRole('button', { name: 'Delete product' }).click();
  await expect(page.getByTestId('flash')).toContainText('Product removed from sale');
  await open(page, `/products/${soldId}`, javaScriptEnabled);
  await expect(page.getByText('Product Deleted')).toBeVisible();
  await expectAccessible(page, 'deleted product');
});

test("a shopper's cart, checkout, orders and mailbox", async ({ page, browser, javaScriptEnabled }) => {
  test.slow(); // a seller, two checkouts and a dozen pages scanned twice
  const productId = await productOfOwnSeller(browser, javaScriptEnabled, {
    name: `Screen reader e2e ${randomUUID().slice(0, 8)}`,
    price: '2.00',
    quantity: '5',
  });
  await signUp(page, javaScriptEnabled, 'Screen reader shopper');
  await open(page, '/cart', javaScriptEnabled);
  await expect(page.getByTestId('cart-empty')).toBeVisible();
  await expectAccessible(page, 'empty cart');

  await addToCart(page, javaScriptEnabled, productId);
  // The cart drawer over the product page (this spec runs with JavaScript, which the drawer needs).
  await page.getByRole('banner').getByRole('button', { name: 'Cart, 1 line' }).click();
  await expect(page.getByRole('dialog', { name: 'My Cart' }).getByTestId('cart-line')).toBeVisible();
  await expectAccessible(page, 'cart drawer');
  await page.keyboard.press('Escape');
  await open(page, '/cart', javaScriptEnabled);
  await page.getByTestId('cart-line').getByLabel('Quantity').fill('0');
  await page.getByTestId('cart-line').getByRole('button', { name: 'Update' }).click();
  await expect(page.getByTestId('cart-line').getByLabel('Quantity')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'cart with an error');

  // A first checkout, cancelled: the payment page (with a refused card), the cancel page, the
  // way back to paying, and the return page of a checkout that did not go through.
  const cancelled = await checkOut(page, javaScriptEnabled);
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Card number').fill('1234');
  await page.getByRole('button', { name: /^Pay / }).click();
  await expect(page.getByLabel('Card number')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'test payment with an error');
  // Left unpaid: the cart shows the checkout in progress, and resumes it.
  await open(page, '/cart', javaScriptEnabled);
  await expect(page.getByTestId('pending-checkout')).toBeVisible();
  await expectAccessible(page, 'cart with a checkout in progress');
  await page.getByRole('link', { name: 'Resume payment' }).click();
  await expect(page).toHaveURL(`/test-payments/${cancelled}`);
  await page.getByRole('main').getByRole('link', { name: 'Cancel', exact: true }).click();
  await expect(page).toHaveURL(/\/checkout\/cancel\?checkout_id=/);
  await expect(page.getByTestId('checkout-status')).toContainText('back in your balance');
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expectAccessible(page, 'checkout cancelled');
  await open(page, `/checkout/success?session_id=${cancelled}`, javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1, name: 'This checkout did not go through' })).toBeVisible();
  await expectAccessible(page, 'checkout that did not go through');

  // A second checkout, paid: the success page, the orders and the order.
  await checkOut(page, javaScriptEnabled);
  await page.getByRole('button', { name: /^Pay / }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thank you for your order' })).toBeVisible();
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expectAccessible(page, 'checkout success');
  await open(page, '/orders', javaScriptEnabled);
  await expectAccessible(page, 'orders');
  await page
    .getByTestId('order-row')
    .getByRole('link', { name: /^View order/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /^Order / })).toBeVisible();
  await expectAccessible(page, 'order');

  await open(page, '/dev/mail', javaScriptEnabled);
  await expectAccessible(page, 'dev mailbox');
  await page.getByTestId('dev-mail-row').first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 2, name: 'HTML part' })).toBeVisible();
  await expectAccessible(page, 'dev mailbox message');
});
