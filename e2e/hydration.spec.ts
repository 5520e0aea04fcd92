// The tables' rows and the pages' content the server sends as markup it rendered before
// (docs/decisions/027 and 028) hydrate in the browser as React's own: no mismatch reported, and
// their links, forms, fetchers and charts work. JavaScript only (hydration is what is checked).
import { randomUUID } from 'node:crypto';
import { listProductByPost, open, postForm, productOfOwnSeller, signUpByPost } from './fixtures.ts';
import { expect, hydrationErrorsOf, test } from './support/test.ts';

test('rows sent as kept markup hydrate without a mismatch, their links and controls working', async ({ page, javaScriptEnabled }) => {
  const tag = randomUUID().slice(0, 8);
  // Text the markup must escape and isolate, in the seller's name and the product's.
  const seller = `Hydration <b>${tag}</b> & "co" שלום`;
  await signUpByPost(page.context(), { name: seller, email: `e2e-${tag}@example.com`, password: `e2e password ${tag}` });
  await postForm(page.context(), '/profile/role', { intent: 'upgrade' });
  const productName = `Kept <i>row</i> ${tag} & 'more' 🎉`;
  const productId = await listProductByPost(page.context(), { name: productName, price: '12.34', quantity: '3', images: '3' });
  const errors = hydrationErrorsOf(page);

  // A part is rendered on its own after its second miss: the third visit is served from it.
  for (let visit = 1; visit <= 4; visit++) {
    await open(page, '/products?mine=1', javaScriptEnabled);
    await expect(page.getByTestId('product-row')).toHaveCount(1);
    await expect(page.getByTestId('product-row').getByRole('link', { name: productName, exact: true })).toBeVisible();
    await open(page, `/users?q=${encodeURIComponent(tag)}`, javaScriptEnabled);
    await expect(page.getByTestId('user-row').getByRole('link', { name: seller, exact: true })).toBeVisible();
  }
  expect(errors).toEqual([]);

  // Hydrated: the sort header navigates without a document request, and so does a row's link.
  const documents: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents.push(request.url());
  });
  await page.getByRole('link', { name: /^Name/ }).click();
  await expect(page).toHaveURL(/[?&]sort=name\b/);
  await expect(page.getByTestId('user-row')).toHaveCount(1);
  expect(documents).toEqual([]);
  await open(page, '/products?mine=1', javaScriptEnabled);
  documents.length = 0;
  await page.getByTestId('product-row').getByRole('link', { name: productName, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/products/${productId}$`));
  await expect(page.getByRole('heading', { level: 1, name: productName })).toBeVisible();
  expect(documents).toEqual([]);
  expect(errors).toEqual([]);
});

test('a product page sent as kept content hydrates, its chart and its add-to-cart form working', async ({ browser, page, javaScriptEnabled }) => {
  const tag = randomUUID().slice(0, 8);
  const productName = `Kept <i>page</i> ${tag} & 'more' 🎉`;
  const productId = await productOfOwnSeller(browser, { name: productName, price: '12.34', quantity: '3' });
  await signUpByPost(page.context(), { name: `Shopper ${tag}`, email: `e2e-${tag}@example.com`, password: `e2e password ${tag}` });
  const errors = hydrationErrorsOf(page);

  // Kept at a key's second request, served from the third. The page's chart runs to "now" to the
  // minute, a new key when the minute turns: five visits have three in the same minute.
  for (let visit = 1; visit <= 5; visit++) {
    await open(page, `/products/${productId}`, javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1, name: productName })).toBeVisible();
  }
  expect(errors).toEqual([]);

  // Hydrated: the chart reads its points to the arrow keys, the form adds through a fetcher.
  const documents: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents.push(request.url());
  });
  await page
    .getByTestId('chart-price-history')
    .getByRole('group', { name: /^Price over time: arrow keys/ })
    .focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('chart-price-history-readout')).toHaveText('Now: $12.34');
  await page.getByTestId('add-to-cart-form').getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByTestId('add-to-cart-answer')).toContainText('to your cart');
  await expect(page.getByTestId('cart-badge')).toHaveText('1');
  expect(documents).toEqual([]);
  expect(errors).toEqual([]);
});
