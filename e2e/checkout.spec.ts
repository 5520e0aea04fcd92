// Buying, end to end, with JavaScript on (js-on) and off (js-off): a seller of the test's own lists
// products (posting the real forms); a buyer fills the cart, checks out through the test payment page
// (which sends the app a signed webhook, as Stripe would), and lands on the order. The cancel path
// gives everything back. Each test makes its own accounts and products, so stock numbers are exact.
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test.ts';
import type { Browser, Page } from '@playwright/test';
import { open, sellerWithProducts, signUp } from './fixtures.ts';
import { E2E_CHECKOUT_STARTS_PER_MINUTE } from './support/playwright-shared.ts';

type Listed = { id: string; name: string };

/** Products of a new ADMIN of the test's own, named for this spec. */
async function ownProducts(browser: Browser, products: { price: string; quantity: string }[]): Promise<Listed[]> {
  const named = products.map((product) => ({ ...product, name: `Checkout e2e ${randomUUID().slice(0, 8)}` }));
  const ids = await sellerWithProducts(browser, named);
  return named.map((product, index) => ({ id: ids[index]!, name: product.name }));
}

async function addToCart(page: Page, javaScriptEnabled: boolean, product: Listed, quantity: number) {
  await open(page, `/products/${product.id}`, javaScriptEnabled);
  const form = page.getByTestId('add-to-cart-form');
  await form.getByLabel('Quantity').fill(String(quantity));
  await form.getByRole('button', { name: 'Add to cart' }).click();
  await expect(javaScriptEnabled ? page.getByTestId('add-to-cart-answer') : page.getByTestId('flash')).toContainText(
    `Added to your cart: ${quantity} × ${product.name}.`,
  );
}

async function stockShown(page: Page, javaScriptEnabled: boolean, product: Listed) {
  await open(page, `/products/${product.id}`, javaScriptEnabled);
  return page.getByTestId('stock-count');
}

function cartLine(page: Page, product: Listed) {
  return page.getByTestId('cart-line').filter({ has: page.getByRole('link', { name: product.name, exact: true }) });
}

test('a shopper fills the cart, pays on the test payment page and sees the order', async ({ page, browser, javaScriptEnabled }) => {
  test.slow(); // two accounts, two listings and a purchase, each a few page loads
  const [kept, dropped] = (await ownProducts(browser, [
    { price: '12.50', quantity: '5' },
    { price: '3.00', quantity: '5' },
  ])) as [Listed, Listed];
  await signUp(page, javaScriptEnabled, 'Checkout buyer');
  await addToCart(page, javaScriptEnabled, kept, 2);
  await addToCart(page, javaScriptEnabled, dropped, 1);

  await open(page, '/cart', javaScriptEnabled);
  await cartLine(page, kept).getByLabel('Quantity').fill('3');
  await cartLine(page, kept).getByRole('button', { name: 'Update' }).click();
  await expect(cartLine(page, kept).getByTestId('line-total')).toHaveText('$37.50');
  await cartLine(page, dropped)
    .getByRole('button', { name: `Remove ${dropped.name}` })
    .click();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('cart-total')).toHaveText('$37.50');

  await page.getByRole('button', { name: 'Check out' }).click();
  await expect(page).toHaveURL(/\/test-payments\/cs_test_/);
  await expect(page.getByRole('heading', { level: 1, name: 'Pay $37.50' })).toBeVisible();
  await expect(page.getByText('4242 4242 4242 4242', { exact: false }).first()).toBeVisible();
  // Reserved while the buyer pays.
  const paymentPage = page.url();
  expect(await (await stockShown(page, javaScriptEnabled, kept)).textContent()).toBe('2');
  await open(page, paymentPage, javaScriptEnabled);

  await page.getByRole('button', { name: 'Pay $37.50' }).click();
  await expect(page).toHaveURL(/\/checkout\/success\?session_id=cs_test_/);
  await expect(page.getByRole('heading', { level: 1, name: 'Thank you for your order' })).toBeVisible();
  await expect(page.getByTestId('checkout-total')).toHaveText('$37.50');
  await expect(page.getByRole('link', { name: kept.name })).toBeVisible();
  await expect(page.getByRole('link', { name: 'See your order' })).toHaveAttribute('href', /^\/orders\/[0-9a-f-]{36}$/);

  // Bought: the stock stays down, the cart is empty, the order is counted.
  await expect(await stockShown(page, javaScriptEnabled, kept)).toHaveText('2');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByTestId('count-orders')).toHaveText('1');
  await open(page, '/cart', javaScriptEnabled);
  await expect(page.getByTestId('cart-empty')).toBeVisible();
});

test("coming back by the payment page's Cancel gives the money and the stock back at once, and says so", async ({ page, browser, javaScriptEnabled }) => {
  test.slow();
  const [product] = (await ownProducts(browser, [{ price: '250.00', quantity: '4' }])) as [Listed];
  await signUp(page, javaScriptEnabled, 'Checkout canceller');
  await addToCart(page, javaScriptEnabled, product, 3);
  await open(page, '/cart', javaScriptEnabled);
  await page.getByRole('button', { name: 'Check out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pay $750.00' })).toBeVisible();

  await page.getByRole('main').getByRole('link', { name: 'Cancel', exact: true }).click();
  await expect(page).toHaveURL(/\/checkout\/cancel\?checkout_id=/);
  await expect(page.getByRole('heading', { level: 1, name: 'Payment cancelled' })).toBeVisible();
  await expect(page.getByTestId('checkout-status')).toHaveText('Nothing was charged: $750.00 is back in your balance and 3 units are back in stock.');
  await expect(page.getByTestId('released-lines')).toHaveText(`3 × ${product.name}`);
  // Nothing is left to cancel: no reservation, no checkout in progress.
  await expect(page.getByRole('button', { name: 'Cancel checkout' })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('checkout-status')).toHaveText('Nothing was charged: $750.00 is back in your balance and 3 units are back in stock.');

  await expect(await stockShown(page, javaScriptEnabled, product)).toHaveText('4');
  await open(page, '/cart', javaScriptEnabled);
  await expect(page.getByTestId('pending-checkout')).toHaveCount(0);
  await expect(cartLine(page, product).getByTestId('line-issue')).toHaveCount(0);
  await open(page, '/profile', javaScriptEnabled);
  await expect(page.getByRole('main').getByText('$4,000,000.00').first()).toBeVisible();
});

test("a checkout left unpaid does not make the buyer's own cart look short; the cart resumes or cancels it", async ({ page, browser, javaScriptEnabled }) => {
  test.slow();
  const [product] = (await ownProducts(browser, [{ price: '10.00', quantity: '2' }])) as [Listed];
  await signUp(page, javaScriptEnabled, 'Checkout resumer');
  await addToCart(page, javaScriptEnabled, product, 2);
  await open(page, '/cart', javaScriptEnabled);
  await page.getByRole('button', { name: 'Check out' }).click();
  await expect(page).toHaveURL(/\/test-payments\/cs_test_/);
  const paymentPage = page.url();

  // Every unit is reserved for this buyer: the product is out of stock for everyone else, not for them.
  await open(page, '/cart', javaScriptEnabled);
  await expect(page.getByTestId('pending-checkout')).toBeVisible();
  await expect(cartLine(page, product).getByTestId('line-issue')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Check out' })).toBeEnabled();
  await page.getByRole('link', { name: 'Resume payment' }).click();
  await expect(page).toHaveURL(paymentPage);

  await open(page, '/cart', javaScriptEnabled);
  await page.getByRole('button', { name: 'Cancel checkout' }).click();
  await expect(page).toHaveURL('/cart');
  await expect(page.getByTestId('flash')).toContainText(
    'Checkout cancelled. Nothing was charged: $20.00 is back in your balance and 2 units are back in stock.',
  );
  await expect(page.getByTestId('pending-checkout')).toHaveCount(0);
  await expect(await stockShown(page, javaScriptEnabled, product)).toHaveText('2');
});

/**
 * Uses up this minute's checkout starts with an empty cart (each start counts, and is refused as
 * empty), leaving at least `margin` seconds of the window: a window about to end is waited out.
 */
async function useUpCheckoutStarts(page: Page, margin: number) {
  const origin = new URL(page.url()).origin;
  for (let start = 0; start <= 3 * E2E_CHECKOUT_STARTS_PER_MINUTE; start++) {
    const response = await page.request.post('/checkout', { maxRedirects: 0, headers: { Origin: origin } });
    const retryAfter = Number(response.headers()['retry-after'] ?? 0);
    if (retryAfter >= margin) return;
    if (retryAfter > 0) await page.waitForTimeout(retryAfter * 1000);
  }
  throw new Error('the checkout rate limit never refused');
}

test('starting too many checkouts in a minute goes back to the cart, told how long to wait, with nothing reserved', async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  test.slow();
  const [product] = (await ownProducts(browser, [{ price: '5.00', quantity: '3' }])) as [Listed];
  await signUp(page, javaScriptEnabled, 'Checkout hurrier');
  await useUpCheckoutStarts(page, 20);
  await addToCart(page, javaScriptEnabled, product, 1);

  await open(page, '/cart', javaScriptEnabled);
  await page.getByRole('button', { name: 'Check out' }).click();
  await expect(page.getByTestId('flash')).toContainText(/You started too many checkouts in a minute: wait \d+ seconds, then check out again\./);
  await expect(page).toHaveURL('/cart');
  await expect(page.getByTestId('pending-checkout')).toHaveCount(0);
  await expect(cartLine(page, product)).toHaveCount(1);
  await expect(await stockShown(page, javaScriptEnabled, product)).toHaveText('3');
});
