// The load test's driver: N people (test/load/person.ts) act at once against the real server for a
// while, each picking its next action from a seeded random mix, optionally while the server is
// killed and restarted. It records every answer and sorts them: fine, a refusal the action expects,
// busy ("The shop is busy right now"), a 5xx, no answer at all, or a status the action does not
// expect. 5xx and missing answers between the kill and the restarted server's first /healthz are
// excused; nothing else is.
import { NoAnswer, Person, type Exchange, type PaymentPage } from './person.ts';

export type ScenarioOptions = {
  origin: () => string;
  people: number;
  seconds: number;
  seed: number;
  /** Kills the server and restarts it on the same database and port; resolves once /healthz answers. */
  killAndRestart?: { afterMs: number; run: () => Promise<void> };
  /** A `checkout.session.completed` event of a paid test payment session, signed as the provider signs it. */
  signedCompletionEvent: (sessionId: string) => Promise<{ payload: string; signature: string }>;
};

export type ScenarioResult = {
  seed: number;
  exchanges: Exchange[];
  actions: Map<string, number>;
  /** Products by id and the units their sellers put on sale, as the people listed and edited them. */
  listedUnits: Map<string, number>;
  /** Things the people saw that must never happen (e.g. one payment page paid twice). */
  anomalies: string[];
  killWindow: { from: number; to: number } | null;
};

/** mulberry32: a small seeded generator, so that a seed replays the same choices. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Per-product locks of the harness, not of the server. An edit sets a product's stock to a number;
 * the units listed then become that number plus what checkouts hold and sold, which only the
 * server knows. While an edit holds its product exclusively, no person starts or releases a
 * checkout of it (those take it shared), so the stock its page showed is the stock it replaces and
 * the listed units change by exactly saved - shown. Payments and the worker's completions are not
 * held back: a completion moves units from reserved to sold without changing the sum. (A checkout
 * released by the worker, as when its completion fails for good, is not held back either; that
 * failure shows up as a refund or a stuck payment in the report anyway.)
 */
class ProductLocks {
  private readonly readers = new Map<string, number>();
  private readonly writers = new Set<string>();
  private waiting: (() => void)[] = [];

  private wait() {
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private wake() {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  async shared<T>(ids: Iterable<string>, fn: () => Promise<T>): Promise<T> {
    const held = [...ids];
    while (held.some((id) => this.writers.has(id))) await this.wait();
    for (const id of held) this.readers.set(id, (this.readers.get(id) ?? 0) + 1);
    try {
      return await fn();
    } finally {
      for (const id of held) this.readers.set(id, this.readers.get(id)! - 1);
      this.wake();
    }
  }

  async exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    while (this.writers.has(id)) await this.wait();
    // Taken before the readers drain, so that new readers wait: an edit is not starved.
    this.writers.add(id);
    try {
      while ((this.readers.get(id) ?? 0) > 0) await this.wait();
      return await fn();
    } finally {
      this.writers.delete(id);
      this.wake();
    }
  }
}

export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const exchanges: Exchange[] = [];
  const actions = new Map<string, number>();
  const listedUnits = new Map<string, number>();
  const anomalies: string[] = [];
  /** Every product any person listed (deleted ones too: people may still find them in a tab). */
  const catalog: string[] = [];
  const locks = new ProductLocks();
  let killWindow: ScenarioResult['killWindow'] = null;

  const record = (exchange: Exchange) => exchanges.push(exchange);
  const deadline = Date.now() + options.seconds * 1000;
  const webhookSender = new Person(options.origin(), 'Stripe', record);

  async function act(person: Person, index: number, random: () => number) {
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
    const price = () => `${between(1, 40)}.${String(between(0, 99)).padStart(2, '0')}`;
    const start = (action: string) => {
      person.doing(action);
      actions.set(action, (actions.get(action) ?? 0) + 1);
    };
    /** Starting or releasing a checkout moves the stock of what the person's cart holds. */
    const movingStock = <T>(fn: () => Promise<T>) => locks.shared(person.cartProducts, fn);
    /** Checks out; when refused (sold out, a product deleted...), the person removes a line as the message asks. */
    const checkout = async (): Promise<PaymentPage | null> => {
      const page = await movingStock(() => person.checkout());
      if (!page && person.checkoutRefusal && !person.checkoutRefusal.includes('busy')) await person.editCart((count) => Math.floor(random() * count), 'remove');
      return page;
    };

    if (person.role === 'signed-out') {
      start('sign up');
      return person.signUp();
    }

    const buyable = catalog.filter((id) => !person.products.has(id));
    // A quarter of the people set out to sell; the others shop, and now and then become sellers too.
    const seller = index % 4 === 0;
    const choices: [weight: number, name: string][] = [
      [1, 'browse'],
      [person.role === 'NADMIN' ? (seller ? 4 : 0.15) : 0, 'upgrade'],
      [person.role === 'ADMIN' ? (person.products.size < 3 ? 4 : 1) : 0, 'create product'],
      [person.role === 'ADMIN' && person.products.size > 0 ? 2 : 0, 'edit product'],
      [person.role === 'ADMIN' && person.products.size > 1 ? 0.7 : 0, 'delete product'],
      [buyable.length > 0 ? 6 : 0, 'add to cart'],
      [person.cartHasItems ? 1.5 : 0, 'edit cart'],
      [person.cartHasItems ? 3 : 0, 'checkout and pay'],
      [person.cartHasItems ? 1 : 0, 'checkout and cancel'],
      [person.cartHasItems ? 1 : 0, 'pay twice'],
      [person.cartHasItems ? 1 : 0, 'race two checkouts'],
      [person.cartHasItems ? 1 : 0, 'resume in a second tab'],
      [person.cartHasItems ? 1 : 0, 'pay and replay the webhook'],
      [person.cartHasItems ? 1 : 0, 'pay in one tab, check out in another'],
      [person.cartHasItems ? 0.3 : 0, 'delete account mid-checkout'],
      [person.products.size > 0 ? 0.25 : buyable.length > 0 ? 0.1 : 0, 'delete account'],
    ];
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let roll = random() * total;
    const action = choices.find(([weight]) => (roll -= weight) < 0)?.[1] ?? 'browse';
    start(action);

    switch (action) {
      case 'browse':
        return void (await person.get(`/products?page=${between(1, 3)}`));
      case 'upgrade':
        return person.upgrade();
      case 'create product': {
        const quantity = between(1, 20);
        const id = await person.createProduct(price(), quantity);
        if (id) {
          listedUnits.set(id, quantity);
          catalog.push(id);
        }
        return;
      }
      case 'edit product': {
        const id = pick([...person.products]);
        return locks.exclusive(id, async () => {
          try {
            const edit = await person.editProduct(id, price(), between(-2, 10));
            if (edit && listedUnits.has(id)) listedUnits.set(id, listedUnits.get(id)! + edit.saved - edit.shown);
          } catch (error) {
            // Unanswered, the edit may or may not have been saved: this product's count is unknown.
            listedUnits.delete(id);
            throw error;
          }
        });
      }
      case 'delete product':
        return void (await person.deleteProduct(pick([...person.products])));
      case 'add to cart': {
        const id = pick(buyable);
        person.cartProducts.add(id);
        return person.addToCart(id, between(1, 3));
      }
      case 'edit cart':
        return person.editCart((count) => Math.floor(random() * count), random() < 0.3 ? 'remove' : between(1, 3));
      case 'checkout and pay': {
        const page = await checkout();
        if (page) await person.pay(page);
        return;
      }
      case 'checkout and cancel': {
        const page = await checkout();
        if (page) await movingStock(() => person.cancel(page));
        return;
      }
      case 'pay twice': {
        const page = await checkout();
        if (page && (await person.payTwice(page)) > 1) anomalies.push(`the payment page ${page.path} was paid twice, from two tabs`);
        return;
      }
      case 'race two checkouts': {
        const pages = (await movingStock(() => person.checkoutInTwoTabs())).filter((page): page is PaymentPage => page !== null);
        if (pages.length === 0) return;
        const first = pick(pages);
        // One of the two is the open checkout; a page of the other (replaced) one cannot be paid.
        if (await person.pay(first, [303, 409])) {
          const other = pages.find((page) => page.sessionId !== first.sessionId);
          if (other) await person.pay(other, [409]);
          return;
        }
        const open = await person.resumeInSecondTab();
        if (open) await person.pay(open);
        return;
      }
      case 'resume in a second tab': {
        const page = await checkout();
        if (!page) return;
        const again = await person.resumeInSecondTab();
        if (again && again.sessionId !== page.sessionId) anomalies.push(`/checkout/continue led to ${again.path}, not to the open checkout's ${page.path}`);
        if (again) await person.pay(again);
        return;
      }
      case 'pay and replay the webhook': {
        const page = await checkout();
        if (!page || !(await person.pay(page))) return;
        // Stripe delivers an event again after a timeout, and anyone who saw one can resend it.
        const { payload, signature } = await options.signedCompletionEvent(page.sessionId);
        webhookSender.doing('replayed webhook');
        await Promise.all([webhookSender.postWebhook(payload, signature), webhookSender.postWebhook(payload, signature)]);
        await webhookSender.postWebhook(payload, signature);
        return;
      }
      case 'pay in one tab, check out in another': {
        const page = await checkout();
        if (!page) return;
        // The cart still holds what is being paid: the second checkout may replace the first
        // (its page then refuses the payment) or come after the payment; never may a payment be
        // refunded because of it.
        await movingStock(() => Promise.all([person.pay(page, [303, 409]), person.checkout()]));
        return;
      }
      case 'delete account mid-checkout': {
        const page = await checkout();
        const deleted = await movingStock(() => person.deleteAccount());
        // The payment page is still open in a tab: once the account is gone it must not take money.
        if (page) await person.pay(page, deleted ? [409] : [303]);
        return;
      }
      case 'delete account':
        return void (await movingStock(() => person.deleteAccount()));
    }
  }

  async function live(index: number) {
    const random = seededRandom(options.seed + index * 7919);
    const person = new Person(options.origin(), `Person${index}`, record);
    while (Date.now() < deadline) {
      try {
        await act(person, index, random);
      } catch (error) {
        if (!(error instanceof NoAnswer)) throw error;
        // The server is down (killed) or dropped the connection: the person waits a moment and goes on.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  async function fault() {
    if (!options.killAndRestart) return;
    await new Promise((resolve) => setTimeout(resolve, options.killAndRestart!.afterMs));
    const from = Date.now();
    await options.killAndRestart.run();
    killWindow = { from, to: Date.now() };
  }

  await Promise.all([...Array.from({ length: options.people }, (_, index) => live(index)), fault()]);
  return { seed: options.seed, exchanges, actions, listedUnits, anomalies, killWindow };
}

export type Classified = {
  busy: Exchange[];
  serverErrors: Exchange[];
  noAnswer: Exchange[];
  unexpected: Exchange[];
  excused: Exchange[];
};

/** Sorts the answers; the failures are every list but `excused`. */
export function classify({ exchanges, killWindow }: Pick<ScenarioResult, 'exchanges' | 'killWindow'>): Classified {
  const result: Classified = { busy: [], serverErrors: [], noAnswer: [], unexpected: [], excused: [] };
  const inKillWindow = (exchange: Exchange) => killWindow !== null && exchange.started <= killWindow.to && exchange.ended >= killWindow.from;
  for (const exchange of exchanges) {
    const failedToAnswer = exchange.status === 'error' || exchange.status >= 500;
    if (failedToAnswer && inKillWindow(exchange)) result.excused.push(exchange);
    else if (exchange.busy) result.busy.push(exchange);
    else if (exchange.status === 'error') result.noAnswer.push(exchange);
    else if (exchange.status >= 500) result.serverErrors.push(exchange);
    else if (!exchange.expected) result.unexpected.push(exchange);
  }
  return result;
}

/** The run in a few lines: actions, statuses per step, and the failures with what they said. */
export function summarize(result: ScenarioResult, classified: Classified, extra: string[] = []): string {
  const lines = [
    `Load test: ${result.actions.size ? [...result.actions.values()].reduce((a, b) => a + b, 0) : 0} actions, ${result.exchanges.length} requests, seed ${result.seed} (replay: REEN_RELIABILITY_SEED=${result.seed})`,
  ];
  if (result.killWindow) {
    const kinds = new Map<string, number>();
    for (const exchange of classified.excused) {
      const kind =
        exchange.status === 'error' ? (/E[A-Z]+|Timeout|terminated|other side closed/.exec(exchange.detail)?.[0] ?? 'error') : String(exchange.status);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const at = result.killWindow.from - Math.min(...result.exchanges.map((exchange) => exchange.started));
    lines.push(
      `Server killed (SIGKILL) ${Math.round(at / 1000)} s in and restarted: ${result.killWindow.to - result.killWindow.from} ms until /healthz answered; ` +
        `${classified.excused.length} answers excused in that window (${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')})`,
    );
  }
  const first = Math.min(...result.exchanges.map((exchange) => exchange.started));
  const perTenSeconds: number[] = [];
  for (const exchange of result.exchanges) {
    if (exchange.status === 'error') continue;
    const bucket = Math.floor((exchange.ended - first) / 10_000);
    perTenSeconds[bucket] = (perTenSeconds[bucket] ?? 0) + 1;
  }
  lines.push(`Answers per 10 s: ${Array.from(perTenSeconds, (count) => count ?? 0).join(' ')}`);
  lines.push(
    `Actions: ${[...result.actions]
      .sort(([, a], [, b]) => b - a)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ')}`,
  );

  const bySteps = new Map<string, Map<string, number>>();
  for (const exchange of result.exchanges) {
    const statuses = bySteps.get(exchange.step) ?? new Map<string, number>();
    const key = `${exchange.status}${exchange.to ? ` → ${exchange.to}` : ''}${exchange.busy ? ' busy' : ''}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    bySteps.set(exchange.step, statuses);
  }
  lines.push('Statuses per step:');
  for (const [step, statuses] of [...bySteps].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `  ${step.padEnd(30)} ${[...statuses]
        .sort()
        .map(([status, count]) => `${status}: ${count}`)
        .join(', ')}`,
    );
  }

  const refusals = new Map<string, number>();
  for (const exchange of result.exchanges) {
    if (exchange.step !== 'POST /checkout' || exchange.to !== '/cart' || exchange.busy) continue;
    const reason = exchange.detail.replace(/"[^"]*"/g, '"…"').replace(/\$?[\d,.]+/g, '#');
    refusals.set(reason, (refusals.get(reason) ?? 0) + 1);
  }
  if (refusals.size) lines.push('Checkouts refused (back to the cart):');
  for (const [reason, count] of [...refusals].sort(([, a], [, b]) => b - a).slice(0, 6)) lines.push(`  ${count} × ${reason}`);

  const busyByAction = new Map<string, number>();
  for (const exchange of classified.busy)
    busyByAction.set(
      `${exchange.action} (${exchange.step} ${exchange.status})`,
      (busyByAction.get(`${exchange.action} (${exchange.step} ${exchange.status})`) ?? 0) + 1,
    );
  const busy503 = classified.busy.filter((exchange) => exchange.status === 503).length;
  lines.push(`"The shop is busy": ${classified.busy.length} answers (${busy503} of them 503, ${classified.busy.length - busy503} redirects with the message)`);
  for (const [where, count] of busyByAction) lines.push(`  ${count} × ${where}`);
  lines.push(`Other 5xx: ${classified.serverErrors.length}; no answer: ${classified.noAnswer.length}; unexpected statuses: ${classified.unexpected.length}`);
  for (const exchange of [...classified.serverErrors, ...classified.noAnswer, ...classified.unexpected].slice(0, 20)) {
    lines.push(`  ${exchange.action}: ${exchange.step} → ${exchange.status} ${exchange.detail}`);
  }
  if (result.anomalies.length) lines.push(`Anomalies: ${result.anomalies.join('; ')}`);
  lines.push(...extra);
  return lines.join('\n');
}
