// Every page at a phone's and a desktop's size, in both themes, with the longest text a person can
// type: signed out, as a shopper and as a seller whose name and products are hostile (100-character
// words, a 2,000-character description, a long email, non-Latin and right-to-left scripts, emoji).
// On each page: the page never scrolls sideways, every money figure (marked `data-money`) lies
// inside the viewport, and, with JavaScript on, axe finds nothing. Runs in both projects.
//
// The people and their data are made once per worker, through form posts; each (viewport, theme,
// person) is one test that visits that person's pages in a loop, in a browser context that reuses
// their signed-in state.
import { randomUUID } from 'node:crypto';
import { expect, test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessibleNow } from './support/axe.ts';
import { open } from './fixtures.ts';

type Person = { name: string; email: string; password: string; storageState: Awaited<ReturnType<BrowserContext['storageState']>> };
type HostileShop = {
  seller: Person & { id: string };
  shopper: Person;
  /** The 100-character word, the Greek and Japanese one with emoji, the Arabic one. */
  productIds: { long: string; nonLatin: string; rtl: string };
  orderId: string;
  paidSessionId: string;
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

/**
 * Posts a form as the browser would without JavaScript (the context's cookies go with it, and the
 * redirect is followed); returns the path it ended on. Far quicker than filling the pages in.
 */
async function post(context: BrowserContext, url: string, form: Record<string, string>) {
  const response = await context.request.post(url, { form });
  expect(response.status(), `POST ${url}: ${(await response.text()).slice(0, 300)}`).toBeLessThan(400);
  return new URL(response.url()).pathname;
}

async function signUpAs(context: BrowserContext, person: { name: string; email: string; password: string }) {
  await post(context, '/sign-in', { intent: 'create', name: person.name, email: person.email, newPassword: person.password, redirectTo: '/' });
}

async function list(context: BrowserContext, product: { name: string; description: string; price: string; quantity: string }) {
  const path = await post(context, '/products/new', { intent: 'create', ...product, images: '3' });
  expect(path).toMatch(/^\/products\/[0-9a-f-]{36}$/);
  return path.split('/').at(-1)!;
}

/** Adds one of each product to the cart and checks out; returns the payment session's id. */
async function addAndCheckOut(context: BrowserContext, productIds: string[]) {
  for (const productId of productIds) await post(context, '/cart', { intent: 'add', productId, quantity: '1', redirectTo: '/cart' });
  const path = await post(context, '/checkout', {});
  expect(path).toMatch(/^\/test-payments\/cs_test_/);
  return path.split('/').at(-1)!;
}

async function makeHostileShop(browser: Browser, baseURL: string): Promise<HostileShop> {
  const texts = hostileTexts();
  const sellerContext = await browser.newContext({ baseURL });
  const shopperContext = await browser.newContext({ baseURL });
  try {
    const seller = { name: texts.sellerName, email: texts.sellerEmail, password: `e2e password ${tag()}` };
    await signUpAs(sellerContext, seller);
    await post(sellerContext, '/profile/role', { intent: 'upgrade' });
    const productIds = {
      long: await list(sellerContext, { name: texts.longProduct, description: texts.description, price: '1999.99', quantity: '5' }),
      nonLatin: await list(sellerContext, { name: texts.nonLatinProduct, description: texts.description, price: '1234.56', quantity: '3' }),
      rtl: await list(sellerContext, { name: texts.rtlProduct, description: 'وصف المنتج باللغة العربية، مع نص طويل يلتف على عدة أسطر في الصفحة.', price: '1.00', quantity: '200' }),
    };
    // The product page links its seller to their profile: the seller's id.
    const productPage = await (await sellerContext.request.get(`/products/${productIds.long}`)).text();
    const sellerId = /href="\/users\/([0-9a-f-]{36})"/.exec(productPage)![1]!;

    const shopper = { name: texts.shopperName, email: `e2e-${tag()}@example.com`, password: `e2e password ${tag()}` };
    await signUpAs(shopperContext, shopper);
    const paidSessionId = await addAndCheckOut(shopperContext, [productIds.long, productIds.nonLatin, productIds.rtl]);
    const paid = await post(shopperContext, `/test-payments/${paidSessionId}`, { intent: 'pay', card: '4242 4242 4242 4242' });
    expect(paid).toBe('/checkout/success');
    const orders = await (await shopperContext.request.get('/orders')).text();
    const orderId = /href="\/orders\/([0-9a-f-]{36})"/.exec(orders)![1]!;
    // A second checkout left open: the cart's notice, the payment page.
    const pendingSessionId = await addAndCheckOut(shopperContext, [productIds.long, productIds.rtl]);

    return {
      seller: { ...seller, id: sellerId, storageState: await sellerContext.storageState() },
      shopper: { ...shopper, storageState: await shopperContext.storageState() },
      productIds,
      orderId,
      paidSessionId,
      pendingSessionId,
    };
  } finally {
    await sellerContext.close();
    await shopperContext.close();
  }
}

const test = base.extend<object, { shop: HostileShop }>({
  shop: [
    async ({ browser }, use, workerInfo) => {
      await use(await makeHostileShop(browser, workerInfo.project.use.baseURL!));
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

/** Every page, by who sees it. */
function pagesOf(shop: HostileShop) {
  const { long, nonLatin, rtl } = shop.productIds;
  return {
    visitor: ['/', '/products', `/products?q=${'M'.repeat(20)}`, `/products/${long}`, `/products/${nonLatin}`, `/products/${rtl}`, `/products?seller=${shop.seller.id}`, '/sign-in', '/no-such-page'],
    shopper: [
      '/',
      '/products',
      `/products/${long}`,
      `/products/${nonLatin}`,
      `/products?seller=${shop.seller.id}`,
      '/users',
      `/users/${shop.seller.id}`,
      '/profile',
      '/profile/role',
      '/profile/delete',
      '/cart',
      '/orders',
      `/orders/${shop.orderId}`,
      `/checkout/success?session_id=${shop.paidSessionId}`,
      `/test-payments/${shop.pendingSessionId}`,
      '/products/new',
      '/dev/mail',
    ],
    seller: [
      '/',
      '/profile',
      '/products?mine=1',
      `/products/${long}`,
      `/products/${long}/edit`,
      `/products/${long}/delete`,
      '/products/new',
      '/sales',
      '/users?q=WWWW',
      '/profile/delete',
      '/dev/mail',
    ],
  };
}

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

/** The first link of a page in the dev mailbox, so that a message is checked too. */
async function firstMessage(page: Page) {
  return page.getByTestId('dev-mail-row').first().getByRole('link').first().getAttribute('href');
}

function shotPath(folder: string, who: string, url: string, width: number, theme: string) {
  const name = url.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'id').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 60) || 'home';
  return `${folder}/${who}-${name}-${width}-${theme}.png`;
}

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1366, height: 900 },
];

for (const viewport of VIEWPORTS) {
  for (const theme of ['light', 'dark'] as const) {
    for (const who of ['visitor', 'shopper', 'seller'] as const) {
      test(`every page of a ${who} fits ${viewport.width}×${viewport.height} in the ${theme} theme`, async ({ browser, shop, javaScriptEnabled, baseURL }) => {
        test.slow(); // a dozen pages, each scanned by axe with JavaScript on
        const storageState = who === 'visitor' ? undefined : shop[who].storageState;
        const context = await browser.newContext({ baseURL, javaScriptEnabled, viewport, colorScheme: theme, storageState });
        try {
          const page = await context.newPage();
          const urls = pagesOf(shop)[who];
          for (let i = 0; i < urls.length; i++) {
            const url = urls[i]!;
            await open(page, url, javaScriptEnabled);
            await expect(page.locator('html')).toHaveCSS('color-scheme', theme);
            expect.soft(await layoutProblems(page), url).toEqual([]);
            if (javaScriptEnabled) await expectAccessibleNow(page, url, theme);
            // REEN_LAYOUT_SHOTS=<folder>: a full-page picture of each page, to look at.
            if (process.env.REEN_LAYOUT_SHOTS) await page.screenshot({ path: shotPath(process.env.REEN_LAYOUT_SHOTS, who, url, viewport.width, theme), fullPage: true });
            // The mailbox's newest message: an email naming the hostile products and people.
            if (url === '/dev/mail') urls.push((await firstMessage(page))!);
          }
        } finally {
          await context.close();
        }
      });
    }
  }
}
