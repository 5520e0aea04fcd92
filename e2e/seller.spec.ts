// Selling: an ADMIN creates, edits and deletes products through the forms, paying listing fees;
// a NADMIN cannot reach the forms. With JavaScript on (js-on) and off (js-off). Each test makes
// its own seller; product names start with "Seller e2e" so that they stay out of other specs'
// searches and first pages.
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test.ts';
import type { Page } from '@playwright/test';
import { becomeAdmin, cents, open, signUp } from './fixtures.ts';

async function signUpAsAdmin(page: Page, javaScriptEnabled: boolean) {
  const person = await signUp(page, javaScriptEnabled, 'Seller');
  await becomeAdmin(page, javaScriptEnabled);
  return person;
}

const feePreview = (page: Page) => page.getByTestId('fee-preview');
const myProductsCount = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByTestId('count-my-products');

type NewProduct = { name: string; description: string; price: string; quantity: string; images: string };

function newProduct(overrides: Partial<NewProduct> = {}): NewProduct {
  return {
    name: `Seller e2e ${randomUUID().slice(0, 8)}`,
    description: 'Made by the seller e2e test.',
    price: '10.00',
    quantity: '10',
    images: '2',
    ...overrides,
  };
}

async function fillProductForm(page: Page, product: Partial<NewProduct>) {
  if (product.name !== undefined) await page.getByLabel('Name').fill(product.name);
  if (product.description !== undefined) await page.getByLabel('Description').fill(product.description);
  if (product.price !== undefined) await page.getByLabel('Price (USD)').fill(product.price);
  if (product.quantity !== undefined) await page.getByLabel('Quantity').fill(product.quantity);
  if (product.images !== undefined) await page.getByLabel('Number of images').selectOption(product.images);
}

/** Creates a product through the form; returns its id, taken from the product page it leads to. */
async function createThroughForm(page: Page, javaScriptEnabled: boolean, product: NewProduct) {
  await open(page, '/products/new', javaScriptEnabled);
  await fillProductForm(page, product);
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible();
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

/** The newest entry of the Transactions list on the profile. */
async function latestTransaction(page: Page, javaScriptEnabled: boolean) {
  await open(page, '/profile', javaScriptEnabled);
  return page.getByRole('region', { name: 'Transactions' }).getByTestId('transaction-row').first();
}

test('an ADMIN creates a product, pays the fee and finds it in My Products and Transactions', async ({ page, javaScriptEnabled }) => {
  await signUpAsAdmin(page, javaScriptEnabled);
  await open(page, '/products/new', javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1, name: 'Create a Product' })).toBeVisible();
  await expect(myProductsCount(page)).toHaveText('0');
  const balance = cents(await feePreview(page).getByTestId('balance').textContent());

  const product = newProduct({ price: '19.99', quantity: '7', images: '3' }); // fee: 4% of $139.93 = $5.60
  await fillProductForm(page, product);
  if (javaScriptEnabled) {
    await expect(page.getByRole('button', { name: 'Preview fee' })).toHaveCount(0);
  } else {
    await page.getByRole('button', { name: 'Preview fee' }).click();
    await expect(page.getByLabel('Name')).toHaveValue(product.name);
    await expect(page.getByLabel('Price (USD)')).toHaveValue('19.99');
  }
  await expect(feePreview(page).getByTestId('fee')).toHaveText('$5.60');
  expect(cents(await feePreview(page).getByTestId('remaining').textContent())).toBe(balance - 5_60);
  await expect(page.getByRole('list', { name: 'Images' }).getByRole('listitem')).toHaveCount(3);

  const create = page.getByRole('button', { name: 'Create product' });
  if (javaScriptEnabled) {
    // Hold the POST until the pending state has been seen.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let heldPosts = 0;
    await page.route(
      (url) => url.pathname === '/products/new.data',
      async (route) => {
        if (route.request().method() === 'POST') {
          heldPosts++;
          await held;
        }
        await route.continue();
      },
    );
    await create.click();
    await expect(page.getByRole('button', { name: 'Creating…' })).toBeDisabled();
    await expect.poll(() => heldPosts).toBe(1);
    release();
  } else {
    await create.click();
  }

  await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('flash')).toHaveText(/Product created\. Listing fee: \$5\.60/);
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible();
  await expect(page.getByTestId('price')).toHaveText('$19.99');
  await expect(page.getByTestId('stock')).toHaveText(/^7/);
  await expect(page.getByRole('note').filter({ hasText: "You're the seller" })).toBeVisible();
  // The sidebar counts follow by themselves (with JS, the root revalidates after the action).
  await expect(myProductsCount(page)).toHaveText('1');

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^My Products\b/ })
    .click();
  await expect(page).toHaveURL(/\/products\?mine=1$/);
  const row = page.getByTestId('product-row').filter({ hasText: product.name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('$19.99');

  // The fee was taken from the balance, and is in the Transactions list.
  const fee = await latestTransaction(page, javaScriptEnabled);
  await expect(fee).toContainText(`Listing fee: ${product.name}`);
  await expect(fee.getByRole('cell').last()).toHaveText('-$5.60');
  expect(cents(await page.getByTestId('stat-balance').textContent())).toBe(balance - 5_60);
});

test('an ADMIN edits a price up and pays the difference fee', async ({ page, javaScriptEnabled }) => {
  await signUpAsAdmin(page, javaScriptEnabled);
  const product = newProduct({ price: '10.00', quantity: '10' }); // listed at $100: fee $4.00
  const id = await createThroughForm(page, javaScriptEnabled, product);

  await page.getByRole('link', { name: 'Edit product' }).click();
  await expect(page).toHaveURL(`/products/${id}/edit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Update a Product' })).toBeVisible();
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByLabel('Price (USD)')).toHaveValue('10.00');
  await expect(feePreview(page).getByTestId('fee')).toHaveText('$0.00');
  const balance = cents(await feePreview(page).getByTestId('balance').textContent());

  await fillProductForm(page, { price: '12.50' }); // $125: fee 4% of $25 = $1.00
  if (!javaScriptEnabled) await page.getByRole('button', { name: 'Preview fee' }).click();
  await expect(feePreview(page).getByTestId('fee')).toHaveText('$1.00');
  expect(cents(await feePreview(page).getByTestId('remaining').textContent())).toBe(balance - 1_00);

  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(`/products/${id}`);
  await expect(page.getByTestId('flash')).toHaveText(/Product updated\. Fee for this change: \$1\.00/);
  await expect(page.getByTestId('price')).toHaveText('$12.50');
  const fee = await latestTransaction(page, javaScriptEnabled);
  await expect(fee).toContainText(`Listing fee: ${product.name}`);
  await expect(fee.getByRole('cell').last()).toHaveText('-$1.00');

  // Lowering it costs nothing.
  await open(page, `/products/${id}`, javaScriptEnabled);
  await page.getByRole('link', { name: 'Edit product' }).click();
  await expect(page.getByLabel('Price (USD)')).toHaveValue('12.50');
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  expect(cents(await feePreview(page).getByTestId('balance').textContent())).toBe(balance - 1_00);
  await fillProductForm(page, { price: '9.99' });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('flash')).toHaveText(/Product updated\. No fee/);
  await expect(page.getByTestId('price')).toHaveText('$9.99');
});

test('a typing mistake comes back with a message next to the field and what was typed', async ({ page, javaScriptEnabled }) => {
  await signUpAsAdmin(page, javaScriptEnabled);
  await open(page, '/products/new', javaScriptEnabled);
  const product = newProduct({ price: '12.345' });
  await fillProductForm(page, product);
  await expect(feePreview(page).getByTestId('fee')).toHaveText('—');
  await page.getByRole('button', { name: 'Create product' }).click();
  const price = page.getByLabel('Price (USD)');
  await expect(price).toHaveAttribute('aria-invalid', 'true');
  await expect(price).toHaveAccessibleDescription(/Enter a price in dollars and cents, like 12\.34\./);
  await expect(price).toHaveValue('12.345');
  await expect(page.getByLabel('Name')).toHaveValue(product.name);
  await expect(page.getByLabel('Name')).not.toHaveAttribute('aria-invalid');
  await expect(myProductsCount(page)).toHaveText('0');
});

test('a price or quantity out of range previews no fee, only its error', async ({ page, javaScriptEnabled }) => {
  await signUpAsAdmin(page, javaScriptEnabled);
  await open(page, '/products/new', javaScriptEnabled);
  const previewFee = async () => {
    if (!javaScriptEnabled) await page.getByRole('button', { name: 'Preview fee' }).click();
  };
  await fillProductForm(page, newProduct({ price: '5.00', quantity: '10' }));
  await previewFee();
  await expect(feePreview(page).getByTestId('fee')).toHaveText('$2.00');

  const outOfRange = [
    { typed: { price: '0.50', quantity: '7' }, field: 'Price (USD)', error: /The price must be from \$1\.00 to \$2,000\.00\./ },
    { typed: { price: '5.00', quantity: '5000' }, field: 'Quantity', error: /Enter a whole number from 1 to 2,000\./ },
  ];
  for (const { typed, field, error } of outOfRange) {
    await fillProductForm(page, typed);
    await previewFee();
    if (!javaScriptEnabled) await expect(page.getByLabel(field)).toHaveAccessibleDescription(error);
    await expect(feePreview(page).getByTestId('fee')).toHaveText('—');
    await expect(feePreview(page).getByTestId('remaining')).toHaveText('—');
    await expect(feePreview(page)).toContainText('Enter a valid price and quantity to see the fee.');
  }
});

test('an ADMIN deletes a product nobody bought, after confirming', async ({ page, javaScriptEnabled }) => {
  await signUpAsAdmin(page, javaScriptEnabled);
  const product = newProduct();
  const id = await createThroughForm(page, javaScriptEnabled, product);
  await expect(myProductsCount(page)).toHaveText('1');

  await page.getByRole('link', { name: 'Delete product' }).click();
  await expect(page).toHaveURL(`/products/${id}/delete`);
  await expect(page.getByRole('heading', { level: 1, name: 'Delete Product' })).toBeVisible();
  await expect(page.getByText('This action cannot be undone.')).toBeVisible();
  // Cancel changes nothing.
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible();

  await open(page, `/products/${id}/delete`, javaScriptEnabled);
  await page.getByRole('button', { name: 'Delete product' }).click();
  await expect(page).toHaveURL(/\/products\?mine=1$/);
  await expect(page.getByTestId('flash')).toHaveText(/Product deleted/);
  await expect(page.getByTestId('product-row').filter({ hasText: product.name })).toHaveCount(0);
  await expect(myProductsCount(page)).toHaveText('0');
  expect((await page.goto(`/products/${id}`))?.status()).toBe(404);
});

test('a NADMIN cannot reach the seller forms', async ({ page, javaScriptEnabled }) => {
  await signUp(page, javaScriptEnabled, 'Shopper');
  const response = await page.goto('/products/new');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1, name: '403' })).toBeVisible();
  await expect(page.getByText('Only ADMINs can do this. Become an ADMIN from your profile first.')).toBeVisible();
  await expect(page.getByLabel('Price (USD)')).toHaveCount(0);

  // Someone else's product: neither its edit nor its delete page opens.
  await open(page, '/products?q=Quantum%20Robot', javaScriptEnabled);
  await page.getByTestId('product-row').getByRole('link', { name: 'Quantum Robot', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quantum Robot' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit product' })).toHaveCount(0);
  const productPath = new URL(page.url()).pathname;
  for (const action of ['edit', 'delete']) {
    expect((await page.goto(`${productPath}/${action}`))?.status()).toBe(403);
    await expect(page.getByText('This product belongs to another seller: only its owner can change it.')).toBeVisible();
  }
});
