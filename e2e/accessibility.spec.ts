// axe-core on the states of pages that a plain visit does not show, in the light and the dark theme:
// forms showing their errors (a superset of the form without them), dialogs, a previewed image, an
// empty cart, a refused card, a checkout that did not go through. Every page as a visit shows it is
// scanned at every size and in both themes by responsive.spec.ts. Runs with JavaScript only (project
// js-on, see playwright.config.ts): axe runs inside the page. Each test makes its own people and products.
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test.ts';
import { expectAccessible } from './support/axe.ts';
import { addToCart, becomeAdmin, checkOut, listProduct, newPage, open, productOfOwnSeller, signUp } from './fixtures.ts';

test('pages for visitors, and for a new account', async ({ page, javaScriptEnabled }) => {
  test.slow(); // five pages scanned twice
  await open(page, '/products?q=e&sort=price&order=desc', javaScriptEnabled);
  await expect(page.getByTestId('product-row').first()).toBeVisible();
  await expectAccessible(page, 'products, searched and sorted');
  await page.getByTestId('image-popover').first().getByRole('link').focus();
  await expect(page.getByTestId('image-preview').first()).toBeVisible();
  await expectAccessible(page, 'products with an image preview shown');

  await open(page, '/sign-in', javaScriptEnabled);
  await page.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'sign-in with errors');

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

test("a seller's forms with errors, and the users list searched and filtered", async ({ page, browser, javaScriptEnabled }) => {
  test.slow(); // two people, a listing and four pages scanned twice
  await signUp(page, javaScriptEnabled, 'Screen reader seller');
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

  const buyerPage = await newPage(browser);
  await signUp(buyerPage, javaScriptEnabled, 'Screen reader buyer');
  await open(buyerPage, '/users?q=Screen+reader&role=ADMIN&sort=joined', javaScriptEnabled);
  await expectAccessible(buyerPage, 'users, searched and filtered');
  await buyerPage.context().close();
});

test("a shopper's cart, and a checkout that did not go through", async ({ page, browser, javaScriptEnabled }) => {
  test.slow(); // a seller, a checkout and four pages scanned twice
  const productId = await productOfOwnSeller(browser, {
    name: `Screen reader e2e ${randomUUID().slice(0, 8)}`,
    price: '2.00',
    quantity: '5',
  });
  await signUp(page, javaScriptEnabled, 'Screen reader shopper');
  await open(page, '/cart', javaScriptEnabled);
  await expect(page.getByTestId('cart-empty')).toBeVisible();
  await expectAccessible(page, 'empty cart');

  await addToCart(page, javaScriptEnabled, productId);
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
  await page.getByRole('link', { name: 'Resume payment' }).click();
  await expect(page).toHaveURL(`/test-payments/${cancelled}`);
  await page.getByRole('main').getByRole('link', { name: 'Cancel', exact: true }).click();
  await expect(page).toHaveURL(/\/checkout\/cancel\?checkout_id=/);
  await expect(page.getByTestId('checkout-status')).toContainText('back in your balance');
  await open(page, `/checkout/success?session_id=${cancelled}`, javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1, name: 'This checkout did not go through' })).toBeVisible();
  await expectAccessible(page, 'checkout that did not go through');
});
