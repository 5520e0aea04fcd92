// A refused form, with JavaScript (js-on) and without (js-off): its first invalid field takes the
// focus (without JavaScript through the autofocus attribute of the server's HTML), is marked invalid
// and described by its message, and every message sits in a live region that was already on the
// page before the answer came (so that screen readers announce it). Each test makes its own people.
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test.ts';
import type { Locator, Page } from '@playwright/test';
import { becomeAdmin, listProduct, open, signUp } from './fixtures.ts';

const LIVE_REGION = 'xpath=ancestor-or-self::*[@aria-live="polite" or @aria-live="assertive" or @role="alert" or @role="status"]';

/**
 * Marks every live region of the page, so that `expectAnnounced` can tell, with JavaScript, that the
 * message went into a region that existed before (a region added with its message is not announced).
 */
async function markLiveRegions(page: Page) {
  await page.locator('[aria-live], [role="alert"], [role="status"]').evaluateAll((regions) => {
    for (const region of regions) region.setAttribute('data-e2e-before', '');
  });
}

async function expectAnnounced(message: Locator, javaScriptEnabled: boolean) {
  await expect(message).toBeVisible();
  const region = message.locator(LIVE_REGION).last();
  await expect(region).toHaveCount(1);
  if (javaScriptEnabled) await expect(region).toHaveAttribute('data-e2e-before', '');
}

/** The field is focused, marked invalid, and described by its message, which is announced. */
async function expectFocusedError(field: Locator, message: string, javaScriptEnabled: boolean) {
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  // The message first, then any hint.
  await expect(field).toHaveAccessibleDescription(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const errorId = (await field.getAttribute('aria-describedby'))!.split(' ')[0]!;
  const errorMessage = field.page().locator(`[id="${errorId}"]`);
  await expect(errorMessage).toHaveText(message);
  await expectAnnounced(errorMessage, javaScriptEnabled);
}

async function submit(page: Page, button: Locator) {
  await markLiveRegions(page);
  await button.click();
}

test('sign-in: the first invalid field takes the focus, then the next one', async ({ page, javaScriptEnabled }) => {
  await open(page, '/sign-in', javaScriptEnabled);
  const name = page.getByLabel('Name', { exact: true });
  const email = page.getByLabel('Email', { exact: true });
  const create = page.getByRole('button', { name: 'Create account and sign in' });
  await email.fill('not-an-email');
  await submit(page, create);
  await expectFocusedError(name, 'Enter your name.', javaScriptEnabled);
  await expect(email).toHaveAttribute('aria-invalid', 'true');

  await name.fill('Form errors e2e');
  await submit(page, create);
  await expectFocusedError(email, 'Enter a valid email address.', javaScriptEnabled);
  await expect(name).not.toHaveAttribute('aria-invalid');

  const password = page.getByLabel('Choose a password');
  await email.fill(`form-errors-${randomUUID()}@example.test`);
  await password.fill('short');
  await submit(page, create);
  await expectFocusedError(password, 'Choose a password of at least 8 characters.', javaScriptEnabled);
  // The server never sends a password back; with JavaScript the field simply keeps what was typed.
  if (!javaScriptEnabled) await expect(password).toHaveValue('');
});

test('a refusal after a redirect: the error message takes the focus', async ({ page, javaScriptEnabled }) => {
  await open(page, `/products?seller=${randomUUID()}`, javaScriptEnabled);
  const flash = page.getByTestId('flash');
  await expect(flash).toContainText('That seller does not exist.');
  await expect(page.getByRole('alert').filter({ has: flash })).toBeFocused();
});

test('product, cart, payment and account forms: the refused field takes the focus', async ({ page, browser, javaScriptEnabled }) => {
  test.slow(); // two people, a listing, a checkout started and a dozen page loads without JavaScript
  await signUp(page, javaScriptEnabled, 'Form errors seller');
  await becomeAdmin(page, javaScriptEnabled);
  await open(page, '/products/new', javaScriptEnabled);
  await page.getByLabel('Name').fill('Form errors e2e');
  await page.getByLabel('Description').fill('Refused first.');
  await page.getByLabel('Price (USD)').fill('0.50');
  await page.getByLabel('Quantity').fill('0');
  await submit(page, page.getByRole('button', { name: 'Create product' }));
  await expectFocusedError(page.getByLabel('Price (USD)'), 'The price must be from $1.00 to $2,000.00.', javaScriptEnabled);
  await expect(page.getByLabel('Quantity')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Name')).not.toHaveAttribute('aria-invalid');

  // Checking out reserves stock: a product of the test's own, never a seeded one other specs count.
  const productId = await listProduct(page, javaScriptEnabled, { name: `Form errors e2e ${randomUUID().slice(0, 8)}`, price: '5.00', quantity: '5' });
  await open(page, `/products/${productId}/edit`, javaScriptEnabled);
  await page.getByLabel('Quantity').fill('2001');
  await submit(page, page.getByRole('button', { name: 'Save changes' }));
  await expectFocusedError(page.getByLabel('Quantity'), 'Enter a whole number from 0 to 2,000.', javaScriptEnabled);

  const buyer = await (await browser.newContext({ baseURL: test.info().project.use.baseURL, javaScriptEnabled })).newPage();
  await signUp(buyer, javaScriptEnabled, 'Form errors shopper');
  await open(buyer, `/products/${productId}`, javaScriptEnabled);
  await buyer.getByTestId('add-to-cart-form').getByRole('button', { name: 'Add to cart' }).click();
  await expect(buyer.getByTestId(javaScriptEnabled ? 'add-to-cart-answer' : 'flash')).toContainText('to your cart');

  await open(buyer, '/cart', javaScriptEnabled);
  const line = buyer.getByTestId('cart-line');
  await line.getByLabel('Quantity').fill('0');
  await submit(buyer, line.getByRole('button', { name: 'Update' }));
  await expectFocusedError(line.getByLabel('Quantity'), 'Enter a whole number of at least 1.', javaScriptEnabled);

  await buyer.getByRole('button', { name: 'Check out' }).click();
  await expect(buyer).toHaveURL(/\/test-payments\//);
  if (javaScriptEnabled) await expect(buyer.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await buyer.getByLabel('Card number').fill('4000 0000 0000 0002');
  await submit(buyer, buyer.getByRole('button', { name: /^Pay / }));
  await expectFocusedError(buyer.getByLabel('Card number'), 'Your card was declined. Try the test card 4242 4242 4242 4242.', javaScriptEnabled);

  await open(buyer, '/profile/delete', javaScriptEnabled);
  await submit(buyer, buyer.getByRole('button', { name: 'Delete my account' }));
  await expectFocusedError(buyer.getByLabel(/^I understand/), 'Tick the box to confirm that you want your account deleted.', javaScriptEnabled);
  await buyer.context().close();
});

test('a refusal that names no field: the form message takes the focus', async ({ page, javaScriptEnabled }) => {
  await signUp(page, javaScriptEnabled, 'Form errors upgrader');
  // Two tabs on the upgrade: the second one sent after the first went through is refused.
  const stale = await page.context().newPage();
  await open(stale, '/profile/role', javaScriptEnabled);
  await becomeAdmin(page, javaScriptEnabled);
  await submit(stale, stale.getByRole('main').getByRole('button', { name: 'Pay $160,000.00 and become an ADMIN' }));
  const message = stale
    .getByRole('main')
    .getByRole('alert')
    .filter({ hasText: /already an ADMIN/ });
  await expect(message).toHaveText(/already an ADMIN/);
  await expect(message).toBeFocused();
  await expectAnnounced(message.getByText(/already an ADMIN/), javaScriptEnabled);
});
