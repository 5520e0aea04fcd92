// The cart from a shopper's side: adding from product pages, changing quantities, removing lines,
// with JavaScript (fetchers, optimistic badge and totals) and without it (posts and redirects).
// Each test creates its own account; the products are seeded ones, picked from the products list.
import { randomUUID } from 'node:crypto';
import { expect, test, type Locator, type Page, type Response, type Route } from '@playwright/test';
import { formatMoney } from '../app/utils/money.ts';

type Listed = { id: string; name: string; stock: number; priceCents: number };

/** Opens a page; with JavaScript on, waits until React has hydrated so that clicks take the JS path. */
async function open(page: Page, url: string, javaScriptEnabled: boolean) {
  await page.goto(url);
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

async function createAccount(page: Page, javaScriptEnabled: boolean) {
  await open(page, '/sign-in', javaScriptEnabled);
  const name = `Cart shopper ${randomUUID().slice(0, 8)}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email', { exact: true }).fill(`cart-${randomUUID()}@example.com`);
  await page.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name, exact: true })).toBeVisible();
}

/** Seeded products with at least 3 in stock, read from the products list (a new account owns none). */
async function productsInStock(page: Page, javaScriptEnabled: boolean, count: number): Promise<Listed[]> {
  await open(page, '/products?perPage=50', javaScriptEnabled);
  const rows = await page.getByTestId('product-row').evaluateAll((elements) =>
    elements.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '');
      const link = row.querySelector('td:nth-child(2) a')!;
      return { href: link.getAttribute('href')!, name: link.textContent!, stock: cells[2]!, price: cells[3]! };
    }),
  );
  const listed = rows
    .map((row) => ({ id: row.href.split('/').pop()!, name: row.name, stock: Number(row.stock), priceCents: Number(row.price.replace(/\D/g, '')) }))
    .filter((product) => product.stock >= 3);
  expect(listed.length).toBeGreaterThanOrEqual(count);
  // Shuffled, so that tests running side by side do not all use the same few products.
  return listed.sort(() => Math.random() - 0.5).slice(0, count);
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

test('a shopper adds from product pages, changes a quantity and removes lines', async ({ page, javaScriptEnabled }) => {
  test.slow(); // a whole shopping session: a dozen page loads without JavaScript
  await createAccount(page, javaScriptEnabled);
  const [first, second] = (await productsInStock(page, javaScriptEnabled, 2)) as [Listed, Listed];
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

  await page.getByRole('banner').getByRole('link', { name: 'Cart, 2 lines' }).click();
  await expect(page).toHaveURL('/cart');
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

test('the badge and totals change before the server answers with JavaScript, and roll back when it refuses', async ({ page, javaScriptEnabled }) => {
  test.slow(); // many round trips, each held and released in turn
  await createAccount(page, javaScriptEnabled);
  const [first, second] = (await productsInStock(page, javaScriptEnabled, 2)) as [Listed, Listed];
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
  await page.getByRole('banner').getByRole('link', { name: 'Cart, 2 lines' }).click();
  await expect(page).toHaveURL('/cart');
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

  await cartLine(page, first).getByRole('button', { name: `Remove ${first.name}` }).click();
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
