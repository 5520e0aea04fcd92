// Shared steps of e2e specs that need a person of their own: sign up through the sign-in page,
// become an ADMIN through the profile's upgrade form, list a product, fill the cart and check out.
// Tests run in parallel on one database, so each makes and changes only its own accounts.
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test.ts';
import type { Browser, BrowserContext, Page } from '@playwright/test';

/** A second person in a browser context of their own, with the project's settings. */
export async function newPage(browser: Browser) {
  const { baseURL, javaScriptEnabled } = test.info().project.use;
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  return context.newPage();
}

/** Opens a page; with JavaScript on, waits until React has hydrated so that clicks take the JS path. */
export async function open(page: Page, url: string, javaScriptEnabled: boolean) {
  const response = await page.goto(url);
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  return response;
}

/** Creates a fresh account (name, email, password) through the sign-in page and signs it in. */
export async function signUp(page: Page, javaScriptEnabled: boolean, label: string) {
  const tag = randomUUID().slice(0, 8);
  const person = { name: `${label} ${tag}`, email: `e2e-${tag}@example.com`, password: `e2e password ${tag}` };
  await open(page, '/sign-in', javaScriptEnabled);
  await page.getByLabel('Name', { exact: true }).fill(person.name);
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByLabel('Choose a password').fill(person.password);
  await page.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: person.name, exact: true })).toBeVisible();
  return person;
}

/** Pays the $160,000 fee on the confirmation page (/profile/role, with or without JavaScript). */
export async function becomeAdmin(page: Page, javaScriptEnabled: boolean) {
  await open(page, '/profile/role', javaScriptEnabled);
  await page.getByRole('main').getByRole('button', { name: 'Pay $160,000.00 and become an ADMIN' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('main').getByTestId('role-badge')).toHaveText('ADMIN');
}

/** Cents from money as the app shows it (`$1,234.56`). */
export function cents(text: string | null): number {
  const match = /^\$([\d,]+)\.(\d\d)$/.exec((text ?? '').trim());
  if (!match) throw new Error(`not an amount of money: ${text}`);
  return Number(match[1]!.replaceAll(',', '')) * 100 + Number(match[2]);
}

/** Lists a product through /products/new (the page must belong to an ADMIN); returns its id. */
export async function listProduct(page: Page, javaScriptEnabled: boolean, product: { name: string; price: string; quantity: string }) {
  await open(page, '/products/new', javaScriptEnabled);
  await page.getByLabel('Name').fill(product.name);
  await page.getByLabel('Description').fill(`${product.name}, listed by an e2e test.`);
  await page.getByLabel('Price (USD)').fill(product.price);
  await page.getByLabel('Quantity').fill(product.quantity);
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible();
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

/**
 * Posts a form as a browser without JavaScript would (the context's cookies go with it, and the
 * redirect is followed); returns the path it ended on. For what a test is not about: far quicker
 * than filling the pages in, which the specs of those pages do.
 */
export async function postForm(context: BrowserContext, url: string, form: Record<string, string>) {
  const response = await context.request.post(url, { form });
  expect(response.status(), `POST ${url}: ${(await response.text()).slice(0, 300)}`).toBeLessThan(400);
  return new URL(response.url()).pathname;
}

/** Creates an account through the sign-in form's post, signed in in `context`. */
export async function signUpByPost(context: BrowserContext, person: { name: string; email: string; password: string }) {
  await postForm(context, '/sign-in', { intent: 'create', name: person.name, email: person.email, newPassword: person.password, redirectTo: '/' });
}

/** Lists a product through the new-product form's post (the context must be an ADMIN's); returns its id. */
export async function listProductByPost(
  context: BrowserContext,
  product: { name: string; description?: string; price: string; quantity: string; images?: string },
) {
  const path = await postForm(context, '/products/new', {
    intent: 'create',
    description: `${product.name}, listed by an e2e test.`,
    images: '1',
    ...product,
  });
  expect(path).toMatch(/^\/products\/[0-9a-f-]{36}$/);
  return path.split('/').at(-1)!;
}

/**
 * A new ADMIN lists products, through the forms' posts in a browser context of its own; returns
 * their ids in order. For tests that buy, reserve, or count on a product's stock and price: the
 * products list also shows other specs' products, whose stock and price change while they run.
 */
export async function sellerWithProducts(browser: Browser, products: { name: string; price: string; quantity: string }[]) {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const tag = randomUUID().slice(0, 8);
    await signUpByPost(context, { name: `Seller of ${tag}`, email: `e2e-${tag}@example.com`, password: `e2e password ${tag}` });
    await postForm(context, '/profile/role', { intent: 'upgrade' });
    const ids: string[] = [];
    for (const product of products) ids.push(await listProductByPost(context, product));
    return ids;
  } finally {
    await context.close();
  }
}

/** One product of a new ADMIN of its own (see sellerWithProducts). */
export async function productOfOwnSeller(browser: Browser, product: { name: string; price: string; quantity: string }) {
  const [id] = await sellerWithProducts(browser, [product]);
  return id!;
}

/** Adds one of the product to the cart from its page. */
export async function addToCart(page: Page, javaScriptEnabled: boolean, productId: string) {
  await open(page, `/products/${productId}`, javaScriptEnabled);
  const form = page.getByTestId('add-to-cart-form');
  await form.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByTestId(javaScriptEnabled ? 'add-to-cart-answer' : 'flash')).toContainText('to your cart');
}

/** Checks the cart out, up to the test payment page; returns the payment session's id. */
export async function checkOut(page: Page, javaScriptEnabled: boolean) {
  await open(page, '/cart', javaScriptEnabled);
  await page.getByRole('button', { name: 'Check out' }).click();
  await expect(page).toHaveURL(/\/test-payments\/cs_test_/);
  return new URL(page.url()).pathname.split('/').at(-1)!;
}
