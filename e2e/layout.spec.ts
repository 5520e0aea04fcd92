// The layout around every page: header, sidebar with counts, theme switch, sign-in and sign-out,
// the 404 page. Runs with JavaScript (project js-on) and without it (js-off).
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test.ts';
import type { Page } from '@playwright/test';
import { badgeCount } from '../app/utils/badge-count.ts';

const SEEDED_PRODUCTS = 54;
const SEEDED_PEOPLE = 6;

/** Opens a page; with JavaScript on, waits until React has hydrated so that clicks take the JS path. */
async function open(page: Page, url: string, javaScriptEnabled: boolean) {
  const response = await page.goto(url);
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  return response;
}

async function signInAs(page: Page, name: string, javaScriptEnabled: boolean) {
  await open(page, '/sign-in', javaScriptEnabled);
  await page.getByRole('button', { name: `Continue as ${name}` }).click();
  await expect(page.getByRole('banner').getByRole('link', { name, exact: true })).toBeVisible();
}

/** The theme cookie's value: Remix cookies hold base64-encoded JSON. */
async function themeCookie(page: Page) {
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name === 'theme');
  return cookie ? JSON.parse(atob(decodeURIComponent(cookie.value))) : undefined;
}

async function chooseTheme(page: Page, label: 'Light' | 'Dark' | 'System') {
  const value = label.toLowerCase();
  const button = page.getByRole('banner').getByRole('button', { name: label, exact: true });
  await button.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', value);
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  // With JavaScript the page changes before the POST returns: wait for the cookie before going on.
  await expect.poll(() => themeCookie(page)).toBe(value);
}

test('runs in the mode its project says', async ({ page, javaScriptEnabled }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const remixContext = () => page.evaluate(() => typeof (window as { __remixContext?: unknown }).__remixContext);
  if (javaScriptEnabled) {
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
    expect(await remixContext()).toBe('object');
  } else {
    // The page's own inline scripts never ran, so it cannot hydrate later either.
    expect(await remixContext()).toBe('undefined');
    await expect(page.locator('html')).not.toHaveAttribute('data-hydrated');
  }
});

test('a shopper signs in, finds the layout, switches the theme and signs out', async ({ page, javaScriptEnabled }) => {
  const name = javaScriptEnabled ? 'Margaret Hamilton' : 'Dennis Ritchie';
  await signInAs(page, name, javaScriptEnabled);
  const header = page.getByRole('banner');
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome back, ${name}`);

  const sidebar = page.getByRole('navigation', { name: 'Main' });
  const links = {
    Profile: sidebar.getByRole('link', { name: /^Profile$/ }),
    Users: sidebar.getByRole('link', { name: /^Users\b/ }),
    Products: sidebar.getByRole('link', { name: /^Products\b/ }),
    'My Products': sidebar.getByRole('link', { name: /^My Products\b/ }),
    Orders: sidebar.getByRole('link', { name: /^Orders\b/ }),
  };
  await expect(links.Profile).toHaveAttribute('href', '/profile');
  await expect(links.Users).toHaveAttribute('href', '/users');
  await expect(links.Products).toHaveAttribute('href', '/products');
  await expect(links['My Products']).toHaveAttribute('href', '/products?mine=1');
  await expect(links.Orders).toHaveAttribute('href', '/orders');
  for (const link of Object.values(links)) await expect(link).not.toHaveAttribute('aria-current');

  // Other specs list products and sign up meanwhile (and delete only their own): at least the seeded
  // ones are counted, and past 99 a badge says "99+" (which the suite reaches, depending on the order
  // its specs run in). The home page's summary gives the exact number of products.
  const products = Number(/^(\d+) products on sale/.exec((await page.getByTestId('shop-summary').textContent()) ?? '')?.[1]);
  expect(products).toBeGreaterThanOrEqual(SEEDED_PRODUCTS);
  await expect(links.Products.getByTestId('count-products')).toHaveText(badgeCount(products));
  await expect(links.Users.getByTestId('count-users')).toHaveText(/^(\d+|99\+)$/);
  const people = (await links.Users.getByTestId('count-users').textContent())!;
  if (people !== '99+') expect(Number(people)).toBeGreaterThanOrEqual(SEEDED_PEOPLE);
  await expect(links['My Products'].getByTestId('count-my-products')).toHaveText(/^\d+$/);
  await expect(links.Orders.getByTestId('count-orders')).toHaveText(/^\d+$/);

  // Each sidebar link marks itself, and only itself, as the current page once followed.
  for (const [label, link] of Object.entries(links)) {
    await link.click();
    await expect(link).toHaveAttribute('aria-current', 'page');
    for (const [otherLabel, other] of Object.entries(links)) {
      if (otherLabel !== label) await expect(other, `${otherLabel} on ${label}'s page`).not.toHaveAttribute('aria-current');
    }
  }

  await open(page, '/', javaScriptEnabled);
  await chooseTheme(page, 'Dark');
  await expect(header.getByRole('button', { name: 'Light', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(header.getByRole('button', { name: 'Dark', exact: true })).toHaveAttribute('aria-pressed', 'true');

  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await chooseTheme(page, 'Light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await header.getByRole('button', { name: 'Sign out' }).click();
  await expect(header.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(header.getByRole('link', { name, exact: true })).toHaveCount(0);
  await expect(links['My Products']).toHaveCount(0);
  await expect(links.Orders).toHaveCount(0);
  await page.reload();
  await expect(header.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
});

test('an unknown URL shows the 404 page inside the layout', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: '404' })).toBeVisible();
  await expect(page.getByText('Page not found')).toBeVisible();
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
});

test('creating an account checks the email, signs the new account in, and it signs back in by email and password', async ({
  page,
  javaScriptEnabled,
}, testInfo) => {
  await open(page, '/sign-in', javaScriptEnabled);
  const name = `E2E Shopper ${testInfo.project.name} ${randomUUID().slice(0, 6)}`;
  const email = `e2e-${randomUUID()}@example.com`;
  const password = `e2e password ${randomUUID().slice(0, 6)}`;
  const emailField = page.getByLabel('Email', { exact: true });
  await page.getByLabel('Name', { exact: true }).fill(name);
  await emailField.fill('not-an-email');
  await page.getByLabel('Choose a password').fill(password);
  await page.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(emailField).toHaveAttribute('aria-invalid', 'true');
  await expect(emailField).toHaveAccessibleDescription('Enter a valid email address.');
  await expect(page.getByLabel('Name', { exact: true })).not.toHaveAttribute('aria-invalid');
  // The server never sends a password back; with JavaScript the field simply keeps what was typed.
  if (!javaScriptEnabled) await expect(page.getByLabel('Choose a password')).toHaveValue('');

  await page.getByLabel('Name', { exact: true }).fill(name);
  await emailField.fill(email);
  await page.getByLabel('Choose a password').fill(password);
  await page.getByRole('button', { name: 'Create account and sign in' }).click();
  const header = page.getByRole('banner');
  await expect(header.getByRole('link', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${name}`);

  // Signed out, the account is not a demo account to pick: it signs back in by its email and password.
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await header.getByRole('button', { name: 'Sign out' }).click();
  await expect(header.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  await open(page, '/sign-in', javaScriptEnabled);
  await expect(page.getByRole('button', { name: `Continue as ${name}` })).toHaveCount(0);
  const accountEmail = page.getByLabel('Email you signed up with');
  const passwordField = page.getByLabel('Password', { exact: true });
  await accountEmail.fill(email);
  await passwordField.fill('not my password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(passwordField).toBeFocused();
  await expect(passwordField).toHaveAccessibleDescription('That email and password do not match an account made here.');
  await expect(accountEmail).toHaveValue(email);
  await passwordField.fill(password);
  await accountEmail.fill(email.toUpperCase());
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(header.getByRole('link', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome back, ${name}`);
});

test('the menu toggle opens and closes the sidebar, also without JavaScript', async ({ page, javaScriptEnabled }) => {
  const sidebar = page.getByRole('navigation', { name: 'Main' });
  const toggle = page.getByRole('banner').getByTitle('Toggle the menu'); // the label of the hidden checkbox

  await page.setViewportSize({ width: 390, height: 800 }); // a phone: the sidebar starts closed
  await open(page, '/', javaScriptEnabled);
  await expect(sidebar).toBeHidden();
  await toggle.click();
  await expect(sidebar).toBeVisible();
  await toggle.click();
  await expect(sidebar).toBeHidden();

  // Picking a page closes it, with JavaScript as without (where the new page starts closed).
  await toggle.click();
  await sidebar.getByRole('link', { name: /^Products\b/ }).click();
  await expect(page).toHaveURL('/products');
  await expect(sidebar).toBeHidden();

  if (javaScriptEnabled) {
    // Escape closes it and gives the focus back to the toggle; while open, Tab stays inside it.
    await toggle.click();
    await expect(sidebar).toBeVisible();
    const stops = await sidebar.getByRole('link').count();
    for (let i = 0; i < stops + 1; i++) await page.keyboard.press('Tab');
    await expect(page.locator('#menu-toggle')).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(sidebar.getByRole('link').last()).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(sidebar).toBeHidden();
    await expect(page.locator('#menu-toggle')).toBeFocused();
  }

  await page.setViewportSize({ width: 1280, height: 800 }); // a desktop: it starts open
  await expect(sidebar).toBeVisible();
  await toggle.click();
  await expect(sidebar).toBeHidden();
});
