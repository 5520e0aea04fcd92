// The Content-Security-Policy in a real browser: pages load, hydrate and work with it, and nothing
// they need is blocked. Also: the browser's own form posts carry its Origin and pass the CSRF check.
import { expect, test } from './support/test.ts';
import type { Page } from '@playwright/test';
import { open, signUp } from './fixtures.ts';

/** Collects the page's CSP violations from the first script on. */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

test('pages load, hydrate and post forms under the Content-Security-Policy without a violation', async ({ page, javaScriptEnabled }) => {
  const violations = await watchViolations(page);
  await signUp(page, javaScriptEnabled, 'CSP');
  for (const path of ['/', '/products', '/cart', '/profile', '/users']) {
    await open(page, path, javaScriptEnabled);
    expect(await violations(), path).toEqual([]);
  }
  await open(page, '/products', javaScriptEnabled);
  const hrefs = await page
    .getByRole('main')
    .getByRole('link')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  const addToCart = page.getByRole('button', { name: 'Add to cart' });
  // Some demo products are sold out: the first one in stock will do.
  for (const path of hrefs.filter((href) => /^\/products\/[0-9a-f-]{36}$/.test(href))) {
    await open(page, path, javaScriptEnabled);
    if (await addToCart.count()) break;
  }
  // Product images come from the image host the policy allows.
  await expect(page.getByRole('main').getByRole('img').first()).toBeVisible();
  await addToCart.click();
  await expect(page.getByText(/Added to your cart: 1 ×/)).toBeVisible();
  expect(await violations()).toEqual([]);
});

test('a signed-out page the browser revalidates (304) still loads and hydrates, its CSP still enforced', async ({ page, javaScriptEnabled }) => {
  const violations = await watchViolations(page);
  const etags: string[] = [];
  const asked: (string | undefined)[] = [];
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'document' || new URL(response.url()).pathname !== '/products') return;
    asked.push((await response.request().allHeaders())['if-none-match']);
    const etag = response.headers().etag;
    if (etag) etags.push(etag);
  });
  await open(page, '/products', javaScriptEnabled);
  await page.reload();
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The browser kept the page (public, max-age=0) and asked again with its ETag, which the server
  // answers with a 304 that carries no CSP: the browser keeps the one naming its copy's nonce.
  await expect.poll(() => asked.length).toBe(2);
  expect(asked[1]).toBe(etags[0]);
  expect(await violations()).toEqual([]);
  if (javaScriptEnabled) {
    // An inline script without the nonce is still refused.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true';
      document.head.append(script);
    });
    await expect.poll(async () => (await violations()).length).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { injectedRan?: boolean }).injectedRan)).toBeUndefined();
  }
});

test('a redirect target with a tab between its slashes keeps a signed-in person on our site', async ({ page, javaScriptEnabled, baseURL }) => {
  await signUp(page, javaScriptEnabled, 'Redirect');
  // Browsers drop tabs inside a URL: `/\t/evil.example/` read as it is would be `//evil.example/`.
  await page.route('http://evil.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<h1>evil</h1>' }));
  await page.goto(`/sign-in?${new URLSearchParams({ redirectTo: '/\t/evil.example/' })}`);
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  expect(new URL(page.url()).pathname).toBe('/');
});

test('Back after signing out does not show the profile, its balance or its ledger again', async ({ page, javaScriptEnabled }) => {
  await signUp(page, javaScriptEnabled, 'Back');
  await open(page, '/profile', javaScriptEnabled);
  await expect(page.getByTestId('stat-balance')).toHaveText('$4,000,000.00');
  await page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByText('You are signed out.')).toBeVisible();
  await page.goBack();
  // Fetched again (never from a cache), signed out: the sign-in page, nothing of the profile.
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fprofile$/);
  await expect(page.getByTestId('stat-balance')).toHaveCount(0);
  await expect(page.getByTestId('transaction-row')).toHaveCount(0);
});
