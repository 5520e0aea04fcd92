// The emails a checkout causes (docs/product-rules.md, section 9): the buyer's order confirmation, one notice
// per seller with only their lines, and the buyer's refund notice. Queued in the transaction that
// settles the checkout, one message per (kind, order or checkout, recipient) through its dedupe
// key, so a retried job never queues a second one. Each has an HTML part and a plain-text part;
// every piece of user text is escaped in the HTML, and links are absolute (from APP_URL), since
// emails are read outside the app.
import { env } from '~/utils/env.server.ts';
import { queueEmail, queueEmails, type OutgoingEmail } from '~/utils/mail.server.ts';
import { formatMoney, linesTotalCents } from '~/utils/money.ts';
import { orderNumber } from '~/utils/order-number.ts';
import type { Tx } from '~/utils/transaction.server.ts';

export type EmailLine = { productId: string | null; productName: string; quantity: number; unitPriceCents: number };
type Person = { name: string };
type Rendered = { subject: string; html: string; text: string };

function appUrl(pathname: string): string {
  const base = env().APP_URL ?? `http://localhost:${env().PORT}`;
  return new URL(pathname, base).toString();
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** "Ada" of "Ada Lovelace", as the original greets people. */
function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || name;
}

const cell = 'padding:6px 10px;border-bottom:1px solid #e4e4e7';
/** A product's name may be one long word: it breaks instead of widening the letter past a phone's screen. */
const nameCell = `${cell};word-break:break-word;overflow-wrap:anywhere`;
const number = `${cell};text-align:right;white-space:nowrap`;

/** Product, Qty, Price Each, Subtotal and a Total row, as HTML and as aligned plain text. */
function linesTable(lines: EmailLine[], totalCents: number) {
  const rows = lines
    .map((line) => {
      const name = escapeHtml(line.productName);
      const product = line.productId ? `<a href="${escapeHtml(appUrl(`/products/${line.productId}`))}" style="color:#c2410c">${name}</a>` : name;
      return (
        `<tr><td style="${nameCell}">${product}</td><td style="${number}">${line.quantity}</td>` +
        `<td style="${number}">${formatMoney(line.unitPriceCents)}</td><td style="${number}">${formatMoney(line.unitPriceCents * line.quantity)}</td></tr>`
      );
    })
    .join('');
  const head = ['Product', 'Qty', 'Price Each', 'Subtotal']
    .map((title, index) => `<th scope="col" style="${index === 0 ? cell : number};text-align:${index === 0 ? 'left' : 'right'}">${title}</th>`)
    .join('');
  // A data table (no role="presentation"): screen readers name each cell by its column and the total by its row.
  const html =
    `<table style="border-collapse:collapse;width:100%;font-size:14px"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody>` +
    `<tfoot><tr><th scope="row" colspan="3" style="padding:6px 10px;text-align:right">Total</th><td style="padding:6px 10px;text-align:right;white-space:nowrap"><strong>${formatMoney(totalCents)}</strong></td></tr></tfoot></table>`;
  const text = [
    ...lines.map(
      (line) => `- ${line.productName}: ${line.quantity} x ${formatMoney(line.unitPriceCents)} = ${formatMoney(line.unitPriceCents * line.quantity)}`,
    ),
    `Total: ${formatMoney(totalCents)}`,
  ].join('\n');
  return { html, text };
}

/** Orange-700, as the app's own buttons: white text on it has 5.2:1 (orange-600 had 3.6:1, under 4.5:1). */
function button(href: string, label: string) {
  return `<a href="${escapeHtml(href)}" style="display:inline-block;background:#c2410c;color:#ffffff;text-decoration:none;font-weight:600;padding:10px 16px;border-radius:6px">${escapeHtml(label)}</a>`;
}

/**
 * The letter as a document of its own: the card is the main landmark and the note under it the
 * contentinfo one, as roles on the styled elements (mail clients that do not know <main> or
 * <footer> would drop their styles), and the REEN letterhead is the level-one heading.
 */
function layout(title: string, body: string) {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head>` +
    `<body style="margin:0;padding:24px 12px;background:#fafafa;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#18181b;line-height:1.5;word-break:break-word;overflow-wrap:anywhere">` +
    `<div role="main" style="max-width:600px;margin:0 auto;background:#ffffff;border:1px solid #e4e4e7;border-radius:8px;padding:24px">` +
    `<h1 style="margin:0 0 16px;font-size:20px;font-weight:900;letter-spacing:0.2em;color:#ea580c">REEN</h1>${body}` +
    `<p style="margin-top:24px">${escapeHtml(HELP)} <a href="${escapeHtml(appUrl('/profile'))}" style="color:#c2410c">${escapeHtml(appUrl('/profile'))}</a></p><p>The REEN team</p></div>` +
    `<div role="contentinfo"><p style="max-width:600px;margin:12px auto 0;color:#71717a;font-size:12px">REEN is a marketplace with a virtual economy: no real money changes hands.</p></div></body></html>`
  );
}

/** The letters come from a no-reply address: they say where to look instead of inviting a reply. */
const HELP = 'This address does not receive replies. Your orders, sales and balance are always on your REEN profile:';

function signOff() {
  return `${HELP} ${appUrl('/profile')}\n\nThe REEN team\n`;
}

export function renderOrderConfirmation({
  orderId,
  buyer,
  lines,
  totalCents,
}: {
  orderId: string;
  buyer: Person;
  lines: EmailLine[];
  totalCents: number;
}): Rendered {
  const subject = 'You made a purchase!';
  const orderLink = appUrl(`/orders/${orderId}`);
  const ordersLink = appUrl('/orders');
  const table = linesTable(lines, totalCents);
  const html = layout(
    subject,
    `<p>Hi ${escapeHtml(firstName(buyer.name))},</p>` +
      `<p>Thank you for your purchase! Your order <strong>${orderNumber(orderId)}</strong> has been created. Here is what you bought:</p>${table.html}` +
      `<p style="margin-top:20px">${button(orderLink, 'View your order')}</p>` +
      `<p>All your orders are at <a href="${escapeHtml(ordersLink)}" style="color:#c2410c">${escapeHtml(ordersLink)}</a>.</p>`,
  );
  const text =
    `Hi ${firstName(buyer.name)},\n\nThank you for your purchase! Your order ${orderNumber(orderId)} has been created. Here is what you bought:\n\n${table.text}\n\n` +
    `View your order: ${orderLink}\nAll your orders: ${ordersLink}\n\n${signOff()}`;
  return { subject, html, text };
}

export function renderSaleNotice({ orderId, seller, buyer, lines }: { orderId: string; seller: Person; buyer: Person; lines: EmailLine[] }): Rendered {
  const subject = 'You made a sale!';
  const salesLink = appUrl('/sales');
  const table = linesTable(lines, linesTotalCents(lines));
  const html = layout(
    subject,
    `<p>Hi ${escapeHtml(firstName(seller.name))},</p>` +
      `<p><strong>${escapeHtml(buyer.name)}</strong> just bought the following items from you (order ${orderNumber(orderId)}):</p>${table.html}` +
      `<p style="margin-top:20px">${button(salesLink, 'See your sales')}</p>`,
  );
  const text =
    `Hi ${firstName(seller.name)},\n\n${buyer.name} just bought the following items from you (order ${orderNumber(orderId)}):\n\n${table.text}\n\n` +
    `See your sales: ${salesLink}\n\n${signOff()}`;
  return { subject, html, text };
}

function renderRefundNotice({ buyer, lines, totalCents }: { buyer: Person; lines: EmailLine[]; totalCents: number }): Rendered {
  const subject = 'Your payment was refunded';
  const shopLink = appUrl('/products');
  const explanation =
    'We could not complete your purchase, so nothing was bought: your payment has been refunded in full, and the money we held is back in your REEN balance.';
  const table = linesTable(lines, totalCents);
  const html = layout(
    subject,
    `<p>Hi ${escapeHtml(firstName(buyer.name))},</p><p>${explanation}</p><p>These were the items of that checkout:</p>${table.html}` +
      `<p style="margin-top:20px">${button(shopLink, 'Back to the shop')}</p>`,
  );
  const text = `Hi ${firstName(buyer.name)},\n\n${explanation}\n\nThese were the items of that checkout:\n\n${table.text}\n\nBack to the shop: ${shopLink}\n\n${signOff()}`;
  return { subject, html, text };
}

/** Plain code-point order: the lines of an email come out the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type OrderForEmails = {
  id: string;
  buyerId: string;
  totalCents: number;
  items: (EmailLine & { sellerId: string })[];
};

export type EmailPerson = { id: string; name: string; email: string | null };

/**
 * Queues the buyer's confirmation and each seller's notice of `order`, as the completion just wrote
 * it, all in two statements. `people` are the buyer and the sellers, as the completion read them.
 */
export async function queueOrderEmails(tx: Tx, order: OrderForEmails, people: EmailPerson[]) {
  const items = [...order.items].sort((a, b) => compareText(a.productName, b.productName) || compareText(a.productId ?? '', b.productId ?? ''));
  const sellerIds = [...new Set(items.map((item) => item.sellerId))];
  const buyer = people.find((person) => person.id === order.buyerId);
  if (!buyer) throw new Error(`order ${order.id}: its buyer ${order.buyerId} is missing`);

  const messages: OutgoingEmail[] = [];
  if (buyer.email) {
    messages.push({
      kind: 'order-confirmation',
      dedupeKey: `order-confirmation:${order.id}:${buyer.id}`,
      to: buyer.email,
      toName: buyer.name,
      ...renderOrderConfirmation({ orderId: order.id, buyer, lines: items, totalCents: order.totalCents }),
      userId: buyer.id,
      orderId: order.id,
    });
  }
  // Sellers in id order, so that their messages are queued the same way on every run.
  for (const seller of [...people].sort((a, b) => compareText(a.id, b.id))) {
    // System rows and deleted accounts have no address: there is nobody to tell.
    if (seller.id === buyer.id || !seller.email || !sellerIds.includes(seller.id)) continue;
    messages.push({
      kind: 'sale-notice',
      dedupeKey: `sale-notice:${order.id}:${seller.id}`,
      to: seller.email,
      toName: seller.name,
      ...renderSaleNotice({ orderId: order.id, seller, buyer, lines: items.filter((item) => item.sellerId === seller.id) }),
      userId: seller.id,
      orderId: order.id,
    });
  }
  await queueEmails(tx, messages);
}

export async function queueRefundEmail(tx: Tx, checkoutId: string) {
  const checkout = await tx.checkout.findUniqueOrThrow({
    where: { id: checkoutId },
    select: {
      id: true,
      totalCents: true,
      buyer: { select: { id: true, name: true, email: true } },
      lines: { orderBy: [{ productName: 'asc' }, { id: 'asc' }], select: { productId: true, productName: true, quantity: true, unitPriceCents: true } },
    },
  });
  const { buyer } = checkout;
  if (!buyer.email) return;
  await queueEmail(tx, {
    kind: 'refund-notice',
    dedupeKey: `refund-notice:${checkout.id}:${buyer.id}`,
    to: buyer.email,
    toName: buyer.name,
    ...renderRefundNotice({ buyer, lines: checkout.lines, totalCents: checkout.totalCents }),
    userId: buyer.id,
  });
}
