// axe-core on every kind of email the shop sends, each as a document of its own, the way a mail
// client opens it: the HTML the app stored for the message (the dev mailbox shows it in a sandboxed
// iframe, which the scan of that page does not look into), loaded into a page of its own. Same
// standard as the pages: no violation at any impact level. The order confirmation and the sale
// notice come from a real purchase; the refund notice from a payment that arrives for a released
// checkout. Runs with JavaScript only (project js-on): axe runs
// inside the page.
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test.ts';
import type { APIRequestContext, Page } from '@playwright/test';
import Stripe from 'stripe';
import { expectAccessibleDocument } from './support/axe.ts';
import { E2E_WEBHOOK_SECRET } from './support/playwright-shared.ts';
import { addToCart, becomeAdmin, checkOut, listProduct, newPage, open, productOfOwnSeller, signUp } from './fixtures.ts';

/** The HTML part of the dev mailbox's message to `address` with this subject, as the app stored it for sending. */
async function emailHtml(page: Page, javaScriptEnabled: boolean, address: string, subject: string) {
  await open(page, '/dev/mail', javaScriptEnabled);
  await page.getByTestId('dev-mail-row').filter({ hasText: address }).getByRole('link', { name: subject, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  const html = await page.getByTitle('HTML part').getAttribute('srcdoc');
  expect(html).toMatch(/^<!doctype html>/i);
  return html!;
}

/** The email as its own document, in a new tab of the same browser. */
async function openEmail(page: Page, html: string) {
  const email = await page.context().newPage();
  await email.setContent(html);
  return email;
}

/**
 * Stripe's "checkout.session.completed" for the session, reporting a payment of `amountTotal` cents,
 * signed as Stripe signs, to the app's webhook.
 */
async function sendSessionPaid(request: APIRequestContext, sessionId: string, checkoutId: string, amountTotal: number) {
  const payload = JSON.stringify({
    id: `evt_e2e_${randomUUID().replaceAll('-', '')}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: sessionId,
        object: 'checkout.session',
        status: 'complete',
        payment_status: 'paid',
        payment_intent: `pi_e2e_${randomUUID().replaceAll('-', '')}`,
        amount_total: amountTotal,
        client_reference_id: checkoutId,
        metadata: { checkoutId },
      },
    },
  });
  const response = await request.post('/webhooks/stripe', {
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: E2E_WEBHOOK_SECRET }) },
    data: payload,
  });
  expect(await response.json()).toEqual({ received: true, duplicate: false });
}

test("a purchase's order confirmation and sale notice", async ({ page, browser, javaScriptEnabled }) => {
  test.slow(); // two people, an upgrade, a listing, a purchase and two emails
  const sellerPage = await newPage(browser);
  const seller = await signUp(sellerPage, javaScriptEnabled, 'Email seller');
  await becomeAdmin(sellerPage, javaScriptEnabled);
  const productName = `Email e2e ${randomUUID().slice(0, 8)}`;
  const productId = await listProduct(sellerPage, javaScriptEnabled, { name: productName, price: '3.50', quantity: '4' });

  const buyer = await signUp(page, javaScriptEnabled, 'Email buyer');
  await addToCart(page, javaScriptEnabled, productId);
  await checkOut(page, javaScriptEnabled);
  await page.getByRole('button', { name: 'Pay $3.50' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thank you for your order' })).toBeVisible();

  const confirmation = await openEmail(page, await emailHtml(page, javaScriptEnabled, buyer.email, 'You made a purchase!'));
  await expect(confirmation.getByRole('link', { name: 'View your order' })).toBeVisible();
  await expectAccessibleDocument(confirmation, 'order confirmation email');
  // The lines are a data table: each row and header is read as one.
  await expect(confirmation.getByRole('row', { name: new RegExp(`^${productName} 1 \\$3\\.50 \\$3\\.50$`) })).toBeVisible();
  await expect(confirmation.getByRole('rowheader', { name: 'Total' })).toBeVisible();

  // The dev mailbox shows each person only their own mail: the seller reads the notice.
  const notice = await openEmail(sellerPage, await emailHtml(sellerPage, javaScriptEnabled, seller.email, 'You made a sale!'));
  await expect(notice.locator('body')).toContainText(`${buyer.name} just bought the following items from you`);
  await expect(notice.getByRole('link', { name: productName })).toBeVisible();
  await expectAccessibleDocument(notice, 'sale notice email');
  await expect(notice.getByRole('columnheader', { name: 'Price Each' })).toBeVisible();
  await sellerPage.context().close();
});

test('the refund notice of a payment that arrives after its checkout was released', async ({ page, browser, request, javaScriptEnabled }) => {
  test.slow(); // a seller, a checkout released and then paid, a refund by two jobs, and an email
  const productName = `Email refund e2e ${randomUUID().slice(0, 8)}`;
  const productId = await productOfOwnSeller(browser, { name: productName, price: '6.00', quantity: '2' });
  const buyer = await signUp(page, javaScriptEnabled, 'Email refund buyer');
  await addToCart(page, javaScriptEnabled, productId);
  const sessionId = await checkOut(page, javaScriptEnabled);
  const cancelHref = await page.getByRole('main').getByRole('link', { name: 'Cancel', exact: true }).getAttribute('href');
  const checkoutId = new URL(cancelHref!, page.url()).searchParams.get('checkout_id')!;
  const returnPage = `/checkout/success?session_id=${sessionId}`;
  /** What the return page says of the checkout now. */
  const checkoutStatus = async () => {
    await open(page, returnPage, javaScriptEnabled);
    return page.getByTestId('checkout-status').textContent();
  };

  // The provider reports a payment of another amount than the checkout's total: a job releases the
  // checkout at once (a paid session is otherwise always completed) and queues the refund. Each
  // step below waits for a job of the worker, on a machine that may be busy.
  await sendSessionPaid(request, sessionId, checkoutId, 6_01);
  await expect.poll(checkoutStatus, { timeout: 20_000 }).toMatch(/^It was cancelled or expired before it was paid/);
  // The first refund ended at once: the provider had captured nothing. The payment then goes through
  // on the payment page: it arrives for a released checkout, whose new compensation refunds it in full
  // and queues the email.
  await open(page, `/test-payments/${sessionId}`, javaScriptEnabled);
  await page.getByRole('button', { name: 'Pay $6.00' }).click();
  await expect(page).toHaveURL(returnPage);
  await expect.poll(checkoutStatus, { timeout: 40_000 }).toMatch(/your payment was refunded in full/);

  const refund = await openEmail(page, await emailHtml(page, javaScriptEnabled, buyer.email, 'Your payment was refunded'));
  await expect(refund.locator('body')).toContainText('your payment has been refunded in full');
  await expect(refund.getByRole('link', { name: productName })).toBeVisible();
  await expectAccessibleDocument(refund, 'refund notice email');
  await expect(refund.getByRole('row', { name: new RegExp(`^${productName} 1 \\$6\\.00 \\$6\\.00$`) })).toBeVisible();
});
