// One simulated person of the load test: a browser without JavaScript. It keeps its cookies, posts
// the same urlencoded forms the pages render (with the same-origin Origin header a browser sends),
// never lets fetch follow redirects, and follows each 302/303 with a GET as the browser would.
// Every request is handed to `record` with whether its status is one the action expects.
import { randomUUID } from 'node:crypto';
import { flashOf } from '../http.ts';

export type Exchange = {
  action: string;
  /** Method and path with ids left out, e.g. `POST /test-payments/:id`. */
  step: string;
  /** The path as requested, ids included. */
  path: string;
  /** The HTTP status, or 'error' when no answer came (connection refused or reset). */
  status: number | 'error';
  /** Where a redirect leads (its path, ids left out). */
  to: string | null;
  /** The status is one this step expects (refusals included); false for anything else. */
  expected: boolean;
  /** The answer says "The shop is busy right now", as a 503 page or as a redirect's flash message. */
  busy: boolean;
  started: number;
  ended: number;
  /** What the answer said, for the report of an unexpected or failed answer. */
  detail: string;
};

export type Answer = { status: number; location: string | null; flash: string | null; body: string };

const BUSY = 'The shop is busy right now';
const TEST_CARD = '4242 4242 4242 4242';

/** A request that got no answer: the person's action stops there. */
export class NoAnswer extends Error {
  override name = 'NoAnswer';
}

export class Person {
  private readonly cookies = new Map<string, string>();
  private action = 'idle';
  role: 'NADMIN' | 'ADMIN' | 'signed-out' = 'signed-out';
  /** Products this person listed and has not deleted. */
  readonly products = new Set<string>();
  /** The cart was given something since it was last known empty (checked out, or so the checkout said). */
  cartHasItems = false;
  /**
   * Every product this account put in its cart: a superset of what its cart and its pending checkout
   * hold, whose stock its checkouts move (see ProductLocks in scenario.ts).
   */
  readonly cartProducts = new Set<string>();

  /** Why the last checkout was refused (the cart page's message), or null. */
  checkoutRefusal: string | null = null;

  constructor(
    readonly origin: string,
    readonly label: string,
    private readonly record: (exchange: Exchange) => void,
  ) {}

  /** Names the action the next requests belong to, for the report. */
  doing(action: string) {
    this.action = action;
  }

  // --- HTTP, as a browser without JavaScript ---

  /** `form` is posted as a page's form; `raw` as a program (a webhook sender) posts, with its headers. */
  async request(
    method: 'GET' | 'POST',
    path: string,
    expect: number[],
    form?: Record<string, string>,
    raw?: { body: string; headers: Record<string, string> },
  ): Promise<Answer> {
    const url = new URL(path, this.origin);
    const init: RequestInit = { method, redirect: 'manual', headers: this.cookies.size ? { Cookie: this.cookieHeader() } : {} };
    if (form) {
      init.body = new URLSearchParams(form).toString();
      init.headers = { ...init.headers, 'Content-Type': 'application/x-www-form-urlencoded', Origin: this.origin };
    } else if (raw) {
      init.body = raw.body;
      init.headers = { ...init.headers, ...raw.headers };
    }
    const started = Date.now();
    const step = `${method} ${stepName(url.pathname)}`;
    let response: Response;
    let body: string;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
      body = await response.text();
    } catch (error) {
      this.record({
        action: this.action,
        step,
        path,
        status: 'error',
        to: null,
        expected: false,
        busy: false,
        started,
        ended: Date.now(),
        detail: String((error as Error).cause ?? error),
      });
      throw new NoAnswer(`${step}: ${String(error)}`);
    }
    this.keepCookies(response);
    const flash = flashMessage(response);
    // A busy page (503), or a redirect whose flash says so (the page it leads to shows the same flash).
    const busy = (response.status === 503 && body.includes(BUSY)) || (flash?.includes(BUSY) ?? false);
    const detail = flash ?? (response.status >= 400 ? errorOf(body) : '');
    const location = response.headers.get('location');
    const to = location ? stepName(new URL(location, this.origin).pathname) : null;
    this.record({
      action: this.action,
      step,
      path,
      status: response.status,
      to,
      expected: expect.includes(response.status),
      busy,
      started,
      ended: Date.now(),
      detail,
    });
    return { status: response.status, location: response.headers.get('location'), flash, body };
  }

  post(path: string, form: Record<string, string>, expect: number[]) {
    return this.request('POST', path, expect, form);
  }

  get(path: string, expect: number[] = [200]) {
    return this.request('GET', path, expect);
  }

  /** Follows a redirect answer (and the ones after it) the way the browser would. */
  async follow(answer: Answer, expect: number[] = [200]): Promise<Answer> {
    let current = answer;
    for (let hops = 0; hops < 5 && current.location && [301, 302, 303].includes(current.status); hops++) {
      current = await this.get(current.location, [...expect, 302, 303]);
    }
    return current;
  }

  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keepCookies(response: Response) {
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = setCookie.split(';');
      const name = pair!.slice(0, pair!.indexOf('='));
      const value = pair!.slice(pair!.indexOf('=') + 1);
      const expired = attributes.some(
        (attribute) => /^\s*max-age=0\s*$/i.test(attribute) || (/^\s*expires=/i.test(attribute) && Date.parse(attribute.split('=')[1]!) <= Date.now()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  // --- Actions: one function per thing a person does with the pages ---

  /**
   * The one place that signs a person in: the demo sign-in's "Create an account" form, with a
   * password of their own. A new account each time, so a person who deleted theirs comes back as
   * someone new.
   */
  async signUp() {
    this.cookies.clear();
    this.products.clear();
    this.cartProducts.clear();
    this.cartHasItems = false;
    const tag = randomUUID().slice(0, 8);
    const answer = await this.post(
      '/sign-in',
      {
        intent: 'create',
        name: `${this.label} ${tag}`,
        email: `${this.label.toLowerCase().replace(/\W/g, '-')}-${tag}@load.test`,
        newPassword: `load password ${tag}`,
        redirectTo: '/',
      },
      [302],
    );
    await this.follow(answer);
    if (answer.status === 302) this.role = 'NADMIN';
  }

  /** Profile > Become an ADMIN, confirmed on /profile/role. */
  async upgrade() {
    await this.get('/profile/role');
    const answer = await this.post('/profile/role', { intent: 'upgrade' }, [303, 400, 409]);
    await this.follow(answer);
    if (answer.status === 303) this.role = 'ADMIN';
  }

  /** Lists a product; returns its id, or null when refused. */
  async createProduct(priceDollars: string, quantity: number): Promise<string | null> {
    await this.get('/products/new');
    const answer = await this.post(
      '/products/new',
      {
        intent: 'create',
        name: `Load ${randomUUID().slice(0, 6)}`,
        description: 'Made by the load test',
        price: priceDollars,
        quantity: String(quantity),
        images: '1',
      },
      [303, 409],
    );
    const id = answer.status === 303 ? (/\/products\/([0-9a-f-]{36})/.exec(answer.location ?? '')?.[1] ?? null) : null;
    await this.follow(answer);
    if (id) this.products.add(id);
    return id;
  }

  /**
   * Opens the edit page and saves it with the quantity changed by `change` (the price too).
   * Returns the quantity the page showed and the one saved, or null when the save was refused.
   */
  async editProduct(productId: string, priceDollars: string, change: number): Promise<{ shown: number; saved: number } | null> {
    const page = await this.get(`/products/${productId}/edit`);
    const shown = Number(/<input[^>]*name="quantity"[^>]*>/.exec(page.body)?.[0].match(/value="(\d+)"/)?.[1]);
    if (page.status !== 200 || !Number.isSafeInteger(shown)) return null;
    const saved = Math.max(0, Math.min(2_000, shown + change));
    const answer = await this.post(
      `/products/${productId}/edit`,
      {
        intent: 'update',
        name: `Load ${randomUUID().slice(0, 6)}`,
        description: 'Edited by the load test',
        price: priceDollars,
        quantity: String(saved),
        images: '2',
      },
      [303, 400, 409],
    );
    await this.follow(answer);
    return answer.status === 303 ? { shown, saved } : null;
  }

  /** Deletes (or, when history refers to it, takes off sale) one of the person's products. */
  async deleteProduct(productId: string): Promise<boolean> {
    await this.get(`/products/${productId}/delete`);
    const answer = await this.post(`/products/${productId}/delete`, { intent: 'delete' }, [303]);
    await this.follow(answer);
    if (answer.status === 303) this.products.delete(productId);
    return answer.status === 303;
  }

  /** "Add to cart" on a product page (the product may have been deleted or sold out meanwhile). */
  async addToCart(productId: string, quantity: number) {
    await this.get(`/products/${productId}`, [200, 404]);
    this.cartProducts.add(productId);
    const answer = await this.post('/cart', { intent: 'add', productId, quantity: String(quantity), redirectTo: `/products/${productId}` }, [303]);
    if (answer.status === 303) this.cartHasItems = true;
    // Back on the product page, which a deleted product no longer has.
    await this.follow(answer, [200, 404]);
  }

  /** Changes the quantity of one line, or removes it, from the cart page. */
  async editCart(pick: (count: number) => number, quantity: number | 'remove') {
    const page = await this.get('/cart');
    const lineIds = [...new Set([...page.body.matchAll(/name="lineId" value="([0-9a-f-]{36})"/g)].map((match) => match[1]!))];
    if (lineIds.length === 0) return;
    const lineId = lineIds[pick(lineIds.length)]!;
    const form: Record<string, string> =
      quantity === 'remove' ? { intent: 'remove', lineId, redirectTo: '/cart' } : { intent: 'update', lineId, quantity: String(quantity), redirectTo: '/cart' };
    // On the cart page itself a refusal re-renders it with the message: 404 for a line gone (its
    // product was deleted), 409 for more than the stock.
    const answer = await this.post('/cart', form, [303, 404, 409]);
    await this.follow(answer);
  }

  /**
   * "Check out" on the cart page. Returns the payment page (its path and the checkout's id), or
   * null when the checkout was refused (back on the cart with the reason).
   */
  async checkout(): Promise<PaymentPage | null> {
    const answer = await this.post('/checkout', {}, [303]);
    return this.paymentPageFrom(answer);
  }

  /** Two tabs press "Check out" at once. */
  async checkoutInTwoTabs(): Promise<[PaymentPage | null, PaymentPage | null]> {
    const answers = await Promise.all([this.post('/checkout', {}, [303]), this.post('/checkout', {}, [303])]);
    return Promise.all(answers.map((answer) => this.paymentPageFrom(answer))) as Promise<[PaymentPage | null, PaymentPage | null]>;
  }

  /** "Resume payment" on the cart page of a second tab: /checkout/continue. */
  async resumeInSecondTab(): Promise<PaymentPage | null> {
    const answer = await this.get('/checkout/continue', [303]);
    return this.paymentPageFrom(answer);
  }

  private async paymentPageFrom(answer: Answer): Promise<PaymentPage | null> {
    const path = answer.status === 303 && answer.location ? new URL(answer.location, this.origin).pathname : null;
    this.checkoutRefusal = path?.startsWith('/test-payments/') ? null : answer.flash;
    if (this.checkoutRefusal?.includes('Your cart is empty')) this.cartHasItems = false;
    const page = await this.follow(answer);
    if (!path?.startsWith('/test-payments/')) return null;
    const checkoutId = /checkout_id=([0-9a-f-]{36})/.exec(page.body)?.[1] ?? null;
    return { path, sessionId: path.slice('/test-payments/'.length), checkoutId };
  }

  /**
   * "Pay" with the test card. `expect` lists the statuses this payment may get: 409 when the page
   * can no longer be paid (already paid, replaced by a newer checkout, the account deleted).
   */
  async pay(page: PaymentPage, expect: number[] = [303]): Promise<boolean> {
    const answer = await this.post(page.path, { intent: 'pay', card: TEST_CARD }, expect);
    // The return page: "processing" until the worker has made the order, then the order.
    await this.follow(answer);
    // The order takes what was bought out of the cart.
    if (answer.status === 303) this.cartHasItems = false;
    return answer.status === 303;
  }

  /** The same payment page paid from two tabs at once: at most one payment may go through. */
  async payTwice(page: PaymentPage): Promise<number> {
    const paid = await Promise.all([this.pay(page, [303, 409]), this.pay(page, [303, 409])]);
    return paid.filter(Boolean).length;
  }

  /** The payment page's "Cancel" link (which cancels), then a "Cancel checkout" form left open in another tab. */
  async cancel(page: PaymentPage) {
    if (!page.checkoutId) return;
    await this.get(`/checkout/cancel?checkout_id=${page.checkoutId}`);
    const answer = await this.post('/checkout/cancel', { intent: 'cancel', checkoutId: page.checkoutId }, [303]);
    await this.follow(answer);
  }

  /** Profile > Delete my account, confirmed. Returns whether it was deleted (the person is signed out). */
  async deleteAccount(): Promise<boolean> {
    await this.get('/profile/delete');
    const answer = await this.post('/profile/delete', { intent: 'delete', confirm: 'yes' }, [303]);
    await this.follow(answer);
    if (answer.status !== 303) return false;
    this.role = 'signed-out';
    this.products.clear();
    this.cartProducts.clear();
    this.cartHasItems = false;
    return true;
  }

  /** A signed webhook delivery, as Stripe (or a replaying attacker) sends it: no cookies, no Origin. */
  async postWebhook(payload: string, signature: string) {
    return this.request('POST', '/webhooks/stripe', [200], undefined, {
      body: payload,
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
    });
  }
}

export type PaymentPage = { path: string; sessionId: string; checkoutId: string | null };

/** The message of a flash cookie set by this answer; a page that shows a flash clears the cookie. */
function flashMessage(response: Response): string | null {
  const set = response.headers.getSetCookie().some((cookie) => /^__flash=[^;]+/.test(cookie));
  return set ? (flashOf(response)?.message ?? null) : null;
}

/** `/products/<uuid>/edit` → `/products/:id/edit`, so that the report groups steps. */
function stepName(pathname: string) {
  return pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\/test-payments\/[^/]+/, '/test-payments/:id');
}

/** What an error page says: its alert (a form's error), else the start of its main content. */
function errorOf(body: string) {
  const alert = /role="alert"[^>]*>([\s\S]*?)<\/(?:p|div)>/.exec(body)?.[1];
  const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(body)?.[1];
  const text = (alert ?? main ?? body)
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.slice(0, 160);
}
