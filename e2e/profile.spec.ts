// Users list, profiles and becoming an ADMIN, with JavaScript on (js-on) and off (js-off). Each
// test signs up a fresh account, so tests never change the seeded people.
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test.ts';
import type { Page } from '@playwright/test';
import { open, signUp } from './fixtures.ts';

/** A fresh account of the test's own; its name. */
async function signUpName(page: Page, javaScriptEnabled: boolean) {
  return (await signUp(page, javaScriptEnabled, 'Tester')).name;
}

test('filter users by role, then open a profile', async ({ page, javaScriptEnabled }) => {
  await signUpName(page, javaScriptEnabled);
  await open(page, '/users', javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  const admins = Number(await page.getByTestId('facet-ADMIN').textContent());
  expect(admins).toBeGreaterThanOrEqual(3);

  await page.getByRole('checkbox', { name: /^Admin/ }).check();
  if (!javaScriptEnabled) await page.getByRole('form', { name: 'Search, filter and sort users' }).getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]role=ADMIN/);
  const rows = page.getByTestId('user-row');
  // Other tests upgrade people meanwhile: the count is not fixed, but everyone listed is an ADMIN.
  await expect(rows.first()).toBeVisible();
  await expect(rows.getByTestId('role-badge').filter({ hasText: 'NADMIN' })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: /^Admin/ })).toBeChecked();
  // Other tests create ADMINs too, so a seeded seller may be on a later page: search within the filter.
  await page.getByLabel('Search users by name').fill('Grace Hopper');
  if (!javaScriptEnabled) await page.getByRole('form', { name: 'Search, filter and sort users' }).getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]q=Grace/);
  await expect(rows.getByRole('link', { name: 'Grace Hopper', exact: true })).toBeVisible();

  await page.getByRole('link', { name: 'Reset' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('checkbox', { name: /^Admin/ })).not.toBeChecked();

  await open(page, '/users?q=Grace+Hopper', javaScriptEnabled);
  await page.getByRole('link', { name: 'Grace Hopper', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Grace Hopper's Profile" })).toBeVisible();
  await page.getByRole('link', { name: 'See all products' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Grace Hopper's Products" })).toBeVisible();
  await expect(page.getByTestId('product-row').first()).toBeVisible();
});

test('upgrade to ADMIN and see the balance drop by $160,000.00', async ({ page, javaScriptEnabled }) => {
  const name = await signUpName(page, javaScriptEnabled);
  await open(page, '/profile', javaScriptEnabled);
  // Still the new account's first session: welcomed, not welcomed back.
  await expect(page.getByText(`Welcome, ${name}`)).toBeVisible();
  await expect(page.getByTestId('stat-balance')).toHaveText('$4,000,000.00');
  await expect(page.getByTestId('role-badge')).toHaveText('NADMIN');
  await expect(page.getByTestId('transaction-row')).toHaveText([/Starting balance\s*\+\$4,000,000\.00/]);

  await page.getByRole('link', { name: 'Become an ADMIN' }).click();
  // With JavaScript the confirmation is a dialog over the profile; without, a page of its own.
  const confirmation = javaScriptEnabled ? page.getByRole('dialog', { name: 'Become an ADMIN' }) : page.getByRole('main');
  if (javaScriptEnabled) await expect(page).toHaveURL(/\/profile$/);
  else await expect(page).toHaveURL(/\/profile\/role$/);
  await expect(confirmation.getByText('Remaining after upgrade')).toBeVisible();
  await expect(confirmation.getByTestId('role-balance')).toHaveText('$4,000,000.00');
  await confirmation.getByRole('button', { name: 'Pay $160,000.00 and become an ADMIN' }).click();

  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('flash')).toContainText('Your role has been updated successfully');
  await expect(page.getByTestId('stat-balance')).toHaveText('$3,840,000.00');
  await expect(page.getByTestId('stat-amount-spent')).toHaveText('$160,000.00');
  await expect(page.getByRole('main').getByTestId('role-badge')).toHaveText('ADMIN');
  await expect(page.getByTestId('transaction-row').first()).toContainText(/Upgrade to ADMIN\s*-\$160,000\.00/);
  await expect(page.getByRole('dialog')).toBeHidden();

  // Stepping down is free.
  await page.getByRole('link', { name: 'Step down to NADMIN' }).click();
  await page
    .getByRole(javaScriptEnabled ? 'dialog' : 'main')
    .getByRole('button', { name: 'Step down to NADMIN' })
    .click();
  await expect(page.getByTestId('flash')).toContainText('you are now a NADMIN');
  await expect(page.getByRole('main').getByTestId('role-badge')).toHaveText('NADMIN');
  await expect(page.getByTestId('stat-balance')).toHaveText('$3,840,000.00');
});

test.describe('in Tokyo', () => {
  test.use({ timezoneId: 'Asia/Tokyo' });

  test('the browser tells the server its time zone, when JavaScript runs', async ({ page, javaScriptEnabled }) => {
    await open(page, '/products', javaScriptEnabled);
    const tz = async () => (await page.context().cookies()).find((cookie) => cookie.name === 'tz')?.value;
    if (javaScriptEnabled) await expect.poll(tz).toBe('Asia%2FTokyo');
    else expect(await tz()).toBeUndefined();
  });
});

test('change your name and email on the profile; a new email takes the password', async ({ page, javaScriptEnabled }) => {
  const me = await signUp(page, javaScriptEnabled, 'Renamer');
  await open(page, '/profile', javaScriptEnabled);
  const details = page.getByRole('region', { name: 'Your name and email' });
  const password = details.getByLabel('Your password (only to change your email)');

  // Without the password: refused with a message, what was typed kept, nothing changed.
  const newName = `Renamed ${randomUUID().slice(0, 8)}`;
  const newEmail = `renamed-${randomUUID().slice(0, 8)}@example.com`;
  await details.getByLabel('Name', { exact: true }).fill(newName);
  await details.getByLabel('Email', { exact: true }).fill(newEmail);
  await details.getByRole('button', { name: 'Save name and email' }).click();
  await expect(password).toHaveAccessibleDescription(/Enter your password to change your email/);
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(details.getByLabel('Name', { exact: true })).toHaveValue(newName);
  await expect(page.getByRole('banner').getByRole('link', { name: newName })).toHaveCount(0);

  await password.fill(me.password);
  await details.getByRole('button', { name: 'Save name and email' }).click();
  await expect(page.getByTestId('flash')).toContainText('Your name and email are saved.');
  await expect(page.getByRole('banner').getByRole('link', { name: newName, exact: true })).toBeVisible();
  await expect(details.getByLabel('Email', { exact: true })).toHaveValue(newEmail);

  await open(page, `/users?q=${encodeURIComponent(newName)}`, javaScriptEnabled);
  await expect(page.getByTestId('user-row').getByRole('link', { name: newName, exact: true })).toBeVisible();
});
