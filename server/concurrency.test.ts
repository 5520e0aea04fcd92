// Races over real HTTP against the built server: many buyers for the last units, one cart checked
// out from several tabs, an upgrade and a checkout at once, and several workers completing the same
// paid checkout. Each answer must be a redirect or a 4xx with a message (never a 5xx), and each
// effect must happen exactly once. The file has a database of its own, so that the invariants of
// the whole economy can be checked exactly after every race.
import { afterEach, describe, expect, it } from 'vitest';
import { payFee } from '~/models/ledger.server.ts';
import { getDb } from '~/utils/db.server.ts';
import type { QueuePayloads } from '~/utils/jobs.server.ts';
import { ADMIN_UPGRADE_FEE_CENTS, STARTING_BALANCE_CENTS } from '~/utils/money.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { handleCheckoutCompensate, handleCheckoutComplete } from '../jobs/checkout.ts';
import { addToCart, createProduct, createSeller, createUser, sessionCookie } from '../test/factories.ts';
import { useJobQueue, useScratchDatabase } from '../test/database-hooks.ts';
import { flashOf, formPost, useTestServer } from '../test/http.ts';
import { useTally } from '../test/reliability.ts';
import { balanceOf, economyViolations, stockOf } from '../test/invariants.ts';

const TEST_CARD = '4242 4242 4242 4242';

const listed = new Map<string, number>();

useScratchDatabase();
useJobQueue();
const tally = useTally('concurrency (HTTP)');

afterEach(async () => {
  const { checks, violations } = await economyViolations(listed);
  tally.invariantChecks += checks;
  tally.violations += violations.length;
  expect(violations).toEqual([]);
  expect(tally.serverErrors).toBe(0);
});

const server = useTestServer();

/** One request; 5xx answers are counted (there must be none). */
async function request(path: string, init?: RequestInit) {
  const response = await server.request(path, init);
  tally.operations++;
  if (response.status >= 500) tally.serverErrors++;
  return response;
}

async function listProduct(sellerId: string, priceCents: number, stock: number) {
  const { id: productId } = await createProduct({ ownerId: sellerId, priceCents, stock });
  listed.set(productId, stock);
  return productId;
}

async function shopper(cart: [productId: string, quantity: number][] = []) {
  const { id: userId } = await createUser();
  for (const [productId, quantity] of cart) await addToCart(userId, productId, quantity);
  return { userId, cookie: await sessionCookie(userId) };
}

function pay(paymentUrl: string) {
  return request(new URL(paymentUrl).pathname, formPost({ intent: 'pay', card: TEST_CARD }));
}

async function pendingCheckout(buyerId: string) {
  return getDb().checkout.findUniqueOrThrow({ where: { openForUserId: buyerId }, select: { id: true, totalCents: true, paymentSessionId: true } });
}

/** The checkout-complete jobs the webhook queued (no worker runs here: the tests play the workers). */
function completionJobs(checkoutIds: string[]) {
  return getDb().$queryRaw<{ data: QueuePayloads['checkout-complete'] }[]>`
    SELECT data FROM pgboss.job WHERE name = 'checkout-complete' AND data->>'checkoutId' = ANY(${checkoutIds})`;
}

describe('racing over HTTP', () => {
  it('gives the last 3 units to exactly 3 of 24 buyers checking out at once; the others are told why', async () => {
    const { id: sellerId } = await createSeller();
    const productId = await listProduct(sellerId, 10_00, 3);
    const buyers: { userId: string; cookie: string }[] = [];
    for (let i = 0; i < 24; i++) buyers.push(await shopper([[productId, 1]]));

    const answers = await Promise.all(buyers.map(({ cookie }) => request('/checkout', formPost({}, cookie))));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 303));
    const winners = buyers.filter((_, index) => answers[index]!.headers.get('location')!.includes('/test-payments/'));
    expect(winners).toHaveLength(3);
    expect(await stockOf(productId)).toBe(0);

    const losers = buyers.map((buyer, index) => ({ buyer, answer: answers[index]! })).filter(({ buyer }) => !winners.includes(buyer));
    for (const { buyer, answer } of losers) {
      expect(answer.headers.get('location')).toBe('/cart');
      expect(flashOf(answer)?.message).toMatch(/out of stock|sold out|left/);
      expect(await balanceOf(buyer.userId)).toBe(BigInt(STARTING_BALANCE_CENTS));
    }

    // The three pay at once; their webhooks arrive; two workers complete each checkout at once.
    const paid = await Promise.all(winners.map((winner) => pay(answers[buyers.indexOf(winner)]!.headers.get('location')!)));
    expect(paid.map((answer) => answer.status)).toEqual([303, 303, 303]);
    const checkouts = await Promise.all(winners.map((winner) => pendingCheckout(winner.userId)));
    const jobs = await completionJobs(checkouts.map((checkout) => checkout.id));
    expect(jobs).toHaveLength(3);
    await Promise.all(jobs.flatMap(({ data }) => [handleCheckoutComplete(data), handleCheckoutComplete(data)]));
    tally.operations += 6;

    expect(await getDb().order.count({ where: { checkoutId: { in: checkouts.map((checkout) => checkout.id) } } })).toBe(3);
    expect(await balanceOf(sellerId)).toBe(BigInt(STARTING_BALANCE_CENTS + 3 * 10_00));
  });

  it('keeps one pending checkout, holding the money once, when one cart is checked out from four tabs at once', async () => {
    const productId = await listProduct((await createSeller()).id, 25_00, 5);
    const { userId, cookie } = await shopper([[productId, 2]]);

    const answers = await Promise.all(Array.from({ length: 4 }, () => request('/checkout', formPost({}, cookie))));
    expect(answers.map((answer) => answer.status)).toEqual([303, 303, 303, 303]);
    const pending = await getDb().checkout.findMany({ where: { buyerId: userId, status: 'PENDING' } });
    expect(pending).toHaveLength(1);
    expect(await stockOf(productId)).toBe(3);
    expect(await balanceOf(userId)).toBe(BigInt(STARTING_BALANCE_CENTS - 50_00));
    // Only the surviving checkout's payment page can still be paid.
    const mine = await getDb().checkout.findMany({ where: { buyerId: userId }, select: { id: true } });
    const payable = await getDb().testPaymentSession.findMany({ where: { checkoutId: { in: mine.map((checkout) => checkout.id) }, status: 'open' } });
    expect(payable.map((session) => session.checkoutId)).toEqual([pending[0]!.id]);
  });

  it('adds from two tabs at once without losing an add or passing the stock', async () => {
    const productId = await listProduct((await createSeller()).id, 3_00, 5);
    const { userId, cookie } = await shopper();
    const add = (quantity: number) =>
      request('/cart', formPost({ intent: 'add', productId, quantity: String(quantity), redirectTo: `/products/${productId}` }, cookie));

    const answers = await Promise.all([add(2), add(2)]);
    expect(answers.map((answer) => answer.status)).toEqual([303, 303]);
    expect((await getDb().cartItem.findUniqueOrThrow({ where: { userId_productId: { userId, productId } } })).quantity).toBe(4);
    await Promise.all([add(3), add(3)]);
    expect((await getDb().cartItem.findUniqueOrThrow({ where: { userId_productId: { userId, productId } } })).quantity).toBe(5);
  });

  it('lets exactly one of an upgrade and a checkout through when the balance covers only one', async () => {
    const productId = await listProduct((await createSeller()).id, 2_000_00, 60);
    const { userId, cookie } = await shopper([[productId, 50]]);
    // Spend down to $200,000: enough for the $160,000 upgrade or the $100,000 cart, not both.
    await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId, amountCents: STARTING_BALANCE_CENTS - 200_000_00 }));

    const answers = await Promise.all([
      request('/profile/role', formPost({ intent: 'upgrade' }, cookie)),
      request('/checkout', formPost({}, cookie)),
      request('/profile/role', formPost({ intent: 'upgrade' }, cookie)),
      request('/checkout', formPost({}, cookie)),
    ]);
    for (const answer of answers) expect([303, 400, 409]).toContain(answer.status);

    const user = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { role: true, balanceCents: true } });
    const pending = await getDb().checkout.count({ where: { buyerId: userId, status: 'PENDING' } });
    const fees = await getDb().ledgerEntry.count({ where: { fromUserId: userId, kind: 'UPGRADE_FEE' } });
    if (user.role === 'ADMIN') {
      expect({ fees, pending, balance: user.balanceCents }).toEqual({ fees: 1, pending: 0, balance: 200_000_00n - BigInt(ADMIN_UPGRADE_FEE_CENTS) });
      expect(await stockOf(productId)).toBe(60);
    } else {
      expect({ fees, pending, balance: user.balanceCents }).toEqual({ fees: 0, pending: 1, balance: 100_000_00n });
      expect(await stockOf(productId)).toBe(10);
    }
  });

  it('completes a paid checkout once when workers and the return page all complete it at once', async () => {
    const { id: sellerId } = await createSeller();
    const productId = await listProduct(sellerId, 40_00, 4);
    const { userId, cookie } = await shopper([[productId, 3]]);
    const started = await request('/checkout', formPost({}, cookie));
    const checkout = await pendingCheckout(userId);
    const paid = await pay(started.headers.get('location')!);
    expect(paid.status).toBe(303);
    const [job] = await completionJobs([checkout.id]);
    const data = job!.data;

    const returnPage = `/checkout/success?session_id=${checkout.paymentSessionId}`;
    const [pages] = await Promise.all([
      Promise.all([request(returnPage, { headers: { Cookie: cookie } }), request(returnPage, { headers: { Cookie: cookie } })]),
      Promise.all([handleCheckoutComplete(data), handleCheckoutComplete(data), handleCheckoutComplete(data)]),
    ]);
    tally.operations += 3;
    // A page whose own request settled the checkout loads itself again (303), then shows it.
    for (const page of pages) {
      if (page.status === 303) expect(page.headers.get('location')).toBe(returnPage);
      else expect(page.status).toBe(200);
    }
    expect((await request(returnPage, { headers: { Cookie: cookie } })).status).toBe(200);

    const orders = await getDb().order.findMany({ where: { checkoutId: checkout.id }, include: { items: true } });
    expect(orders).toHaveLength(1);
    expect(orders[0]!.items.map((item) => item.quantity)).toEqual([3]);
    expect(await balanceOf(sellerId)).toBe(BigInt(STARTING_BALANCE_CENTS + 120_00));
    expect(await getDb().ledgerEntry.count({ where: { checkoutId: checkout.id, kind: 'SALE' } })).toBe(1);
    expect(await getDb().cartItem.count({ where: { userId } })).toBe(0);
  });

  it('ends a cancel racing a payment as either an order or a release with the payment refused, never both', async () => {
    const productId = await listProduct((await createSeller()).id, 15_00, 4);
    for (let round = 0; round < 4; round++) {
      const { userId, cookie } = await shopper([[productId, 1]]);
      const started = await request('/checkout', formPost({}, cookie));
      const checkout = await pendingCheckout(userId);
      const [cancelled, paid] = await Promise.all([
        request('/checkout/cancel', formPost({ intent: 'cancel', checkoutId: checkout.id }, cookie)),
        pay(started.headers.get('location')!),
      ]);
      expect(cancelled.status).toBe(303);
      expect([303, 409]).toContain(paid.status);
      const settled = await getDb().checkout.findUniqueOrThrow({ where: { id: checkout.id }, include: { order: true } });
      const session = await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId: checkout.id } });
      if (paid.status === 303) {
        expect(session.status).toBe('complete');
        expect(settled.status).toBe('COMPLETED');
        expect(settled.order).not.toBeNull();
      } else {
        expect(session.status).toBe('expired');
        expect(settled.status).toBe('RELEASED');
        expect(await balanceOf(userId)).toBe(BigInt(STARTING_BALANCE_CENTS));
      }
      // The completion job the payment queued finds the checkout settled, and so does a compensation.
      for (const { data } of await completionJobs([checkout.id])) {
        await handleCheckoutComplete(data);
        expect(await handleCheckoutCompensate(data)).toBeUndefined();
      }
      expect(await getDb().order.count({ where: { checkoutId: checkout.id } })).toBe(paid.status === 303 ? 1 : 0);
    }
  });
});
