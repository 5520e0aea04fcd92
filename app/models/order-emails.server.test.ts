// The order emails end to end: real orders from the checkout saga, the real send-email worker,
// nodemailer, and a real SMTP server in this process that parses what it receives.
import type { ParsedMail } from 'mailparser';
import { describe, expect, it, vi } from 'vitest';
import { createProduct, createSeller, createUser } from '../../test/factories.ts';
import { useScratchDatabase } from '../../test/database-hooks.ts';
import { useMailDelivery } from '../../test/mail-delivery.ts';
import { paidCheckout, placeOrder } from '../../test/orders.ts';
import { getDb } from '~/utils/db.server.ts';
import { getBoss } from '~/utils/jobs.server.ts';
import { deliverEmails } from '~/utils/mail.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { compensateCheckout } from './checkout/complete.server.ts';
import { queueOrderEmails, renderOrderConfirmation, renderSaleNotice } from './order-emails.server.ts';

const APP_URL = 'https://shop.reen.test:8443';

// A database of its own: other test files queue emails into the shared one, and this file's
// worker must neither deliver theirs nor wait behind them.
useScratchDatabase();
const smtp = useMailDelivery({ from: 'REEN Shop <orders@reen.test>', appUrl: APP_URL });

async function emailOf(userId: string) {
  return (await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })).email!;
}

/** Waits until the worker has marked every message of these rows sent. */
async function waitUntilAllSent(where: { orderId?: string; userId?: string }, count: number) {
  return vi.waitFor(
    async () => {
      const rows = await getDb().emailMessage.findMany({ where });
      expect(rows).toHaveLength(count);
      expect(rows.every((row) => row.sentAt !== null)).toBe(true);
      return rows;
    },
    { timeout: 30_000, interval: 100 },
  );
}

/** Two sellers, and a buyer whose order holds lines of both; names with characters HTML must escape. */
async function twoSellerOrder() {
  const [{ id: adaId }, { id: graceId }] = await Promise.all([createSeller('Ada <Seller> Lovelace'), createSeller('Grace Hopper')]);
  const [{ id: mug }, { id: cap }, { id: book }] = await Promise.all([
    createProduct({ ownerId: adaId, priceCents: 15_00, stock: 10, name: 'Mug & <Cup>' }),
    createProduct({ ownerId: adaId, priceCents: 9_99, stock: 10, name: 'Cap "Deluxe"' }),
    createProduct({ ownerId: graceId, priceCents: 1_234_56, stock: 10, name: 'COBOL Book' }),
  ]);
  const { id: buyerId } = await createUser({ name: `Ann "O'Hara" <script>` });
  const orderId = await placeOrder(buyerId, [
    { productId: mug, quantity: 2 },
    { productId: cap, quantity: 1 },
    { productId: book, quantity: 3 },
  ]);
  return { adaId, graceId, buyerId, orderId, products: { mug, cap, book } };
}

function expectPlainAndHtml(mail: ParsedMail) {
  expect(mail.html).toBeTruthy();
  expect(mail.text).toBeTruthy();
  expect(mail.from).toMatchObject({ value: [{ address: 'orders@reen.test', name: 'REEN Shop' }] });
}

describe('order emails', () => {
  it('tells the buyer what they bought and each seller only what they sold', async () => {
    const { adaId, graceId, buyerId, orderId, products } = await twoSellerOrder();
    const rows = await waitUntilAllSent({ orderId }, 3);
    const [buyerEmail, adaEmail, graceEmail] = await Promise.all([emailOf(buyerId), emailOf(adaId), emailOf(graceId)]);

    const [confirmation, ...moreToBuyer] = smtp.receivedBy(buyerEmail);
    expect(moreToBuyer).toHaveLength(0);
    expectPlainAndHtml(confirmation!);
    expect(confirmation!.subject).toBe('You made a purchase!');
    expect(confirmation!.to).toMatchObject({ value: [{ address: buyerEmail, name: `Ann "O'Hara" <script>` }] });
    expect(confirmation!.text).toContain('Hi Ann,');
    expect(confirmation!.text).toContain('- Mug & <Cup>: 2 x $15.00 = $30.00');
    expect(confirmation!.text).toContain('- Cap "Deluxe": 1 x $9.99 = $9.99');
    expect(confirmation!.text).toContain('- COBOL Book: 3 x $1,234.56 = $3,703.68');
    expect(confirmation!.text).toContain('Total: $3,743.67');
    expect(confirmation!.text).toContain(`View your order: ${APP_URL}/orders/${orderId}`);
    expect(confirmation!.html).toContain(`href="${APP_URL}/orders/${orderId}"`);
    expect(confirmation!.html).toContain(`href="${APP_URL}/products/${products.mug}"`);
    expect(confirmation!.html).toContain('Mug &#38; &#60;Cup&#62;');
    expect(confirmation!.html).toContain('$3,743.67');
    expect(confirmation!.html).not.toContain('<Cup>');
    expect(confirmation!.html).not.toContain('<script>');

    const [adaNotice, ...moreToAda] = smtp.receivedBy(adaEmail);
    expect(moreToAda).toHaveLength(0);
    expectPlainAndHtml(adaNotice!);
    expect(adaNotice!.subject).toBe('You made a sale!');
    expect(adaNotice!.to).toMatchObject({ value: [{ address: adaEmail, name: 'Ada <Seller> Lovelace' }] });
    expect(adaNotice!.text).toContain(`Ann "O'Hara" <script> just bought the following items from you`);
    expect(adaNotice!.text).toContain('- Mug & <Cup>: 2 x $15.00 = $30.00');
    expect(adaNotice!.text).toContain('- Cap "Deluxe": 1 x $9.99 = $9.99');
    expect(adaNotice!.text).toContain('Total: $39.99');
    expect(adaNotice!.text).not.toContain('COBOL');
    expect(adaNotice!.text).toContain(`${APP_URL}/sales`);
    expect(adaNotice!.html).toContain('Ann &#34;O&#39;Hara&#34; &#60;script&#62;');
    expect(adaNotice!.html).not.toContain('COBOL');

    const [graceNotice, ...moreToGrace] = smtp.receivedBy(graceEmail);
    expect(moreToGrace).toHaveLength(0);
    expect(graceNotice!.subject).toBe('You made a sale!');
    expect(graceNotice!.text).toContain('- COBOL Book: 3 x $1,234.56 = $3,703.68');
    expect(graceNotice!.text).toContain('Total: $3,703.68');
    expect(graceNotice!.text).not.toContain('Mug');

    // One record per (kind, order, recipient), each with the Message-ID the message went out with.
    expect(rows.map((row) => row.dedupeKey).sort()).toEqual(
      [`order-confirmation:${orderId}:${buyerId}`, `sale-notice:${orderId}:${adaId}`, `sale-notice:${orderId}:${graceId}`].sort(),
    );
    const sent = new Map(rows.map((row) => [row.toAddress, row.messageId]));
    expect(confirmation!.messageId).toBe(sent.get(buyerEmail));
    expect(adaNotice!.messageId).toBe(sent.get(adaEmail));
    expect(graceNotice!.messageId).toBe(sent.get(graceEmail));

    // Queued again (a retried saga step) or delivered again (a retried job): nothing new goes out.
    const order = await getDb().order.findUniqueOrThrow({
      where: { id: orderId },
      select: {
        id: true,
        buyerId: true,
        totalCents: true,
        items: { select: { productId: true, productName: true, quantity: true, unitPriceCents: true, sellerId: true } },
      },
    });
    const people = await getDb().user.findMany({ where: { id: { in: [buyerId, adaId, graceId] } }, select: { id: true, name: true, email: true } });
    await serializable((tx) => queueOrderEmails(tx, order, people));
    await deliverEmails(rows.map((row) => row.id));
    expect(await getDb().emailMessage.count({ where: { orderId } })).toBe(3);
    expect(smtp.received.filter(({ mail }) => rows.some((row) => row.messageId === mail.messageId))).toHaveLength(3);
  });

  it('keeps the order through an SMTP outage, then delivers each message once when the server is back', async () => {
    const { id: sellerId } = await createSeller();
    const { id: buyerId } = await createUser();
    const [buyerEmail, sellerEmail] = await Promise.all([emailOf(buyerId), emailOf(sellerId)]);
    smtp.unavailable.add(buyerEmail);
    smtp.unavailable.add(sellerEmail);

    const orderId = await placeOrder(buyerId, [{ productId: (await createProduct({ ownerId: sellerId, priceCents: 3_00, stock: 5 })).id, quantity: 1 }]);
    // The server refuses both, more than once, and the order stands meanwhile, its messages unsent.
    await vi.waitFor(
      () => {
        expect(smtp.refused.filter((address) => address === buyerEmail).length).toBeGreaterThanOrEqual(2);
        expect(smtp.refused.filter((address) => address === sellerEmail).length).toBeGreaterThanOrEqual(2);
      },
      { timeout: 20_000, interval: 100 },
    );
    const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId }, select: { checkout: { select: { status: true } } } });
    expect(order.checkout.status).toBe('COMPLETED');
    expect(await getDb().emailMessage.count({ where: { orderId, sentAt: { not: null } } })).toBe(0);

    smtp.unavailable.delete(buyerEmail);
    smtp.unavailable.delete(sellerEmail);
    const rows = await waitUntilAllSent({ orderId }, 2);
    // One job carries both messages.
    const job = await vi.waitFor(
      async () => {
        const boss = await getBoss();
        const found = await boss.findJobs<{ emailIds: string[] }>('send-email', { data: { emailIds: rows.map((row) => row.id) } });
        expect(found.map((job) => job.state)).toEqual(['completed']);
        return found[0]!;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(job.retryCount).toBeGreaterThanOrEqual(2);
    expect(smtp.receivedBy(buyerEmail).map((mail) => mail.subject)).toEqual(['You made a purchase!']);
    expect(smtp.receivedBy(sellerEmail).map((mail) => mail.subject)).toEqual(['You made a sale!']);
  });

  it('tells the buyer when a paid checkout is compensated and refunded', async () => {
    const { id: sellerId } = await createSeller();
    const { id: buyerId } = await createUser({ name: 'Rita Refund' });
    const { id: productId } = await createProduct({ ownerId: sellerId, priceCents: 42_00, stock: 5, name: 'Rare <thing>' });
    const payment = await paidCheckout(buyerId, [{ productId, quantity: 2 }]);

    expect(await compensateCheckout(payment)).toBe('refunded');
    expect(await compensateCheckout(payment)).toBe('refunded');
    const [row] = await waitUntilAllSent({ userId: buyerId }, 1);
    expect(row!.dedupeKey).toBe(`refund-notice:${payment.checkoutId}:${buyerId}`);

    const [notice, ...more] = smtp.receivedBy(await emailOf(buyerId));
    expect(more).toHaveLength(0);
    expectPlainAndHtml(notice!);
    expect(notice!.subject).toBe('Your payment was refunded');
    expect(notice!.text).toContain('Hi Rita,');
    expect(notice!.text).toContain('your payment has been refunded in full');
    expect(notice!.text).toContain('- Rare <thing>: 2 x $42.00 = $84.00');
    expect(notice!.text).toContain('Total: $84.00');
    expect(notice!.html).toContain('Rare &#60;thing&#62;');
    // The seller sold nothing, so hears nothing.
    expect(smtp.receivedBy(await emailOf(sellerId))).toHaveLength(0);
  });
});

describe('the letters themselves', () => {
  const longWord = 'W'.repeat(100);
  const lines = [{ productId: null, productName: longWord, quantity: 1, unitPriceCents: 199_999 }];

  it('come from a no-reply address, so they say where to look instead of inviting a reply', () => {
    for (const letter of [
      renderOrderConfirmation({ orderId: '0b7e6a4c-1111-4222-8333-944445555666', buyer: { name: longWord }, lines, totalCents: 199_999 }),
      renderSaleNotice({ orderId: '0b7e6a4c-1111-4222-8333-944445555666', seller: { name: 'Grace Hopper' }, buyer: { name: longWord }, lines }),
    ]) {
      expect(letter.text).not.toMatch(/reply to this/i);
      expect(letter.html).not.toMatch(/reply to this/i);
      expect(letter.text).toMatch(/does not receive replies.*\/profile/);
    }
  });

  it('let a long unbroken name break instead of widening the letter', () => {
    const { html } = renderOrderConfirmation({ orderId: '0b7e6a4c-1111-4222-8333-944445555666', buyer: { name: longWord }, lines, totalCents: 199_999 });
    expect(html).toMatch(/<body style="[^"]*overflow-wrap:anywhere/);
    expect(html).toMatch(new RegExp(`<td style="[^"]*overflow-wrap:anywhere[^"]*">${longWord}</td>`));
    expect(html).not.toContain('min-width:360px');
  });
});
