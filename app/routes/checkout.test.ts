// The checkout over real HTTP, as a browser without JavaScript drives it, with the built-in test
// payment provider delivering signed events to the real webhook route.
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { releaseCheckout } from '~/models/checkout/release.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { getBoss } from '~/utils/jobs.server.ts';
import { STARTING_BALANCE_CENTS } from '~/utils/money.ts';
import { webhookSigningSecret } from '~/utils/payments/provider.server.ts';
import { handleCheckoutComplete, handleCheckoutRelease } from '../../jobs/checkout.ts';
import { addToCart, createProduct, createSeller, createUser, sessionCookie } from '../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { flashOf, formPost, useTestServer } from '../../test/http.ts';
import { balanceOf, expectLedgerConservation, expectStockAccountedFor, stockOf } from '../../test/invariants.ts';

useDatabase();
useJobQueue();

const server = useTestServer();

afterEach(async () => {
  await expectLedgerConservation();
});

async function buyerWithCart(quantity = 2, stock = 10) {
  const { id: sellerId } = await createSeller();
  const { id: productId } = await createProduct({ ownerId: sellerId, priceCents: 25_50, stock });
  const { id: buyerId } = await createUser();
  await addToCart(buyerId, productId, quantity);
  return { sellerId, productId, buyerId, cookie: await sessionCookie(buyerId) };
}

function signedPost(payload: string, secret = webhookSigningSecret()): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) },
    body: payload,
  };
}

function completedEvent(checkoutId: string, eventId = `evt_${crypto.randomUUID()}`, amountTotal = 51_00) {
  return JSON.stringify({
    id: eventId,
    object: 'event',
    type: 'checkout.session.completed',
    data: {
      object: {
        id: `cs_test_${checkoutId}`,
        object: 'checkout.session',
        payment_status: 'paid',
        status: 'complete',
        payment_intent: 'pi_test_1',
        amount_total: amountTotal,
        client_reference_id: checkoutId,
        metadata: { checkoutId },
      },
    },
  });
}

async function jobsFor(queue: string, checkoutId: string) {
  return getDb().$queryRaw<
    { id: string; state: string }[]
  >`SELECT id, state::text FROM pgboss.job WHERE name = ${queue} AND data->>'checkoutId' = ${checkoutId}`;
}

async function startCheckoutOverHttp(buyerId: string) {
  const cookie = await sessionCookie(buyerId);
  const response = await server.request('/checkout', formPost({}, cookie));
  expect(response.status).toBe(303);
  const location = response.headers.get('location')!;
  const checkout = await getDb().checkout.findUniqueOrThrow({ where: { openForUserId: buyerId } });
  return { location, checkout };
}

describe('POST /webhooks/stripe', () => {
  it('refuses a bad signature with 400 and stores nothing', async () => {
    const eventId = `evt_${crypto.randomUUID()}`;
    const payload = completedEvent(crypto.randomUUID(), eventId);
    const forged = await server.request('/webhooks/stripe', signedPost(payload, 'whsec_not_the_secret'));
    expect(forged.status).toBe(400);
    const unsigned = await server.request('/webhooks/stripe', { method: 'POST', body: payload, headers: { 'Content-Type': 'application/json' } });
    expect(unsigned.status).toBe(400);
    const tampered = signedPost(payload);
    const response = await server.request('/webhooks/stripe', { ...tampered, body: payload.replace('51', '1') });
    expect(response.status).toBe(400);
    expect(await getDb().webhookEvent.count({ where: { eventId } })).toBe(0);
  });

  it('stores an event once with its job and answers before the job runs; a duplicate is a no-op', async () => {
    const { buyerId, productId } = await buyerWithCart();
    const { checkout } = await startCheckoutOverHttp(buyerId);
    const eventId = `evt_${crypto.randomUUID()}`;
    const payload = completedEvent(checkout.id, eventId, checkout.totalCents);

    const first = await server.request('/webhooks/stripe', signedPost(payload));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    // Answered, and nothing fulfilled yet: the job does that.
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkout.id } })).status).toBe('PENDING');
    const duplicate = await server.request('/webhooks/stripe', signedPost(payload));
    expect(await duplicate.json()).toEqual({ received: true, duplicate: true });

    expect(await getDb().webhookEvent.count({ where: { eventId } })).toBe(1);
    const jobs = await jobsFor('checkout-complete', checkout.id);
    expect(jobs).toHaveLength(1);

    // What the worker does with it, twice (a retried job): one order.
    const data = { checkoutId: checkout.id, paymentIntentId: 'pi_test_1', amountTotal: checkout.totalCents };
    await handleCheckoutComplete(data);
    await handleCheckoutComplete(data);
    await (await getBoss()).deleteJob('checkout-complete', jobs[0]!.id);
    expect(await getDb().order.count({ where: { checkoutId: checkout.id } })).toBe(1);
    await expectStockAccountedFor(productId, 10);
  });

  it('an expiry event releases the reservation', async () => {
    const { buyerId, productId } = await buyerWithCart(3);
    const { checkout } = await startCheckoutOverHttp(buyerId);
    expect(await stockOf(productId)).toBe(7);
    // The session expires at the provider, which sends the event below (the job asks it again).
    await getDb().testPaymentSession.update({ where: { id: checkout.paymentSessionId! }, data: { status: 'expired' } });
    const payload = JSON.stringify({
      id: `evt_${crypto.randomUUID()}`,
      object: 'event',
      type: 'checkout.session.expired',
      data: {
        object: {
          id: checkout.paymentSessionId,
          object: 'checkout.session',
          status: 'expired',
          payment_status: 'unpaid',
          metadata: { checkoutId: checkout.id },
        },
      },
    });
    expect((await server.request('/webhooks/stripe', signedPost(payload))).status).toBe(200);
    const [job] = await jobsFor('checkout-release', checkout.id);
    await handleCheckoutRelease({ checkoutId: checkout.id });
    await (await getBoss()).deleteJob('checkout-release', job!.id);
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkout.id } })).status).toBe('RELEASED');
    expect(await stockOf(productId)).toBe(10);
  });

  it('keeps events it does not act on, and answers 200', async () => {
    const payload = JSON.stringify({ id: `evt_${crypto.randomUUID()}`, object: 'event', type: 'customer.created', data: { object: { id: 'cus_1' } } });
    const response = await server.request('/webhooks/stripe', signedPost(payload));
    expect(response.status).toBe(200);
  });
});

describe('checking out without JavaScript', () => {
  it('goes from the cart to the test payment page, pays, and lands on the order', async () => {
    const { buyerId, productId, cookie } = await buyerWithCart(2);
    const { location, checkout } = await startCheckoutOverHttp(buyerId);
    expect(location).toMatch(new RegExp(`^${server.origin}/test-payments/cs_test_`));
    const paymentPath = new URL(location).pathname;

    const page = await server.request(paymentPath);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Pay $51.00');
    expect(html).toContain('4242 4242 4242 4242');

    const declined = await server.request(paymentPath, formPost({ intent: 'pay', card: '4000 0000 0000 0002' }));
    expect(declined.status).toBe(402);
    const paid = await server.request(paymentPath, formPost({ intent: 'pay', card: '4242 4242 4242 4242' }));
    expect(paid.status).toBe(303);
    const successUrl = new URL(paid.headers.get('location')!);
    expect(successUrl.pathname).toBe('/checkout/success');
    expect(successUrl.searchParams.get('session_id')).toBe(checkout.paymentSessionId);

    // The signed event reached the webhook before the redirect: stored, with its job.
    expect(await jobsFor('checkout-complete', checkout.id)).toHaveLength(1);
    // The return page completes the paid checkout itself, without waiting for the worker.
    const settling = await server.request(`${successUrl.pathname}${successUrl.search}`, { headers: { Cookie: cookie } });
    // The request that settled it loads the page again, so that the header counts come after it.
    expect(settling).toRedirectTo(`${successUrl.pathname}${successUrl.search}`, 303);
    const success = await server.request(`${successUrl.pathname}${successUrl.search}`, { headers: { Cookie: cookie } });
    expect(success.status).toBe(200);
    const successHtml = await success.text();
    expect(successHtml).toContain('Thank you for your order');
    expect(successHtml).toContain('$51.00');
    const order = await getDb().order.findUniqueOrThrow({ where: { checkoutId: checkout.id } });
    expect(successHtml).toContain(`/orders/${order.id}`);
    expect(order.buyerId).toBe(buyerId);
    // Paying twice is impossible.
    expect((await server.request(paymentPath, formPost({ intent: 'pay', card: '4242424242424242' }))).status).toBe(409);
    await expectStockAccountedFor(productId, 10);

    // The payment page's cancel link, opened again afterwards (Back, another tab), says it was paid.
    const cancelPage = await server.request(`/checkout/cancel?checkout_id=${checkout.id}`, { headers: { Cookie: cookie } });
    expect(cancelPage.status).toBe(200);
    const cancelHtml = await cancelPage.text();
    expect(cancelHtml).toContain('This checkout is already paid');
    expect(cancelHtml).toContain(`/orders/${order.id}`);
    expect(cancelHtml).not.toContain('Nothing was charged');
    // And its cancel form, posted from a tab still showing it, leads to the order.
    const lateCancel = await server.request('/checkout/cancel', formPost({ intent: 'cancel', checkoutId: checkout.id }, cookie));
    expect(lateCancel).toRedirectTo(`/orders/${order.id}`, 303);
    expect(lateCancel).toHaveFlash('That checkout was already paid, so it could not be cancelled: here is its order.');
    await expectStockAccountedFor(productId, 10);
  });

  it('sends refusals back to the cart with the reasons', async () => {
    const { id: buyerId } = await createUser();
    const cookie = await sessionCookie(buyerId);
    const response = await server.request('/checkout', formPost({}, cookie));
    expect(response).toRedirectTo('/cart', 303);
    expect(response.headers.getSetCookie().some((value) => value.startsWith('__flash='))).toBe(true);
    const signedOut = await server.request('/checkout', formPost({}));
    expect(signedOut.headers.get('location')).toMatch(/^\/sign-in\?redirectTo=/);
  });

  it("coming back by the payment page's cancel link cancels at once and says what came back; coming back again changes nothing", async () => {
    const { buyerId, productId, cookie } = await buyerWithCart(4);
    const { location, checkout } = await startCheckoutOverHttp(buyerId);
    expect(await stockOf(productId)).toBe(6);
    expect(await balanceOf(buyerId)).toBe(BigInt(STARTING_BALANCE_CENTS - 102_00));
    const said = 'Nothing was charged: $102.00 is back in your balance and 4 units are back in stock.';
    for (let visit = 0; visit < 2; visit++) {
      const cancelPage = await server.request(`/checkout/cancel?checkout_id=${checkout.id}`, { headers: { Cookie: cookie } });
      expect(cancelPage.status).toBe(200);
      const html = await cancelPage.text();
      expect(html).toContain(said);
      expect(html).not.toContain('still reserved');
      expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkout.id } })).status).toBe('RELEASED');
      expect(await stockOf(productId)).toBe(10);
      expect(await balanceOf(buyerId)).toBe(BigInt(STARTING_BALANCE_CENTS));
      expect(await getDb().ledgerEntry.count({ where: { checkoutId: checkout.id, kind: 'RELEASE' } })).toBe(1);
    }
    // The payment page was closed first: it can no longer be paid.
    const closed = await server.request(new URL(location).pathname, formPost({ intent: 'pay', card: '4242424242424242' }));
    expect(closed.status).toBe(409);
    // Nothing is pending any more: the cart offers no checkout to resume, and its line is buyable again.
    const cart = await (await server.request('/cart', { headers: { Cookie: cookie } })).text();
    expect(cart).not.toContain('You have a checkout in progress');
    expect(cart).not.toContain('out of stock');
    // A cancel form left open in another tab says it is already closed.
    const again = await server.request('/checkout/cancel', formPost({ intent: 'cancel', checkoutId: checkout.id }, cookie));
    expect(again.headers.get('location')).toBe('/cart');
    expect(again).toHaveFlash('That checkout is already closed. Nothing was charged by cancelling it.');
    expect(await stockOf(productId)).toBe(10);
    // Garbage never reaches a 500.
    expect((await server.request('/checkout/cancel', formPost({ intent: 'cancel', checkoutId: 'nope' }, cookie))).status).toBe(400);
  });

  it("cancels nobody else's checkout from the cancel link", async () => {
    const { buyerId, productId, cookie } = await buyerWithCart(4);
    const { checkout } = await startCheckoutOverHttp(buyerId);
    // A checkout that is not the buyer's, or none at all, has no cancel page, and stays reserved.
    const stranger = await sessionCookie((await createUser()).id);
    for (const [id, asWhom] of [
      [checkout.id, stranger],
      ['nope', cookie],
      [crypto.randomUUID(), cookie],
    ] as const) {
      expect((await server.request(`/checkout/cancel?checkout_id=${id}`, { headers: { Cookie: asWhom } })).status).toBe(404);
    }
    for (const [id, asWhom] of [
      [checkout.id, stranger],
      [crypto.randomUUID(), cookie],
    ] as const) {
      expect((await server.request('/checkout/cancel', formPost({ intent: 'cancel', checkoutId: id }, asWhom))).status).toBe(404);
    }
    expect((await server.request(`/checkout/cancel?checkout_id=${checkout.id}`)).status).toBe(302);
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkout.id } })).status).toBe('PENDING');
    expect(await stockOf(productId)).toBe(6);
  });

  it('the cancel page of a checkout paid after it had closed says the payment is refunded', async () => {
    const { buyerId, cookie } = await buyerWithCart(1);
    const { checkout } = await startCheckoutOverHttp(buyerId);
    // Released, then marked as compensation leaves it (the saga's own tests cover how it gets there).
    await releaseCheckout(checkout.id);
    // In the order the saga moves: a failed refund first, then the refund that went through.
    for (const [status, text] of [
      ['REFUND_FAILED', 'has not gone through yet'],
      ['REFUNDED', 'refunded in full'],
    ] as const) {
      await getDb().checkout.update({ where: { id: checkout.id }, data: { status } });
      const html = await (await server.request(`/checkout/cancel?checkout_id=${checkout.id}`, { headers: { Cookie: cookie } })).text();
      expect(html).toContain(text);
      expect(html).not.toContain('Nothing was charged');
      expect(html).not.toContain('Cancel checkout');
      const lateCancel = await server.request('/checkout/cancel', formPost({ intent: 'cancel', checkoutId: checkout.id }, cookie));
      expect(flashOf(lateCancel)?.message).toContain(text);
      expect(flashOf(lateCancel)?.message).not.toContain('Nothing was charged');
    }
  });

  it('lets the buyer go back to a pending checkout from the cart, or cancel it there', async () => {
    const { buyerId, cookie } = await buyerWithCart(1);
    const { location, checkout } = await startCheckoutOverHttp(buyerId);
    const cart = await (await server.request('/cart', { headers: { Cookie: cookie } })).text();
    expect(cart).toContain('You have a checkout in progress');
    expect(cart).toContain('href="/checkout/continue"');
    expect(cart).toMatch(/href="\/checkout\/continue"[^>]*>Resume payment</);
    expect(cart).toMatch(/<button type="submit"[^>]*>Cancel checkout</);
    expect(cart).toContain(`value="${checkout.id}"`);
    const back = await server.request('/checkout/continue', { headers: { Cookie: cookie } });
    expect(back).toRedirectTo(location, 303);

    const cancelled = await server.request('/checkout/cancel', formPost({ intent: 'cancel', checkoutId: checkout.id }, cookie));
    expect(cancelled.headers.get('location')).toBe('/cart');
    expect(cancelled).toHaveFlash('Checkout cancelled. Nothing was charged: $25.50 is back in your balance and 1 unit is back in stock.');
    const closed = await server.request('/checkout/continue', { headers: { Cookie: cookie } });
    expect(closed.headers.get('location')).toBe('/cart');
    expect(await (await server.request('/cart', { headers: { Cookie: cookie } })).text()).not.toContain('You have a checkout in progress');
  });

  it("does not let the buyer's own reservation make their cart look short: checking out again replaces it", async () => {
    const { buyerId, productId, cookie } = await buyerWithCart(3, 3);
    const { checkout } = await startCheckoutOverHttp(buyerId);
    expect(await stockOf(productId)).toBe(0);
    const cart = await (await server.request('/cart', { headers: { Cookie: cookie } })).text();
    expect(cart).toContain('You have a checkout in progress');
    expect(cart).not.toContain('out of stock');
    expect(cart).not.toContain('Fix the lines marked above');
    expect(cart).toMatch(/<button type="submit" class="[^"]*">Check out</);
    const again = await startCheckoutOverHttp(buyerId);
    expect(again.checkout.id).not.toBe(checkout.id);
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: checkout.id } })).status).toBe('RELEASED');
    expect(await stockOf(productId)).toBe(0);
  });

  it('shows "processing" (refreshing itself) while the payment is not confirmed', async () => {
    const { buyerId, cookie } = await buyerWithCart(1);
    const { checkout } = await startCheckoutOverHttp(buyerId);
    const html = await (await server.request(`/checkout/success?session_id=${checkout.paymentSessionId}`, { headers: { Cookie: cookie } })).text();
    expect(html).toContain('Processing your payment');
    expect(html).toMatch(/<meta http-equiv="refresh" content="2"/);
    // "Refresh now" loads this very address again, its session_id included.
    expect(html).toContain(
      `<a href="/checkout/success?session_id=${checkout.paymentSessionId}" class="text-brand-700 underline dark:text-brand-500">Refresh now</a>`,
    );
    const stranger = await sessionCookie((await createUser()).id);
    expect((await server.request(`/checkout/success?session_id=${checkout.paymentSessionId}`, { headers: { Cookie: stranger } })).status).toBe(404);
  });
});

describe('the test payment provider', () => {
  it('has no page for an unknown session', async () => {
    expect((await server.request('/test-payments/cs_test_nope')).status).toBe(404);
  });
});
