// The cart from a shopper's side: adding from product pages, changing quantities, removing lines,
// with JavaScript (fetchers, optimistic badge and totals) and without it (posts and redirects).
// Each test makes its own shopper, and its own seller listing the products it buys.
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test.ts';
import type { Browser, Locator, Page, Response, Route } from '@playwright/test';
import { addToCart, becomeAdmin, checkOut, listProduct, newPage, open, sellerWithProducts, signUp } from './fixtures.ts';
import { formatMoney } from '../app/utils/money.ts';

type Listed = { id: string; name: string; stock: number; priceCents: number };

/**
 * Two products of a seller of the test's own. Not picked from the products list: its first page
 * also shows other specs' products, and one whose stock fell after the list was read makes the
 * browser refuse the quantity this test types (over the field's max), so the post never leaves.
 */
async function ownProducts(browser: Browser): Promise<[Listed, Listed]> {
  const products = [
    { name: `Cart e2e ${randomUUID().slice(0, 8)}`, price: '12.34', priceCents: 1234, stock: 4 },
    { name: `Cart e2e ${randomUUID().slice(0, 8)}`, price: '5.67', priceCents: 567, stock: 6 },
  ];
  const ids = await sellerWithProducts(
    browser,
    products.map(({ name, price, stock }) => ({ name, price, quantity: String(stock) })),
  );
  const [first, second] = products.map(({ name, priceCents, stock }, index) => ({ id: ids[index]!, name, priceCents, stock }));
  return [first!, second!];
}

const badge = (page: Page) => page.getByRole('banner').getByTestId('cart-badge');

/** The answer to an add: in place with JavaScript, as the flash message after the redirect without. */
const addAnswer = (page: Page, javaScriptEnabled: boolean) => (javaScriptEnabled ? page.getByTestId('add-to-cart-answer') : page.getByTestId('flash'));

/** A post to the cart: /cart from a plain form, /cart.data from a fetcher (single fetch). */
function isCartPost(response: Response) {
  return response.request().method() === 'POST' && ['/cart', '/cart.data'].includes(new URL(response.url()).pathname);
}

/**
 * Clicks a cart form's button and waits for the server's answer: with JavaScript the page shows
 * the outcome before that, and a test that moved on (or reloaded) could cut the post short.
 */
async function submit(page: Page, button: Locator) {
  await Promise.all([page.waitForResponse(isCartPost), button.click()]);
}

async function addFromProductPage(page: Page, quantity: number, { wait = true } = {}) {
  const form = page.getByTestId('add-to-cart-form');
  await form.getByLabel('Quantity').fill(String(quantity));
  const button = form.getByRole('button', { name: 'Add to cart' });
  await (wait ? submit(page, button) : button.click());
}

/** Goes to /cart from the header: its link without JavaScript, through the cart drawer with it. */
async function openCartPage(page: Page, javaScriptEnabled: boolean, cartName: string) {
  if (javaScriptEnabled) {
    await page.getByRole('banner').getByRole('button', { name: cartName }).click();
    await page.getByRole('dialog', { name: 'My Cart' }).getByRole('link', { name: 'Open the cart page' }).click();
  } else {
    await page.getByRole('banner').getByRole('link', { name: cartName }).click();
  }
  await expect(page).toHaveURL('/cart');
}

function cartLine(page: Page, product: Listed) {
  return page.getByTestId('cart-line').filter({ has: page.getByRole('link', { name: product.name, exact: true }) });
}

/**
 * Holds the fetchers' posts to /cart (/cart.data with single fetch) until released, so a test can
 * see the page before the server has answered.
 */
async function holdCartPosts(page: Page) {
  const held: Route[] = [];
  await page.route(/\/cart\.data(\?.*)?$/, (route) => (route.request().method() === 'POST' ? void held.push(route) : route.fallback()));
  return {
    /** Lets the one held post through and waits for its answer. */
    async release() {
      await expect.poll(() => held.length).toBe(1);
      const route = held.shift()!;
      await Promise.all([page.waitForResponse((response) => response.request() === route.request()), route.continue()]);
    },
  };
}

test('a shopper adds from product pages, changes a quantity and removes lines', async ({ page, browser, javaScriptEnabled }) => {
  test.slow(); // a whole shopping session: a dozen page loads without JavaScript
  const [first, second] = await ownProducts(browser);
  await signUp(page, javaScriptEnabled, 'Cart shopper');
  await expect(badge(page)).toHaveCount(0);

  await open(page, `/products/${first.id}`, javaScriptEnabled);
  await addFromProductPage(page, 2);
  await expect(addAnswer(page, javaScriptEnabled)).toContainText(`Added to your cart: 2 × ${first.name}.`);
  await expect(page).toHaveURL(`/products/${first.id}`);
  await expect(badge(page)).toHaveText('1');

  // The same product again adds to its line, capped at the stock.
  await addFromProductPage(page, first.stock);
  await expect(addAnswer(page, javaScriptEnabled)).toContainText(`Only ${first.stock} in stock: your cart has ${first.stock} × ${first.name}.`);
  await expect(badge(page)).toHaveText('1');

  await open(page, `/products/${second.id}`, javaScriptEnabled);
  await addFromProductPage(page, 1);
  await expect(addAnswer(page, javaScriptEnabled)).toContainText(`Added to your cart: 1 × ${second.name}.`);
  await expect(badge(page)).toHaveText('2');

  await openCartPage(page, javaScriptEnabled, 'Cart, 2 lines');
  await expect(page.getByRole('heading', { level: 1, name: 'My Cart' })).toBeVisible();
  await expect(page.getByTestId('cart-line')).toHaveCount(2);
  const total = page.getByTestId('cart-total');
  await expect(cartLine(page, first).getByLabel('Quantity')).toHaveValue(String(first.stock));
  await expect(cartLine(page, first).getByTestId('line-total')).toHaveText(formatMoney(first.priceCents * first.stock));
  await expect(total).toHaveText(formatMoney(first.priceCents * first.stock + second.priceCents));

  await cartLine(page, second).getByLabel('Quantity').fill('3');
  await submit(page, cartLine(page, second).getByRole('button', { name: 'Update' }));
  await expect(cartLine(page, second).getByTestId('line-total')).toHaveText(formatMoney(second.priceCents * 3));
  await expect(total).toHaveText(formatMoney(first.priceCents * first.stock + second.priceCents * 3));
  if (!javaScriptEnabled) await expect(page.getByTestId('flash')).toContainText(`Your cart now has 3 × ${second.name}.`);

  // More than the stock is refused next to the line, and nothing changes.
  const firstQuantity = cartLine(page, first).getByLabel('Quantity');
  await firstQuantity.fill(String(first.stock + 1));
  await submit(page, cartLine(page, first).getByRole('button', { name: 'Update' }));
  const refusal = `Only ${first.stock} in stock: choose a quantity from 1 to ${first.stock}.`;
  await expect(cartLine(page, first).getByText(refusal)).toBeVisible();
  await expect(firstQuantity).toHaveAttribute('aria-invalid', 'true');
  await expect(firstQuantity).toHaveAccessibleDescription(refusal);
  await expect(firstQuantity).toHaveValue(String(first.stock));
  await expect(total).toHaveText(formatMoney(first.priceCents * first.stock + second.priceCents * 3));

  await submit(page, cartLine(page, first).getByRole('button', { name: `Remove ${first.name}` }));
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(badge(page)).toHaveText('1');
  await expect(total).toHaveText(formatMoney(second.priceCents * 3));
  if (!javaScriptEnabled) await expect(page.getByTestId('flash')).toContainText(`Removed ${first.name} from your cart.`);

  await submit(page, cartLine(page, second).getByRole('button', { name: `Remove ${second.name}` }));
  await expect(page.getByText('Your cart is empty.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Browse products' })).toHaveAttribute('href', '/products');
  await expect(badge(page)).toHaveCount(0);

  await page.reload();
  await expect(page.getByText('Your cart is empty.')).toBeVisible();
});

test('the badge and totals change before the server answers with JavaScript, and roll back when it refuses', async ({ page, browser, javaScriptEnabled }) => {
  test.slow(); // many round trips, each held and released in turn
  const [first, second] = await ownProducts(browser);
  await signUp(page, javaScriptEnabled, 'Cart shopper');
  await open(page, `/products/${first.id}`, javaScriptEnabled);

  if (!javaScriptEnabled) {
    // Without JavaScript the same form is a plain POST answered by a redirect back to the page.
    const [post] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/cart'),
      addFromProductPage(page, 1, { wait: false }),
    ]);
    expect(post.status()).toBe(303);
    expect(post.headers()['location']).toBe(`/products/${first.id}`);
    await expect(badge(page)).toHaveText('1');
    return;
  }

  await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
  const posts = await holdCartPosts(page);

  await addFromProductPage(page, 1, { wait: false });
  await expect(page.getByRole('button', { name: 'Adding…' })).toBeDisabled();
  await expect(badge(page)).toHaveText('1'); // the server has not answered yet
  await posts.release();
  await expect(addAnswer(page, true)).toContainText(`Added to your cart: 1 × ${first.name}.`);
  await expect(badge(page)).toHaveText('1');

  expect(await stillTheSamePage(page)).toBe(true);

  // A refused add (a quantity of 0, which the browser would normally stop) takes its line back.
  await open(page, `/products/${second.id}`, true);
  await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
  const quantity = page.getByTestId('add-to-cart-form').getByLabel('Quantity');
  await quantity.evaluate((input) => input.removeAttribute('min'));
  await addFromProductPage(page, 0, { wait: false });
  await expect(badge(page)).toHaveText('2');
  await posts.release();
  await expect(addAnswer(page, true)).toHaveText('Enter a whole number of at least 1.');
  await expect(quantity).toHaveAttribute('aria-invalid', 'true');
  await expect(badge(page)).toHaveText('1');

  await addFromProductPage(page, 2, { wait: false });
  await posts.release();
  await expect(addAnswer(page, true)).toContainText(`Added to your cart: 2 × ${second.name}.`);
  await expect(badge(page)).toHaveText('2');

  // On the cart page: a quantity change shows its totals at once; a refused one rolls them back.
  await openCartPage(page, true, 'Cart, 2 lines');
  const total = page.getByTestId('cart-total');
  const line = cartLine(page, second);
  await expect(total).toHaveText(formatMoney(first.priceCents + second.priceCents * 2));

  await line.getByLabel('Quantity').fill('3');
  await line.getByRole('button', { name: 'Update' }).click();
  await expect(line.getByTestId('line-total')).toHaveText(formatMoney(second.priceCents * 3));
  await expect(total).toHaveText(formatMoney(first.priceCents + second.priceCents * 3));
  await posts.release();
  await expect(line.getByLabel('Quantity')).toHaveValue('3');

  await line.getByLabel('Quantity').fill(String(second.stock + 1));
  await line.getByRole('button', { name: 'Update' }).click();
  await expect(total).toHaveText(formatMoney(first.priceCents + second.priceCents * (second.stock + 1)));
  await posts.release();
  await expect(line.getByLabel('Quantity')).toHaveAccessibleDescription(`Only ${second.stock} in stock: choose a quantity from 1 to ${second.stock}.`);
  await expect(total).toHaveText(formatMoney(first.priceCents + second.priceCents * 3));
  await expect(line.getByLabel('Quantity')).toHaveValue('3');

  await cartLine(page, first)
    .getByRole('button', { name: `Remove ${first.name}` })
    .click();
  await expect(badge(page)).toHaveText('1');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(total).toHaveText(formatMoney(second.priceCents * 3));
  await posts.release();
  await expect(badge(page)).toHaveText('1');

  expect(await stillTheSamePage(page)).toBe(true);
});

/** True while no full page load has happened since the test marked the window. */
function stillTheSamePage(page: Page) {
  return page.evaluate(() => (window as { stillTheSamePage?: boolean }).stillTheSamePage === true);
}

test("the cart says once what a seller's changes removed or lowered; a deleted product's page says it is no longer for sale", async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  test.slow(); // a seller and a shopper, a checkout left open, an edit and a deletion
  const sellerPage = await newPage(browser);
  await signUp(sellerPage, javaScriptEnabled, 'Cart notice seller');
  await becomeAdmin(sellerPage, javaScriptEnabled);
  const lowered = { name: `Cart e2e lowered ${randomUUID().slice(0, 8)}`, price: '2.00', quantity: '5' };
  const deleted = { name: `Cart e2e deleted ${randomUUID().slice(0, 8)}`, price: '3.00', quantity: '3' };
  const loweredId = await listProduct(sellerPage, javaScriptEnabled, lowered);
  const deletedId = await listProduct(sellerPage, javaScriptEnabled, deleted);

  await signUp(page, javaScriptEnabled, 'Cart notice shopper');
  // A checkout left unpaid holds one unit of the product to be deleted, so deleting keeps its page.
  await addToCart(page, javaScriptEnabled, deletedId);
  await checkOut(page, javaScriptEnabled);
  await open(page, `/products/${loweredId}`, javaScriptEnabled);
  const form = page.getByTestId('add-to-cart-form');
  await form.getByLabel('Quantity').fill('4');
  await form.getByRole('button', { name: 'Add to cart' }).click();
  await expect(addAnswer(page, javaScriptEnabled)).toContainText('to your cart');

  // The seller lowers the stock to 2 and deletes the other product.
  await open(sellerPage, `/products/${loweredId}/edit`, javaScriptEnabled);
  await sellerPage.getByLabel('Quantity').fill('2');
  await sellerPage.getByRole('button', { name: 'Save changes' }).click();
  await expect(sellerPage.getByTestId('flash')).toContainText('Product updated');
  await open(sellerPage, `/products/${deletedId}/delete`, javaScriptEnabled);
  await sellerPage.getByRole('button', { name: 'Delete product' }).click();
  await expect(sellerPage.getByTestId('flash')).toContainText('Product removed from sale');
  await sellerPage.context().close();

  await open(page, '/cart', javaScriptEnabled);
  const notices = page.getByTestId('cart-notices');
  await expect(notices).toContainText(`"${lowered.name}": only 2 left, so your cart now has 2 instead of 4.`);
  await expect(notices).toContainText(`"${deleted.name}" was removed from your cart: its seller deleted it.`);
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('cart-total')).toHaveText('$4.00');
  // Said once.
  await open(page, '/cart', javaScriptEnabled);
  await expect(page.getByTestId('cart-notices')).toHaveCount(0);

  await open(page, `/products/${deletedId}`, javaScriptEnabled);
  await expect(page.getByTestId('stock')).toHaveText('No longer for sale');
  await expect(page.getByTestId('buy-notice')).toContainText('it is no longer for sale');
});

test('the header cart opens a drawer with JavaScript (lines, quantities, total, order cap, check out), and is a link to /cart without', async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  test.slow(); // a seller lists three products first
  const tag = randomUUID().slice(0, 8);
  const products = [
    { name: `Drawer e2e ${tag} a`, price: '12.34', quantity: '4' },
    { name: `Drawer e2e ${tag} b`, price: '5.67', quantity: '6' },
    // 501 units at $2,000.00 cost more than an order may ($999,999.99).
    { name: `Drawer e2e ${tag} c`, price: '2000.00', quantity: '501' },
  ];
  const [firstId, secondId, dearId] = await sellerWithProducts(browser, products);
  await signUp(page, javaScriptEnabled, 'Drawer shopper');
  await open(page, `/products/${firstId}`, javaScriptEnabled);
  await addFromProductPage(page, 2);
  await open(page, `/products/${secondId}`, javaScriptEnabled);
  await addFromProductPage(page, 1);
  await expect(badge(page)).toHaveText('2');

  if (!javaScriptEnabled) {
    await expect(page.getByRole('banner').getByRole('button', { name: /^Cart/ })).toHaveCount(0);
    await expect(page.getByRole('banner').getByRole('link', { name: 'Cart, 2 lines' })).toHaveAttribute('href', '/cart');
    await page.getByRole('banner').getByRole('link', { name: 'Cart, 2 lines' }).click();
    await expect(page).toHaveURL('/cart');
    await expect(page.getByTestId('cart-line')).toHaveCount(2);
    return;
  }

  const cartButton = page.getByRole('banner').getByRole('button', { name: 'Cart, 2 lines' });
  await expect(cartButton).toHaveAttribute('aria-haspopup', 'dialog');
  await cartButton.click();
  const drawer = page.getByRole('dialog', { name: 'My Cart' });
  await expect(drawer).toBeVisible();
  await expect(page).toHaveURL(`/products/${secondId}`);
  const line = (name: string) => drawer.getByTestId('cart-line').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(drawer.getByTestId('cart-line')).toHaveCount(2);
  await expect(line(products[0]!.name).getByTestId('line-total')).toHaveText(formatMoney(1234 * 2));
  await expect(line(products[0]!.name).getByTestId('stock-label')).toHaveText('Only 4 left');
  await expect(drawer.getByTestId('cart-total')).toHaveText(formatMoney(1234 * 2 + 567));
  await expect(drawer.getByRole('button', { name: 'Check out' })).toBeEnabled();

  // The same line form as the cart page's, through the same fetchers.
  await line(products[1]!.name).getByLabel('Quantity').fill('3');
  await submit(page, line(products[1]!.name).getByRole('button', { name: 'Update' }));
  await expect(drawer.getByTestId('cart-total')).toHaveText(formatMoney(1234 * 2 + 567 * 3));

  // Focus stays in the drawer; Escape closes it and gives focus back to the cart button.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await drawer.evaluate((element) => document.activeElement === document.body || element.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(cartButton).toBeFocused();

  // Over the order cap: the drawer says so and will not check out.
  await open(page, `/products/${dearId}`, true);
  await addFromProductPage(page, 501);
  await page.getByRole('banner').getByRole('button', { name: 'Cart, 3 lines' }).click();
  await expect(drawer.getByTestId('cap-alert')).toContainText('Maximum cost exceeded');
  await expect(drawer.getByRole('button', { name: 'Check out' })).toBeDisabled();
  await line(products[2]!.name)
    .getByRole('button', { name: `Remove ${products[2]!.name}` })
    .click();
  await expect(drawer.getByTestId('cap-alert')).toHaveCount(0);
  await expect(badge(page)).toHaveText('2');

  await drawer.getByRole('button', { name: 'Check out' }).click();
  await expect(page).toHaveURL(/\/test-payments\/cs_test_/);
  await expect(drawer).toBeHidden();
});
