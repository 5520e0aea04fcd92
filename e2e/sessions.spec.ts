// Stored sessions in a browser, with JavaScript on (js-on) and off (js-off): a cookie copied into
// another browser stops working once its session ends, by signing out or by "Sign out of all
// devices" on the profile; the other browser then shows a signed-out page, never a stale name.
import { expect, test } from './support/test.ts';
import type { Browser, Page } from '@playwright/test';
import { open, signUp } from './fixtures.ts';

/** A second browser with the first one's cookies: what someone who copied them holds. */
async function copyOf(browser: Browser, page: Page) {
  const { baseURL, javaScriptEnabled } = test.info().project.use;
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  await context.addCookies(await page.context().cookies());
  return context.newPage();
}

async function expectSignedOut(page: Page, javaScriptEnabled: boolean, name: string) {
  await open(page, '/profile', javaScriptEnabled);
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fprofile$/);
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  // The server told the browser to drop the dead cookie.
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain('reen_session');
}

test('a copied session cookie stops working once its browser signs out', async ({ page, browser, javaScriptEnabled }) => {
  test.slow(); // two browsers
  const person = await signUp(page, javaScriptEnabled, 'Copied cookie');
  const thief = await copyOf(browser, page);
  await open(thief, '/profile', javaScriptEnabled);
  await expect(thief.getByRole('banner').getByRole('link', { name: person.name, exact: true })).toBeVisible();

  await open(page, '/', javaScriptEnabled);
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();

  await expectSignedOut(thief, javaScriptEnabled, person.name);
  await thief.context().close();
});

test('"Sign out of all devices" on the profile ends the sessions of every browser', async ({ page, browser, javaScriptEnabled }) => {
  test.slow(); // two browsers, a sign-up and a sign-in (each hashes a password)
  const person = await signUp(page, javaScriptEnabled, 'All devices');
  // A second device that signed in with the email and password.
  const { baseURL } = test.info().project.use;
  const phone = await (await browser.newContext({ baseURL, javaScriptEnabled })).newPage();
  await open(phone, '/sign-in', javaScriptEnabled);
  await phone.getByLabel('Email you signed up with').fill(person.email);
  await phone.getByLabel('Password', { exact: true }).fill(person.password);
  await phone.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(phone.getByRole('banner').getByRole('link', { name: person.name, exact: true })).toBeVisible();

  await open(page, '/profile', javaScriptEnabled);
  await page.getByRole('button', { name: 'Sign out of all devices' }).click();
  await expect(page.getByTestId('flash')).toContainText('You are signed out on every device.');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();

  await expectSignedOut(phone, javaScriptEnabled, person.name);
  await expectSignedOut(page, javaScriptEnabled, person.name);
  await phone.context().close();
});
