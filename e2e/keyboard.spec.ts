// The main flows with the keyboard only, with JavaScript (js-on) and without (js-off): skip to the
// content, sign up, search, open a product, add it to the cart and open the cart. Every element the
// Tab key stops at on the way must be visible (not covered, e.g. by the sticky header) and show a
// focus indicator: an outline or a shadow that it does not have once the focus has moved on.
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test.ts';
import type { Locator, Page } from '@playwright/test';
import { open } from './fixtures.ts';

type Stop = {
  description: string;
  inViewport: boolean;
  uncovered: boolean;
  indicated: boolean;
  /** The previous stop's indicator as it is now, and as it was while it had the focus. */
  previous: { description: string; focused: string; now: string } | null;
  /** The focus left the page (past its last element, before wrapping around). */
  outside: boolean;
  isTarget: boolean;
};

/**
 * Looks at the element that has the focus now, in one round trip: what shows the focus (the element,
 * or the label of a visually hidden checkbox such as the menu toggle), whether it is in view and not
 * covered (e.g. by the sticky header), and whether it shows an outline or a shadow. The previous
 * stop, kept in the page, is checked for having lost its indicator.
 */
function inspectFocus(target: Element | null): Stop {
  type Kept = { shown: Element; description: string; focused: string };
  const store = window as unknown as { e2eFocusStop?: Kept | null };
  const indicator = (node: Element) => {
    const style = getComputedStyle(node);
    return `outline: ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; box-shadow: ${style.boxShadow}`;
  };
  const kept = store.e2eFocusStop ?? null;
  const previous = kept ? { description: kept.description, focused: kept.focused, now: indicator(kept.shown) } : null;
  const active = document.activeElement;
  if (!active || active === document.body) {
    store.e2eFocusStop = null;
    return { description: '', inViewport: true, uncovered: true, indicated: true, previous, outside: true, isTarget: false };
  }
  const activeBox = active.getBoundingClientRect();
  const shown = activeBox.width <= 1 && activeBox.height <= 1 && active.closest('label') ? active.closest('label')! : active;
  const box = shown.getBoundingClientRect();
  const style = getComputedStyle(shown);
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  const name = (shown.getAttribute('aria-label') ?? shown.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
  const description = `<${shown.tagName.toLowerCase()}${shown.id ? `#${shown.id}` : ''}> "${name}"`;
  store.e2eFocusStop = { shown, description, focused: indicator(shown) };
  return {
    description,
    inViewport: box.width > 1 && box.height > 1 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
    uncovered: hit !== null && (shown === hit || shown.contains(hit)),
    indicated: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    previous,
    outside: false,
    isTarget: target !== null && (target === active || target.contains(active)),
  };
}

function expectGoodStop(stop: Stop) {
  expect(stop.inViewport, `${stop.description} is in view`).toBe(true);
  expect(stop.uncovered, `${stop.description} is not covered`).toBe(true);
  expect(stop.indicated, `${stop.description} shows an outline or a shadow`).toBe(true);
}

/** Checks the element that has the focus now (a fresh start: no previous stop). */
async function checkFocused(page: Page) {
  await page.evaluate(() => ((window as unknown as { e2eFocusStop?: null }).e2eFocusStop = null));
  expectGoodStop(await page.evaluate(inspectFocus, null));
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, checking every element it stops at on
 * the way, and that each one loses its indicator once the focus moves on.
 */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 80 } = {}) {
  const element = await target.elementHandle();
  await page.evaluate(() => ((window as unknown as { e2eFocusStop?: null }).e2eFocusStop = null));
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const stop = await page.evaluate(inspectFocus, element);
    if (stop.previous) expect(stop.previous.now, `${stop.previous.description} without the focus`).not.toBe(stop.previous.focused);
    if (stop.outside) continue;
    expectGoodStop(stop);
    if (stop.isTarget) return;
  }
  throw new Error(`${max} presses of ${backwards ? 'Shift+Tab' : 'Tab'} did not reach ${target}`);
}

test('skip to the content, sign up, search, add to the cart and open it, with the keyboard only', async ({ page, javaScriptEnabled }) => {
  test.slow(); // a few hundred key presses, each stop checked
  await open(page, '/', javaScriptEnabled);

  // The first stop is the skip link, which moves the focus into the main content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await checkFocused(page);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('main').getByRole('link', { name: 'Browse products' })).toBeFocused();
  await checkFocused(page);

  // Back up through the header (theme switch, menu toggle...) to "Sign in".
  await tabTo(page, page.getByRole('banner').getByRole('link', { name: 'Sign in' }), { backwards: true });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/sign-in/);
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');

  const name = `Keyboard e2e ${randomUUID().slice(0, 8)}`;
  await tabTo(page, page.getByLabel('Name', { exact: true }));
  await page.keyboard.type(name);
  await tabTo(page, page.getByLabel('Email', { exact: true }));
  await page.keyboard.type(`keyboard-${randomUUID()}@example.com`);
  await tabTo(page, page.getByLabel('Choose a password'));
  await page.keyboard.type('keyboard password');
  await tabTo(page, page.getByRole('button', { name: 'Create account and sign in' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('banner').getByRole('link', { name, exact: true })).toBeVisible();

  // Search from the products page: Enter in the search box submits it, with or without JavaScript.
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Products\b/ }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
  await tabTo(page, page.getByLabel('Search products by name'));
  // Only seeded products are named so: other specs' products stay out of this test's cart.
  await page.keyboard.type('Quantum');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]q=Quantum/);
  // The URL changes before React renders the results: wait until the table shows only them, or the
  // row read below may be the newest product of the list before the search (another spec's).
  const rows = page.getByTestId('product-row');
  await expect(rows.first()).toContainText('Quantum');
  await expect(rows.filter({ hasNotText: 'Quantum' })).toHaveCount(0);
  const product = rows.filter({ has: page.locator('td:nth-child(3)', { hasNotText: /^0$/ }) }).first();
  const productName = (await product.locator('td:nth-child(2) a').textContent())!;
  await tabTo(page, product.getByRole('link', { name: productName, exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: productName })).toBeVisible();
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');

  await tabTo(page, page.getByTestId('add-to-cart-form').getByLabel('Quantity'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1');
  await tabTo(page, page.getByRole('button', { name: 'Add to cart' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(javaScriptEnabled ? 'add-to-cart-answer' : 'flash')).toContainText(`Added to your cart: 1 × ${productName}.`);

  // With JavaScript the header's cart opens the cart drawer; without, it is a link to the cart page.
  await tabTo(page, page.getByRole('banner').getByRole(javaScriptEnabled ? 'button' : 'link', { name: 'Cart, 1 line' }), { backwards: true });
  await page.keyboard.press('Enter');
  const cart = javaScriptEnabled ? page.getByRole('dialog', { name: 'My Cart' }) : page.getByRole('main');
  if (!javaScriptEnabled) await expect(page.getByRole('heading', { level: 1, name: 'My Cart' })).toBeVisible();
  await expect(cart.getByTestId('cart-line').getByRole('link', { name: productName, exact: true })).toBeVisible();
});
