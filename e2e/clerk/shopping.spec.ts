// Clerk mode without JavaScript: a shopper signed in with a minted Clerk session browses and adds to
// the cart; their short-lived token expiring between page load and a form post loses nothing (a
// recent one is honoured) or brings them back to the page with a message, through Clerk's handshake
// (here a stand-in for Clerk's Frontend API that mints the renewed token).
import { randomUUID } from 'node:crypto';
import { expect, test } from '../support/test.ts';
import type { BrowserContext, Page } from '@playwright/test';
import { CLERK_FRONTEND_API, mintHandshakeToken, mintSessionToken, newTestSession, type ClerkTestKeys, type TestSession } from '../../test/clerk.ts';

const keys = JSON.parse(process.env.E2E_CLERK_KEYS!) as ClerkTestKeys;
const RESUBMIT_MESSAGE = 'Your sign-in had to be renewed, so that form was not sent. Nothing was changed: please send it again.';

const nowSeconds = () => Math.floor(Date.now() / 1000);

type Shopper = { session: TestSession; name: string; handshakes: () => number };

/**
 * Signs a new shopper in as Clerk would leave the browser: a session token and the client's
 * "updated at" cookie; Clerk's Frontend API answers handshakes with a renewed token.
 */
async function signIn(page: Page, context: BrowserContext, baseURL: string): Promise<Shopper> {
  const name = `Clerk shopper ${randomUUID().slice(0, 8)}`;
  const session = newTestSession(baseURL, { name, email: `clerk-${randomUUID()}@example.com` });
  const clientUat = nowSeconds() - 3600;
  let handshakes = 0;
  await page.route(`https://${CLERK_FRONTEND_API}/v1/client/handshake**`, async (route) => {
    handshakes++;
    const back = new URL(new URL(route.request().url()).searchParams.get('redirect_url')!);
    const renewed = mintSessionToken(keys, session);
    back.searchParams.set(
      '__clerk_handshake',
      mintHandshakeToken(keys, [`__session=${renewed}; Path=/; SameSite=Lax`, `__client_uat=${clientUat}; Path=/; SameSite=Lax`]),
    );
    await route.fulfill({ status: 307, headers: { Location: back.toString() } });
  });
  await setSessionToken(context, baseURL, mintSessionToken(keys, session), clientUat);
  return { session, name, handshakes: () => handshakes };
}

async function setSessionToken(context: BrowserContext, baseURL: string, token: string, clientUat?: number) {
  const cookies = [{ name: '__session', value: token, url: baseURL }];
  if (clientUat !== undefined) cookies.push({ name: '__client_uat', value: String(clientUat), url: baseURL });
  await context.addCookies(cookies);
}

/** A token of this session issued `ageSeconds` ago (Clerk's tokens live 60 seconds). */
const tokenAged = (session: TestSession, ageSeconds: number) => mintSessionToken(keys, session, nowSeconds() - ageSeconds);

/** A seeded product with stock, from the products list; opens its page. */
async function openProductInStock(page: Page) {
  await page.goto('/products?perPage=50');
  const rows = await page.getByTestId('product-row').evaluateAll((elements) =>
    elements.map((row) => ({
      href: row.querySelector('td:nth-child(2) a')!.getAttribute('href')!,
      stock: Number(row.querySelectorAll('td')[2]!.textContent),
    })),
  );
  const inStock = rows.filter((row) => row.stock >= 3);
  expect(inStock.length).toBeGreaterThan(0);
  const { href } = inStock[Math.floor(Math.random() * inStock.length)]!;
  await page.goto(href);
  return href;
}

async function addToCart(page: Page) {
  const form = page.getByTestId('add-to-cart-form');
  await form.getByLabel('Quantity').fill('1');
  await form.getByRole('button', { name: 'Add to cart' }).click();
}

const badge = (page: Page) => page.getByRole('banner').getByTestId('cart-badge');

test.beforeEach(() => {
  expect(test.info().project.use.javaScriptEnabled).toBe(false);
});

test('a shopper signed in with Clerk browses and adds to the cart without JavaScript', async ({ page, context, baseURL }) => {
  const shopper = await signIn(page, context, baseURL!);
  await page.goto('/products');
  // The first request created the shopper's account: no webhook involved.
  await expect(page.getByRole('banner').getByRole('link', { name: shopper.name, exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible();

  await openProductInStock(page);
  await addToCart(page);
  await expect(page.getByTestId('flash')).toContainText('Added to your cart');
  await expect(badge(page)).toHaveText('1');

  await page.goto('/cart');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await page.goto('/profile');
  await expect(page.getByText('$4,000,000.00').first()).toBeVisible();
  // Name and email are changed at Clerk, not here: the profile says so and links there.
  const details = page.getByRole('region', { name: 'Your name and email' });
  await expect(details.getByTestId('details-where')).toContainText('They come from your Clerk account');
  await expect(details.getByRole('link', { name: 'your account page' })).toHaveAttribute('href', '/profile/account');
  await expect(details.getByRole('button', { name: 'Save name and email' })).toHaveCount(0);
});

test('a form posted with a token that expired minutes ago goes through', async ({ page, context, baseURL }) => {
  const shopper = await signIn(page, context, baseURL!);
  await openProductInStock(page);
  await expect(page.getByRole('banner').getByRole('link', { name: shopper.name, exact: true })).toBeVisible();

  // The page stayed open: the token expired two minutes ago, and nothing without JavaScript renewed it.
  await setSessionToken(context, baseURL!, tokenAged(shopper.session, 180));
  await addToCart(page);
  await expect(page.getByTestId('flash')).toContainText('Added to your cart');
  await expect(badge(page)).toHaveText('1');
  // The page after the post renewed the token through Clerk's handshake.
  expect(shopper.handshakes()).toBeGreaterThanOrEqual(1);
});

test('a form posted with a long-expired token comes back with a message, and works when sent again', async ({ page, context, baseURL }) => {
  const shopper = await signIn(page, context, baseURL!);
  const productPath = await openProductInStock(page);
  await expect(page.getByRole('banner').getByRole('link', { name: shopper.name, exact: true })).toBeVisible();

  await setSessionToken(context, baseURL!, tokenAged(shopper.session, 3600));
  await addToCart(page);
  // Back on the same page, signed in again through the handshake, told to send the form again.
  await expect(page).toHaveURL(new RegExp(`${productPath}$`));
  await expect(page.getByTestId('flash')).toContainText(RESUBMIT_MESSAGE);
  await expect(page.getByRole('banner').getByRole('link', { name: shopper.name, exact: true })).toBeVisible();
  expect(shopper.handshakes()).toBe(1);
  await page.goto('/cart');
  await expect(page.getByTestId('cart-empty')).toBeVisible();

  await page.goBack();
  await addToCart(page);
  await expect(page.getByTestId('flash')).toContainText('Added to your cart');
  await expect(badge(page)).toHaveText('1');
});
