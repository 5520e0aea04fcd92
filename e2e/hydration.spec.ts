// The tables' rows the server sends as markup it rendered before (docs/decisions/027) hydrate in the
// browser as React's own: no mismatch reported, and the rows' links and the page's controls work.
// JavaScript only (hydration is what is checked).
import { randomUUID } from 'node:crypto';
import { listProductByPost, open, postForm, signUpByPost } from './fixtures.ts';
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
