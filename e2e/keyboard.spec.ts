// The main flows with the keyboard only, with JavaScript (js-on) and without (js-off): skip to the
// content, sign up, search, open a product, add it to the cart and open the cart. Every element the
// Tab key stops at on the way must be visible (not covered, e.g. by the sticky header) and show a
// focus indicator: an outline or a shadow that it does not have once the focus has moved on.
import { randomUUID } from 'node:crypto';
import { expect, test, type ElementHandle, type Locator, type Page } from '@playwright/test';
import { open } from './fixtures.ts';

type FocusStop = {
  /** What shows the focus: the focused element, or the label of a visually hidden checkbox. */
  shown: ElementHandle<Element>;
  description: string;
  style: string;
};

/** The focus indicator of an element as computed now: outline and box shadow. */
function indicatorOf(element: ElementHandle<Element>) {
  return element.evaluate((node) => {
    const style = getComputedStyle(node);
    return `outline: ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; box-shadow: ${style.boxShadow}`;
  });
}

/** Checks the element that has the focus now: visible, uncovered, with a focus indicator. */
async function checkFocused(page: Page): Promise<FocusStop> {
  const shown = (await page.evaluateHandle(() => {
    const active = document.activeElement!;
    const box = active.getBoundingClientRect();
    // A visually hidden control (the menu toggle's checkbox) shows its focus on its label.
    return box.width <= 1 && box.height <= 1 && active.closest('label') ? active.closest('label')! : active;
  })) as ElementHandle<Element>;
  const state = await shown.evaluate((node) => {
    const box = node.getBoundingClientRect();
    const style = getComputedStyle(node);
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const name = (node.getAttribute('aria-label') ?? node.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return {
      description: `<${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}> "${name}"`,
      inViewport: box.width > 1 && box.height > 1 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
      uncovered: hit !== null && (node === hit || node.contains(hit)),
      indicated: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    };
  });
  expect(state.inViewport, `${state.description} is in view`).toBe(true);
  expect(state.uncovered, `${state.description} is not covered`).toBe(true);
  expect(state.indicated, `${state.description} shows an outline or a shadow`).toBe(true);
  return { shown, description: state.description, style: await indicatorOf(shown) };
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, checking every element it stops at on
 * the way, and that each one loses its indicator once the focus moves on.
 */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 80 } = {}) {
  let previous: FocusStop | null = null;
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (previous) {
      expect(await indicatorOf(previous.shown), `${previous.description} without the focus`).not.toBe(previous.style);
    }
    // Past the last element the focus leaves the page (to the browser) before it wraps around.
    if (await page.evaluate(() => document.activeElement === document.body)) {
      previous = null;
      continue;
    }
    const stop = await checkFocused(page);
    if (await target.evaluate((element) => element === document.activeElement || element.contains(document.activeElement))) return;
    previous = stop;
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
  const product = page.getByTestId('product-row').filter({ has: page.locator('td:nth-child(3)', { hasNotText: /^0$/ }) }).first();
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

  await tabTo(page, page.getByRole('banner').getByRole('link', { name: 'Cart, 1 line' }), { backwards: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'My Cart' })).toBeVisible();
  await expect(page.getByTestId('cart-line').getByRole('link', { name: productName, exact: true })).toBeVisible();
});
