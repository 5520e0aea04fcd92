// The demo's trade over its last two weeks: repricings (each with its listing fee and its line in
// the price history) and completed orders (a reservation, then a completion paying the seller),
// written with the app's own statements in time order, then dated when they happened. Orders are
// paid on the built-in test provider; no emails are queued for them, as they are history already.
import { randomUUID } from 'node:crypto';
import { writeCompletion, writeReservation, type CheckoutLineSnapshot } from '~/models/checkout/statements.server.ts';
import { payFee } from '~/models/ledger.server.ts';
import { recordPriceChange } from '~/models/product.server.ts';
import { productUpdateFee } from '~/utils/fees.ts';
import { linesTotalCents } from '~/utils/money.ts';
import type { Tx } from '~/utils/transaction.server.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** From reservation to payment: a demo buyer pays in two minutes. */
const PAYING_MS = 2 * 60_000;
const TRADE_DAYS = 14;

type Listed = { id: string; ownerId: string; createdAt: Date };
type Event = { at: Date } & ({ kind: 'reprice'; productId: string; percent: number } | { kind: 'order'; buyerId: string; productId: string; quantity: number });

/** Writes the trade; returns how many orders and repricings it made. */
export async function seedTrade(tx: Tx, people: string[], products: Listed[], now = Date.now()) {
  const events: Event[] = [];
  for (const [index, product] of products.entries()) {
    // Every third product is repriced a day and a half after listing: mostly up, some down.
    const at = new Date(product.createdAt.getTime() + 36 * HOUR_MS);
    if (index % 3 === 1 && at.getTime() < now - HOUR_MS) events.push({ kind: 'reprice', productId: product.id, at, percent: index % 2 ? 15 : -20 });
  }
  for (let daysAgo = TRADE_DAYS; daysAgo >= 0; daysAgo--) {
    for (let k = 0; k < 1 + ((daysAgo * 7) % 4); k++) {
      // Half past the hour: never at the very moment a product is listed (those are whole hours apart).
      const at = new Date(now - daysAgo * DAY_MS - (k * 3 + 1.5) * HOUR_MS);
      const buyerId = people[(daysAgo + k) % people.length]!;
      // A product listed before the order, by someone else: the first such one from a varying start.
      const start = (daysAgo * 11 + k * 17) % products.length;
      const product = [...products.slice(start), ...products.slice(0, start)].find((p) => p.createdAt < at && p.ownerId !== buyerId);
      if (product) events.push({ kind: 'order', buyerId, productId: product.id, quantity: 1 + ((daysAgo + k) % 3), at });
    }
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  let orders = 0;
  let repricings = 0;
  for (const event of events) {
    if (event.kind === 'reprice') repricings += await reprice(tx, event.productId, event.percent, event.at);
    else orders += await order(tx, event.buyerId, event.productId, event.quantity, event.at);
  }
  return { orders, repricings };
}

/** What updateProduct does for a new price alone: the fee on the growth, the product, its history line. */
async function reprice(tx: Tx, productId: string, percent: number, at: Date) {
  const product = await tx.product.findUniqueOrThrow({
    where: { id: productId },
    select: { name: true, priceCents: true, stock: true, ownerId: true, chargedGrowthCents: true },
  });
  const priceCents = Math.max(1, Math.round((product.priceCents * (100 + percent)) / 100));
  // No checkout is pending in the demo's history: no units are held.
  const { growthCents, feeCents } = productUpdateFee({ ...product, reservedUnits: 0 }, { priceCents, quantity: product.stock });
  await tx.product.update({
    where: { id: productId },
    data: { priceCents, chargedGrowthCents: product.chargedGrowthCents + BigInt(growthCents), updatedAt: at },
  });
  await payFee(tx, { kind: 'LISTING_FEE', userId: product.ownerId, amountCents: feeCents, productId, memo: `${product.name} (update)` });
  await tx.ledgerEntry.updateMany({
    where: { productId, kind: 'LISTING_FEE', memo: `${product.name} (update)`, createdAt: { gt: at } },
    data: { createdAt: at },
  });
  await recordPriceChange(tx, { productId, oldPriceCents: product.priceCents, newPriceCents: priceCents, feeCents, changedAt: at });
  return 1;
}

/** A checkout reserved at `at` and completed once paid, as the saga writes them; 0 when the stock is short. */
async function order(tx: Tx, buyerId: string, productId: string, quantity: number, at: Date) {
  const product = await tx.product.findUniqueOrThrow({ where: { id: productId }, select: { name: true, priceCents: true, stock: true, ownerId: true } });
  if (product.stock < quantity) return 0;
  const lines: CheckoutLineSnapshot[] = [{ productId, productName: product.name, unitPriceCents: product.priceCents, sellerId: product.ownerId, quantity }];
  const checkout = {
    id: randomUUID(),
    buyerId,
    totalCents: linesTotalCents(lines),
    paymentProvider: 'test',
    reservedUntil: new Date(at.getTime() + 30 * 60_000),
    lines,
  };
  const { lowered, debited } = await writeReservation(tx, checkout);
  if (!debited || lowered.size !== 1) throw new Error(`the demo order of ${productId} could not be reserved`);
  const orderId = randomUUID();
  await writeCompletion(tx, {
    checkoutId: checkout.id,
    orderId,
    buyerId,
    totalCents: checkout.totalCents,
    paymentIntentId: `pi_demo_${checkout.id.slice(0, 8)}`,
    lines,
  });
  const paidAt = new Date(at.getTime() + PAYING_MS);
  await tx.checkout.update({ where: { id: checkout.id }, data: { createdAt: at, settledAt: paidAt, updatedAt: paidAt } });
  await tx.order.update({ where: { id: orderId }, data: { createdAt: paidAt } });
  await tx.ledgerEntry.updateMany({ where: { checkoutId: checkout.id, kind: 'HOLD' }, data: { createdAt: at } });
  await tx.ledgerEntry.updateMany({ where: { checkoutId: checkout.id, kind: 'SALE' }, data: { createdAt: paidAt } });
  return 1;
}
