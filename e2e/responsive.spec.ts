// Every page from the narrowest phone to a desktop, in both themes, with the longest text a person
// can type: signed out, as a shopper and as a seller whose name and products are hostile
// (100-character words, a 2,000-character description, a long email, non-Latin and right-to-left
// scripts, emoji). On each page, at every size in both themes: the page never scrolls sideways, every
// money figure (marked `data-money`) lies inside the viewport, and axe finds nothing. Runs in both
// projects: without JavaScript the markup differs (the no-JS controls), and the checks run on a copy
// of the page as the browser shows it without scripts (support/axe.ts).
//
// The people and their data are made once per worker, through form posts, and sign in through a
// stored state. Each page is one test that loads it once and reaches every size by resizing and
// both themes by switching the colour scheme, without reloading. The pages are only looked at, so a
// worker keeps one browser tab per person (and one for the copies) and each test loads its page
// there: a fresh browser context starts the browser cold (a new renderer process, every script
// fetched and compiled again).
import { randomUUID } from 'node:crypto';
import { expect, test as base } from './support/test.ts';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expectAccessibleNow, showScriptlessCopy } from './support/axe.ts';
import { listProductByPost, open, postForm, signUpByPost } from './fixtures.ts';

type Person = { name: string; email: string; password: string; storageState: Awaited<ReturnType<BrowserContext['storageState']>> };
type HostileShop = {
  seller: Person & { id: string };
  shopper: Person;
  texts: ReturnType<typeof hostileTexts>;
  /** The 100-character word, the Greek and Japanese one with emoji, the Arabic one, one deleted. */
  productIds: { long: string; nonLatin: string; rtl: string; deleted: string };
  orderId: string;
  paidSessionId: string;
  cancelledCheckoutId: string;
  pendingSessionId: string;
};

const tag = () => randomUUID().slice(0, 8);

/** Hostile names, all within the forms' limits (100 characters, 2,000 for a description). */
function hostileTexts() {
  const id = tag();
  return {
    sellerName: `${'W'.repeat(92)}${id}`,
    // Local part at its limit of 64, a domain of long labels: 254 characters in all.
    sellerEmail: `${'e'.repeat(56)}${id}@${'d'.repeat(63)}.${'o'.repeat(63)}.${'m'.repeat(57)}.com`,
    shopperName: `שלום עליכם 👋 ${'ﷺ'.repeat(4)} Ünïcödé ${id}`,
    longProduct: `${'M'.repeat(92)}${id}`,
    nonLatinProduct: `Ελληνικά 日本語の商品名 🎉✨🚀 ${id}`,
    rtlProduct: `منتج عربي بعنوان طويل جدا ${id}`,
    description: `${'Lorem'.repeat(120)} ${'ipsum dolor sit amet 😀 מילים בעברית 中文文本 '.repeat(40)}`.slice(0, 2000),
  };
}

/** Adds one of each product to the cart and checks out; returns the payment session's id. */
async function addAndCheckOut(context: BrowserContext, productIds: string[]) {
  for (const productId of productIds) await postForm(context, '/cart', { intent: 'add', productId, quantity: '1', redirectTo: '/cart' });
  const path = await postForm(context, '/checkout', {});
  expect(path).toMatch(/^\/test-payments\/cs_test_/);
  return path.split('/').at(-1)!;
}

async function makeHostileShop(browser: Browser, baseURL: string): Promise<HostileShop> {
  const texts = hostileTexts();
  const sellerContext = await browser.newContext({ baseURL });
  const shopperContext = await browser.newContext({ baseURL });
  try {
    const seller = { name: texts.sellerName, email: texts.sellerEmail, password: `e2e password ${tag()}` };
    await signUpByPost(sellerContext, seller);
    await postForm(sellerContext, '/profile/role', { intent: 'upgrade' });
    const productIds = {
      long: await listProductByPost(sellerContext, { name: texts.longProduct, description: texts.description, price: '1999.99', quantity: '5', images: '3' }),
      nonLatin: await listProductByPost(sellerContext, {
        name: texts.nonLatinProduct,
        description: texts.description,
        price: '1234.56',
        quantity: '3',
        images: '3',
      }),
      rtl: await listProductByPost(sellerContext, {
        name: texts.rtlProduct,
        description: 'وصف المنتج باللغة العربية، مع نص طويل يلتف على عدة أسطر في الصفحة.',
        price: '1.00',
        quantity: '200',
        images: '3',
      }),
      deleted: await listProductByPost(sellerContext, {
        name: `${texts.rtlProduct} ✕`,
        description: texts.description,
        price: '12.34',
        quantity: '2',
        images: '3',
      }),
    };
    // Several prices over time: the product page's price chart.
    for (const price of ['1800.00', '1850.50', '1600.00', '1725.25'])
      await postForm(sellerContext, `/products/${productIds.long}/edit`, {
        intent: 'update',
        name: texts.longProduct,
        description: texts.description,
        price,
        quantity: '5',
        images: '3',
      });
    // The product page links its seller to their profile: the seller's id.
    const productPage = await (await sellerContext.request.get(`/products/${productIds.long}`)).text();
    const sellerId = /href="\/users\/([0-9a-f-]{36})"/.exec(productPage)![1]!;

    const shopper = { name: texts.shopperName, email: `e2e-${tag()}@example.com`, password: `e2e password ${tag()}` };
    await signUpByPost(shopperContext, shopper);
    const paidSessionId = await addAndCheckOut(shopperContext, [productIds.long, productIds.nonLatin, productIds.rtl, productIds.deleted]);
    const paid = await postForm(shopperContext, `/test-payments/${paidSessionId}`, { intent: 'pay', card: '4242 4242 4242 4242' });
    expect(paid).toBe('/checkout/success');
    const orders = await (await shopperContext.request.get('/orders')).text();
    const orderId = /href="\/orders\/([0-9a-f-]{36})"/.exec(orders)![1]!;
    // Bought, then deleted: its page stays, saying it is no longer for sale (an unsold one is gone).
    await postForm(sellerContext, `/products/${productIds.deleted}/delete`, { intent: 'delete' });
    // A checkout cancelled from its payment page (which links to the cancel page with its id).
    const cancelledSessionId = await addAndCheckOut(shopperContext, [productIds.nonLatin, productIds.rtl]);
    const paymentPage = await (await shopperContext.request.get(`/test-payments/${cancelledSessionId}`)).text();
    const cancelledCheckoutId = /checkout_id=([0-9a-f-]{36})/.exec(paymentPage)![1]!;
    expect((await shopperContext.request.get(`/checkout/cancel?checkout_id=${cancelledCheckoutId}`)).ok()).toBe(true);
    // A last checkout left open: the cart's Resume and Cancel, the payment page; and a line beside it.
    const pendingSessionId = await addAndCheckOut(shopperContext, [productIds.long, productIds.rtl]);
    await postForm(shopperContext, '/cart', { intent: 'add', productId: productIds.nonLatin, quantity: '2', redirectTo: '/cart' });

    return {
      seller: { ...seller, id: sellerId, storageState: await sellerContext.storageState() },
      shopper: { ...shopper, storageState: await shopperContext.storageState() },
      texts,
      productIds,
      orderId,
      paidSessionId,
      cancelledCheckoutId,
      pendingSessionId,
    };
  } finally {
    await sellerContext.close();
    await shopperContext.close();
  }
}

type Who = 'visitor' | 'shopper' | 'seller';

/**
 * The worker's tabs: one per person, signed in as them, running pages as the project does (JavaScript
 * on or off); and one with JavaScript on for the copies of pages loaded without it.
 */
type Tabs = { of: (who: Who) => Promise<Page>; forCopies: () => Promise<Page> };

const test = base.extend<object, { shop: HostileShop; tabs: Tabs }>({
  shop: [
    async ({ browser }, use, workerInfo) => {
      await use(await makeHostileShop(browser, workerInfo.project.use.baseURL!));
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  tabs: [
    async ({ browser, shop }, use, workerInfo) => {
      const { baseURL, javaScriptEnabled = true } = workerInfo.project.use;
      const opened = new Map<string, Page>();
      // A tab is opened when first needed, and again if a failed test left it closed.
      const tab = async (key: string, options: Parameters<Browser['newContext']>[0]) => {
        let page = opened.get(key);
        if (!page || page.isClosed()) {
          page = await (await browser.newContext({ baseURL, ...options })).newPage();
          opened.set(key, page);
        }
        return page;
      };
      await use({
        of: (who) => tab(who, { javaScriptEnabled, storageState: who === 'visitor' ? undefined : shop[who].storageState }),
        forCopies: () => tab('copies', { javaScriptEnabled: true }),
      });
      for (const page of opened.values()) await page.context().close();
    },
    { scope: 'worker' },
  ],
});

/**
 * Every page, by who sees it: a label (the test's title) and the path, which holds ids of the shop.
 * `then` does something on the page before it is checked (opening the cart drawer, with JavaScript).
 */
type Visit = { who: Who; label: string; path: (shop: HostileShop) => string; then?: (page: Page, javaScriptEnabled: boolean) => Promise<void> };

const visits = (who: Who, pages: [label: string, path: (shop: HostileShop) => string][]): Visit[] => pages.map(([label, path]) => ({ who, label, path }));
const fixed = (path: string): [string, () => string] => [path, () => path];

const VISITS: Visit[] = [
  ...visits('visitor', [
    fixed('/'),
    fixed('/products'),
    fixed(`/products?q=${'M'.repeat(20)}`),
    ['/products/:long', (shop) => `/products/${shop.productIds.long}`],
    ['/products/:non-latin', (shop) => `/products/${shop.productIds.nonLatin}`],
    ['/products/:rtl', (shop) => `/products/${shop.productIds.rtl}`],
    ['/products/:deleted', (shop) => `/products/${shop.productIds.deleted}`],
    ['/products?seller=:seller', (shop) => `/products?seller=${shop.seller.id}`],
    fixed('/economy'),
    fixed('/sign-in'),
    fixed('/no-such-page'),
  ]),
  ...visits('shopper', [
    fixed('/'),
    fixed('/products'),
    ['/products/:long', (shop) => `/products/${shop.productIds.long}`],
    ['/products/:deleted', (shop) => `/products/${shop.productIds.deleted}`],
    ['/products?seller=:seller', (shop) => `/products?seller=${shop.seller.id}`],
    fixed('/users'),
    ['/users/:seller', (shop) => `/users/${shop.seller.id}`],
    fixed('/profile'),
    fixed('/profile/role'),
    fixed('/profile/delete'),
    // Clerk's account page; the demo sign-in has none (its 404 page).
    fixed('/profile/account'),
    // Lines beside a checkout left open: Resume payment and Cancel checkout.
    fixed('/cart'),
    fixed('/orders'),
    ['/orders/:id', (shop) => `/orders/${shop.orderId}`],
    ['/checkout/success', (shop) => `/checkout/success?session_id=${shop.paidSessionId}`],
    ['/checkout/cancel (its amounts)', (shop) => `/checkout/cancel?checkout_id=${shop.cancelledCheckoutId}`],
    ['/test-payments/:id', (shop) => `/test-payments/${shop.pendingSessionId}`],
    fixed('/products/new'),
    fixed('/economy'),
    fixed('/dev/mail'),
  ]),
  {
    who: 'shopper',
    label: 'the cart drawer over a product page',
    path: (shop) => `/products/${shop.productIds.nonLatin}`,
    // Without JavaScript the header's cart is a link to the cart page, and the product page is checked.
    then: async (page, javaScriptEnabled) => {
      if (!javaScriptEnabled) {
        await expect(page.getByRole('banner').getByRole('link', { name: /^Cart/ })).toHaveAttribute('href', '/cart');
        return;
      }
      await page.getByRole('banner').getByRole('button', { name: /^Cart/ }).click();
      await expect(page.getByRole('dialog', { name: 'My Cart' })).toBeVisible();
    },
  },
  ...visits('seller', [
    fixed('/'),
    fixed('/profile'),
    fixed('/products?mine=1'),
    ['/products/:long', (shop) => `/products/${shop.productIds.long}`],
    ['/products/:long/edit', (shop) => `/products/${shop.productIds.long}/edit`],
    ['/products/:long/delete', (shop) => `/products/${shop.productIds.long}/delete`],
    fixed('/products/new'),
    fixed('/sales'),
    fixed('/users?q=WWWW'),
    fixed('/profile/delete'),
    fixed('/dev/mail'),
  ]),
];

/** What breaks a page's layout: sideways scroll, and money figures outside the viewport. */
async function layoutProblems(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth > width) problems.push(`the page is ${scrollWidth} px wide in a ${width} px viewport`);
    for (const element of document.querySelectorAll<HTMLElement>('[data-money]')) {
      if (!element.checkVisibility()) continue;
      const box = element.getBoundingClientRect();
      if (box.left < 0 || box.right > width) problems.push(`money "${element.textContent}" spans ${Math.round(box.left)}-${Math.round(box.right)} px`);
    }
    return problems;
  });
}

function shotPath(folder: string, who: string, url: string, width: number, theme: string) {
  const name =
    url
      .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'id')
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'home';
  return `${folder}/${who}-${name}-${width}-${theme}.png`;
}

// The narrowest phone, a common one, a desktop. The page is loaded once, at the first size; the
// others are reached by resizing it, and the themes by switching the colour scheme the app follows.
// axe scans at a common phone's size and a desktop's (`axe`): the narrowest phone shows the same
// elements as the common one, and its layout is checked all the same.
const VIEWPORTS = [
  { width: 320, height: 640, axe: false },
  { width: 390, height: 844, axe: true },
  { width: 1366, height: 900, axe: true },
];

/**
 * The layout at every size in both themes, and axe at the sizes marked for it: every rule in the
 * light theme (the elements shown differ between a phone and a desktop: the sidebar, the header's
 * Sign out), and in the dark theme, which changes colours only, the colour rules (support/axe.ts).
 * Without JavaScript everything is checked on a copy of the page as the browser shows it then
 * (`showScriptlessCopy`, in the worker's tab for copies: axe needs scripts to run), the page itself
 * left as it was loaded.
 */
async function expectFitsEverywhere(tabs: Tabs, page: Page, label: string, who: Who, javaScriptEnabled: boolean) {
  const shown = javaScriptEnabled ? page : await showScriptlessCopy(page, await tabs.forCopies());
  for (const { axe, ...viewport } of VIEWPORTS) {
    await shown.setViewportSize(viewport);
    for (const theme of ['light', 'dark'] as const) {
      await shown.emulateMedia({ colorScheme: theme });
      await expect(shown.locator('html')).toHaveCSS('color-scheme', theme);
      const where = `${label} at ${viewport.width} px in the ${theme} theme`;
      expect.soft(await layoutProblems(shown), where).toEqual([]);
      if (axe) await expectAccessibleNow(shown, `${where}${javaScriptEnabled ? '' : ', without JavaScript'}`, theme === 'light' ? 'all' : 'colour');
      // REEN_LAYOUT_SHOTS=<folder>: a full-page picture at each size and theme, to look at.
      if (process.env.REEN_LAYOUT_SHOTS)
        await shown.screenshot({ path: shotPath(process.env.REEN_LAYOUT_SHOTS, who, label, viewport.width, theme), fullPage: true });
    }
  }
}

/**
 * The worker's tab of `who`, at the narrowest size in the light theme, whatever the test before left.
 * Every test loads its page in it afresh.
 */
async function tabOf(tabs: Tabs, who: Who) {
  const page = await tabs.of(who);
  await page.setViewportSize(VIEWPORTS[0]!);
  await page.emulateMedia({ colorScheme: 'light' });
  return page;
}

for (const visit of VISITS) {
  test(`${visit.label} fits every size for a ${visit.who}`, async ({ tabs, shop, javaScriptEnabled }) => {
    // axe scans the page four times (two sizes, both themes).
    test.slow();
    const page = await tabOf(tabs, visit.who);
    await open(page, visit.path(shop), javaScriptEnabled);
    await visit.then?.(page, javaScriptEnabled);
    await expectFitsEverywhere(tabs, page, visit.label, visit.who, javaScriptEnabled);
    // The mailbox's newest message: an email naming the hostile products and people.
    if (visit.label === '/dev/mail') {
      const message = await page.getByTestId('dev-mail-row').first().getByRole('link').first().getAttribute('href');
      await open(page, message!, javaScriptEnabled);
      await expectFitsEverywhere(tabs, page, `${visit.label} message`, visit.who, javaScriptEnabled);
    }
  });
}

test('names in a right-to-left script stay isolated from the text beside them', async ({ tabs, shop, javaScriptEnabled }) => {
  const page = await tabOf(tabs, 'shopper');
  const { rtlProduct, shopperName } = shop.texts;
  await open(page, `/orders/${shop.orderId}`, javaScriptEnabled);
  await expect(page.getByTestId('header-user').locator('bdi')).toHaveText(shopperName);
  await expect(page.getByRole('main').locator('bdi', { hasText: rtlProduct }).first()).toBeVisible();
  await open(page, `/products?seller=${shop.seller.id}`, javaScriptEnabled);
  const row = page.getByTestId('product-row').filter({ hasText: rtlProduct }).first();
  await expect(row.getByRole('link', { name: rtlProduct, exact: true }).locator('bdi')).toHaveText(rtlProduct);
  await expect(row.locator('bdi', { hasText: shop.texts.sellerName })).toHaveCount(1);
});
