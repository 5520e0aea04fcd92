// The emails a checkout causes: the buyer's order confirmation, one notice per seller with only
// their lines, and the buyer's refund notice. Queued in the transaction that settles the checkout,
// one message per (kind, order or checkout, recipient), so a retried job never queues a second one.
import { env } from '~/utils/env.server.ts';
import { queueEmail } from '~/utils/mail.server.ts';
import { formatMoney } from '~/utils/money.ts';
import type { Tx } from '~/utils/transaction.server.ts';

type Line = { productName: string; quantity: number; unitPriceCents: number };

/** Absolute links: emails are read outside the app. */
function appUrl(pathname: string): string {
  const base = env().APP_URL ?? `http://localhost:${env().PORT}`;
  return new URL(pathname, base).toString();
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function linesTable(lines: Line[], totalCents: number) {
  const rows = lines
    .map(
      (line) =>
        `<tr><td style="padding:4px 8px">${escapeHtml(line.productName)}</td><td style="padding:4px 8px;text-align:right">${line.quantity}</td>` +
        `<td style="padding:4px 8px;text-align:right">${formatMoney(line.unitPriceCents)}</td><td style="padding:4px 8px;text-align:right">${formatMoney(line.unitPriceCents * line.quantity)}</td></tr>`,
    )
    .join('');
  const html =
    `<table style="border-collapse:collapse"><thead><tr><th style="padding:4px 8px;text-align:left">Product</th><th style="padding:4px 8px">Qty</th><th style="padding:4px 8px">Unit price</th><th style="padding:4px 8px">Subtotal</th></tr></thead>` +
    `<tbody>${rows}</tbody><tfoot><tr><td colspan="3" style="padding:4px 8px;text-align:right"><strong>Total</strong></td><td style="padding:4px 8px;text-align:right"><strong>${formatMoney(totalCents)}</strong></td></tr></tfoot></table>`;
  const text = [
    ...lines.map((line) => `- ${line.productName}: ${line.quantity} x ${formatMoney(line.unitPriceCents)} = ${formatMoney(line.unitPriceCents * line.quantity)}`),
    `Total: ${formatMoney(totalCents)}`,
  ].join('\n');
  return { html, text };
}

function page(body: string) {
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#18181b">${body}<p style="color:#71717a;font-size:12px">REEN, a marketplace with a virtual economy. No real money changes hands.</p></body></html>`;
}

export async function queueOrderEmails(tx: Tx, orderId: string) {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      id: true,
      totalCents: true,
      buyer: { select: { id: true, name: true, email: true } },
      items: { select: { productName: true, quantity: true, unitPriceCents: true, sellerId: true } },
    },
  });
  const link = appUrl(`/orders/${order.id}`);
  const shortId = order.id.slice(0, 8);

  if (order.buyer.email) {
    const table = linesTable(order.items, order.totalCents);
    await queueEmail(tx, {
      kind: 'order-confirmation',
      dedupeKey: `order-confirmation:${order.id}:${order.buyer.id}`,
      to: order.buyer.email,
      toName: order.buyer.name,
      subject: `Your REEN order ${shortId}: ${formatMoney(order.totalCents)}`,
      html: page(`<p>Hi ${escapeHtml(order.buyer.name)},</p><p>Thank you for your order. Here is what you bought:</p>${table.html}<p><a href="${link}">See your order</a></p>`),
      text: `Hi ${order.buyer.name},\n\nThank you for your order. Here is what you bought:\n\n${table.text}\n\nSee your order: ${link}\n`,
      userId: order.buyer.id,
      orderId: order.id,
    });
  }

  const sellerIds = [...new Set(order.items.map((item) => item.sellerId))];
  const sellers = await tx.user.findMany({ where: { id: { in: sellerIds } }, select: { id: true, name: true, email: true } });
  for (const seller of sellers) {
    if (!seller.email) continue;
    const lines = order.items.filter((item) => item.sellerId === seller.id);
    const totalCents = lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
    const table = linesTable(lines, totalCents);
    const salesLink = appUrl('/sales');
    await queueEmail(tx, {
      kind: 'sale-notice',
      dedupeKey: `sale-notice:${order.id}:${seller.id}`,
      to: seller.email,
      toName: seller.name,
      subject: `You sold ${formatMoney(totalCents)} to ${order.buyer.name}`,
      html: page(`<p>Hi ${escapeHtml(seller.name)},</p><p>${escapeHtml(order.buyer.name)} bought from you (order ${shortId}):</p>${table.html}<p><a href="${salesLink}">See your sales</a></p>`),
      text: `Hi ${seller.name},\n\n${order.buyer.name} bought from you (order ${shortId}):\n\n${table.text}\n\nSee your sales: ${salesLink}\n`,
      userId: seller.id,
      orderId: order.id,
    });
  }
}

export async function queueRefundEmail(tx: Tx, checkoutId: string) {
  const checkout = await tx.checkout.findUniqueOrThrow({
    where: { id: checkoutId },
    select: { id: true, totalCents: true, buyer: { select: { id: true, name: true, email: true } }, lines: { select: { productName: true, quantity: true, unitPriceCents: true } } },
  });
  if (!checkout.buyer.email) return;
  const table = linesTable(checkout.lines, checkout.totalCents);
  const explanation = 'We could not complete your purchase, so nothing was bought: your payment has been refunded in full and the money we held is back in your REEN balance.';
  await queueEmail(tx, {
    kind: 'refund-notice',
    dedupeKey: `refund-notice:${checkout.id}:${checkout.buyer.id}`,
    to: checkout.buyer.email,
    toName: checkout.buyer.name,
    subject: `Your REEN payment of ${formatMoney(checkout.totalCents)} was refunded`,
    html: page(`<p>Hi ${escapeHtml(checkout.buyer.name)},</p><p>${explanation}</p>${table.html}<p><a href="${appUrl('/products')}">Back to the shop</a></p>`),
    text: `Hi ${checkout.buyer.name},\n\n${explanation}\n\n${table.text}\n\nBack to the shop: ${appUrl('/products')}\n`,
    userId: checkout.buyer.id,
  });
}
