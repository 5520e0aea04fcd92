// The checkout saga (product.md section 6). A checkout reserves stock and holds the buyer's money
// in one SERIALIZABLE transaction, then the payment provider takes the payment; its events (webhook
// jobs, the return page, the sweep) either complete the checkout (sales, order) or release it
// (stock and money back), and a payment that cannot be fulfilled is refunded. Every step is
// idempotent: each one first looks at the checkout's status and does nothing twice.
import { randomUUID } from 'node:crypto';
import { getDb } from '~/utils/db.server.ts';
import { enqueue } from '~/utils/jobs.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { countCheckoutOutcome } from '~/utils/metrics.server.ts';
import { formatMoney, linesTotalCents, ORDER_CAP_CENTS } from '~/utils/money.ts';
import { paymentProvider, PaymentProviderError } from '~/utils/payments.server.ts';
import { afterCommit, serializable, type Tx } from '~/utils/transaction.server.ts';
import { uniqueViolationTarget } from '~/utils/unique-violation.server.ts';
import { readCartForCheckout, readCheckoutForCompletion, writeCompletion, writeReservation } from './checkout-statements.server.ts';
import { closeAccountBalance, heldCents, InsufficientFundsError, releaseHold } from './ledger.server.ts';
import { queueOrderEmails, queueRefundEmail } from './order-emails.server.ts';
import { ANONYMOUS_USER_ID } from './system-accounts.ts';

/** Stripe refuses sessions that expire in less than 30 minutes. */
export const SESSION_MINUTES = 31;
/** The local reservation outlives the payment session, so a payment made at the last second still finds it. */
export const RESERVATION_MINUTES = 35;

/** The cart cannot be checked out; each problem is a sentence for the buyer. */
export class CheckoutRefusedError extends Error {
  override name = 'CheckoutRefusedError';
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
  }
}

/** The payment provider could not start a payment; the reservation has been released. */
export class PaymentUnavailableError extends Error {
  override name = 'PaymentUnavailableError';
  constructor(options?: { cause?: unknown }) {
    super('Payment is unavailable right now. Nothing was charged and your items are no longer reserved: please try again in a moment.', options);
  }
}

export type CheckoutUrls = { successUrl: string; cancelUrl: string; webhookUrl: string };

/**
 * POST /checkout: reserve, hold, snapshot, then open a payment session. Returns the payment page URL.
 * A previous pending checkout of the buyer is released first (one open checkout per user).
 */
export async function startCheckout(buyerId: string, urls: CheckoutUrls): Promise<{ checkoutId: string; paymentUrl: string }> {
  const provider = paymentProvider();
  const { checkout, replacedSessionId, customerEmail } = await reserveCart(buyerId, provider.name);

  if (replacedSessionId) await expireQuietly(replacedSessionId);

  let session: { id: string; url: string };
  try {
    session = await provider.createSession({
      checkoutId: checkout.id,
      customerEmail,
      lines: checkout.lines.map((line) => ({ name: line.productName, unitPriceCents: line.unitPriceCents, quantity: line.quantity })),
      totalCents: checkout.totalCents,
      expiresAt: new Date(Date.now() + SESSION_MINUTES * 60_000),
      successUrl: `${urls.successUrl}${urls.successUrl.includes('?') ? '&' : '?'}session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${urls.cancelUrl}${urls.cancelUrl.includes('?') ? '&' : '?'}checkout_id=${checkout.id}`,
      webhookUrl: urls.webhookUrl,
    });
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) logger().error({ err: error, checkoutId: checkout.id }, 'creating the payment session failed');
    await releaseCheckout(checkout.id);
    throw new PaymentUnavailableError({ cause: error });
  }

  // One conditional UPDATE, atomic on its own: no money or stock moves, so no SERIALIZABLE
  // transaction (as one, concurrent starts aborted each other on the index pages it writes).
  const { count } = await getDb().checkout.updateMany({ where: { id: checkout.id, status: 'PENDING' }, data: { paymentSessionId: session.id } });
  if (count !== 1) {
    // Another tab started a newer checkout meanwhile and released this one: make it unpayable.
    await expireQuietly(session.id);
    throw new CheckoutRefusedError(['This checkout was replaced by a newer one started in another tab or window.']);
  }
  return { checkoutId: checkout.id, paymentUrl: session.url };
}

/**
 * The buyer's open checkout is looked up before the transaction, not inside it: under SERIALIZABLE
 * that lookup would lock the page of the unique index on `openForUserId` where every open checkout
 * is, and each start writes into it, so concurrent starts by different buyers aborted each other
 * (half of all retries in the benchmark). The unique index still allows one open checkout per
 * buyer: when another tab opened one meanwhile, the insert clashes with it and we look again.
 */
async function reserveCart(buyerId: string, providerName: string) {
  for (let attempt = 1; ; attempt++) {
    const previous = await getDb().checkout.findUnique({ where: { openForUserId: buyerId }, select: { id: true } });
    try {
      // Many buyers racing for the last units conflict on the same rows: each round lets one
      // through, so this transaction gets more attempts than most.
      return await serializable((tx) => reserveCartInTx(tx, buyerId, providerName, previous), { attempts: 20 });
    } catch (error) {
      if (attempt < 5 && isOpenCheckoutClash(error)) continue;
      throw error;
    }
  }
}

function isOpenCheckoutClash(error: unknown): boolean {
  return uniqueViolationTarget(error)?.includes('openForUserId') ?? false;
}

async function reserveCartInTx(tx: Tx, buyerId: string, providerName: string, previous: { id: string } | null) {
  // Released here only if still pending; a refusal below rolls the release back. Its payment
  // session is read here, in the transaction: the other tab may have stored it since.
  let replacedSessionId: string | null = null;
  if (previous && (await releaseCheckoutInTx(tx, previous.id))) {
    ({ paymentSessionId: replacedSessionId } = await tx.checkout.findUniqueOrThrow({ where: { id: previous.id }, select: { paymentSessionId: true } }));
  }

  const buyer = await readCartForCheckout(tx, buyerId);
  if (!buyer) throw new Error(`buyer ${buyerId} is missing`);
  const cart = buyer.lines;

  const problems: string[] = [];
  if (cart.length === 0) problems.push('Your cart is empty.');
  for (const { quantity, product } of cart) {
    if (product.ownerId === buyerId) problems.push(`You can't buy your own product "${product.name}": remove it from your cart.`);
    else if (product.ownerId === ANONYMOUS_USER_ID) problems.push(`"${product.name}" was deleted: remove it from your cart.`);
    else if (product.stock === 0) problems.push(`"${product.name}" is out of stock: remove it from your cart.`);
    else if (quantity > product.stock) problems.push(`Only ${product.stock} of "${product.name}" left: lower the quantity.`);
  }
  const totalCents = cart.reduce((sum, { quantity, product }) => sum + quantity * product.priceCents, 0);
  if (totalCents > ORDER_CAP_CENTS) problems.push(`The total of ${formatMoney(totalCents)} is over the order limit of ${formatMoney(ORDER_CAP_CENTS)}.`);
  if (totalCents > 0 && BigInt(totalCents) > buyer.balanceCents) {
    problems.push(`Your balance of ${formatMoney(Number(buyer.balanceCents))} does not cover the total of ${formatMoney(totalCents)}.`);
  }
  // Refusing rolls back the whole transaction, so a previous checkout released above stays as it was.
  if (problems.length) throw new CheckoutRefusedError(problems);

  const lines = cart.map(({ quantity, product }) => ({ productId: product.id, productName: product.name, unitPriceCents: product.priceCents, sellerId: product.ownerId, quantity }));
  const checkout = { id: randomUUID(), totalCents, lines };
  const reservedUntil = new Date(Date.now() + RESERVATION_MINUTES * 60_000);
  const { lowered, debited } = await writeReservation(tx, { ...checkout, buyerId, paymentProvider: providerName, reservedUntil });
  // What was read is what this transaction sees, so these only fail if that check above was wrong.
  const soldOut = cart.find(({ product }) => !lowered.has(product.id));
  if (soldOut) throw new CheckoutRefusedError([`"${soldOut.product.name}" just sold out: update your cart.`]);
  if (!debited) throw new InsufficientFundsError(buyerId, totalCents);
  return { checkout, replacedSessionId, customerEmail: buyer.email };
}

/** Stock back, held money back, status RELEASED. False when the checkout was not pending. */
export async function releaseCheckoutInTx(tx: Tx, checkoutId: string): Promise<boolean> {
  const { count } = await tx.checkout.updateMany({
    where: { id: checkoutId, status: 'PENDING' },
    data: { status: 'RELEASED', openForUserId: null, settledAt: new Date() },
  });
  if (count !== 1) return false;
  afterCommit(tx, () => countCheckoutOutcome('released'));
  const checkout = await tx.checkout.findUniqueOrThrow({ where: { id: checkoutId }, select: { buyerId: true, lines: { select: { productId: true, quantity: true } } } });
  for (const line of checkout.lines) {
    if (line.productId) await tx.product.update({ where: { id: line.productId }, data: { stock: { increment: line.quantity } } });
  }
  const held = await heldCents(tx, checkoutId);
  if (held > 0n) await releaseHold(tx, { buyerId: checkout.buyerId, checkoutId, amountCents: Number(held) });
  return true;
}

/** Releases a pending checkout; does nothing to one that is not pending. */
export function releaseCheckout(checkoutId: string): Promise<boolean> {
  return serializable((tx) => releaseCheckoutInTx(tx, checkoutId));
}

export type Payment = { checkoutId: string; paymentIntentId: string | null; amountTotal: number | null };

export type CompletionOutcome =
  | { outcome: 'completed' | 'already-completed'; orderId: string }
  | { outcome: 'refund-queued' | 'already-refunded' | 'unknown-checkout' };

/**
 * A paid checkout becomes an order: held money to the sellers, order lines from the snapshot,
 * bought quantities out of the cart, counts bumped, emails queued. Running it again changes nothing.
 * A payment for a checkout that was already released (paid after it expired) is refunded instead.
 */
export async function completeCheckout(payment: Payment): Promise<CompletionOutcome> {
  const result = await serializable(async (tx): Promise<CompletionOutcome> => {
    const checkout = await readCheckoutForCompletion(tx, payment.checkoutId);
    if (!checkout) return { outcome: 'unknown-checkout' };
    if (checkout.status === 'COMPLETED') return { outcome: 'already-completed', orderId: checkout.orderId! };
    if (checkout.status === 'REFUNDED' || checkout.status === 'REFUND_FAILED') return { outcome: 'already-refunded' };

    const amountMatches = payment.amountTotal === null || payment.amountTotal === checkout.totalCents;
    if (checkout.status === 'RELEASED' || !amountMatches) {
      if (!amountMatches) logger().error({ checkoutId: checkout.id, paidCents: payment.amountTotal, totalCents: checkout.totalCents }, 'paid amount differs from the total: refunding');
      await releaseCheckoutInTx(tx, checkout.id);
      await tx.checkout.update({ where: { id: checkout.id }, data: { paymentIntentId: payment.paymentIntentId } });
      await enqueue(tx, 'checkout-compensate', payment, { singletonKey: `refund:${checkout.id}` });
      return { outcome: 'refund-queued' };
    }

    const order = { id: randomUUID(), buyerId: checkout.buyerId, totalCents: checkout.totalCents, items: checkout.lines.map(orderItemOf(checkout.id)) };
    // The sellers are paid from the hold, which must hold exactly what the lines add up to.
    if (checkout.heldCents !== BigInt(linesTotalCents(order.items))) throw new Error(`checkout ${checkout.id}: the hold does not match its lines`);
    await writeCompletion(tx, { checkoutId: checkout.id, orderId: order.id, buyerId: checkout.buyerId, totalCents: checkout.totalCents, paymentIntentId: payment.paymentIntentId, lines: order.items });
    // A seller who deleted their account while this checkout was pending: the sale goes on to the platform.
    const sellerIds = new Set(order.items.map((item) => item.sellerId));
    for (const person of checkout.people) if (sellerIds.has(person.id) && person.deletedAt) await closeAccountBalance(tx, person.id);
    await queueOrderEmails(tx, order, checkout.people);
    return { outcome: 'completed', orderId: order.id };
  });
  if (result.outcome === 'completed') countCheckoutOutcome('completed');
  return result;
}

/** An order item from a checkout line: its snapshot of name, price and seller, as the buyer paid. */
function orderItemOf(checkoutId: string) {
  return (line: { productId: string | null; productName: string; unitPriceCents: number; sellerId: string; quantity: number }) => {
    // A pending checkout's products can be anonymised but never deleted.
    if (!line.productId) throw new Error(`checkout ${checkoutId} lost the product "${line.productName}"`);
    return { productId: line.productId, productName: line.productName, unitPriceCents: line.unitPriceCents, sellerId: line.sellerId, quantity: line.quantity };
  };
}

/**
 * Compensation: the payment cannot be fulfilled (completion failed for good, or the checkout was
 * already released), so release what is still reserved and refund the payment in full.
 * Idempotent: the refund carries the key `refund:<checkoutId>`.
 */
export async function compensateCheckout(payment: Payment): Promise<'refunded' | 'completed' | 'nothing-paid'> {
  const checkout = await serializable(async (tx) => {
    await releaseCheckoutInTx(tx, payment.checkoutId);
    return tx.checkout.findUnique({
      where: { id: payment.checkoutId },
      select: { status: true, totalCents: true, paymentIntentId: true, paymentSessionId: true },
    });
  });
  if (!checkout) return 'nothing-paid';
  if (checkout.status === 'COMPLETED') return 'completed';
  if (checkout.status === 'REFUNDED') return 'refunded';

  const provider = paymentProvider();
  let paymentIntentId = payment.paymentIntentId ?? checkout.paymentIntentId;
  if (!paymentIntentId && checkout.paymentSessionId) paymentIntentId = (await provider.retrieveSession(checkout.paymentSessionId)).paymentIntentId;
  if (!paymentIntentId) return 'nothing-paid';

  await provider.refund({ checkoutId: payment.checkoutId, paymentIntentId, amountCents: checkout.totalCents });
  const refundedNow = await serializable(async (tx) => {
    const { count } = await tx.checkout.updateMany({
      where: { id: payment.checkoutId, status: { in: ['RELEASED', 'REFUND_FAILED'] } },
      data: { status: 'REFUNDED', paymentIntentId },
    });
    if (count === 1) await queueRefundEmail(tx, payment.checkoutId);
    return count === 1;
  });
  if (refundedNow) countCheckoutOutcome('refunded');
  return 'refunded';
}

/** Compensation gave up: the payment could not be refunded. An operator must act. */
export async function markRefundFailed(checkoutId: string, reason: string) {
  const { count } = await serializable((tx) => tx.checkout.updateMany({ where: { id: checkoutId, status: 'RELEASED' }, data: { status: 'REFUND_FAILED' } }));
  if (count === 1) countCheckoutOutcome('refund_failed');
  logger().error({ checkoutId, reason, alert: true }, "ALERT: refund failed for good. Refund it by hand in the payment provider's dashboard.");
}

/**
 * The buyer cancels a pending checkout. The payment session is expired first, so it can no longer
 * be paid; if it was paid in the meantime, the checkout completes instead.
 */
export async function cancelCheckout(buyerId: string, checkoutId: string): Promise<'released' | 'paid' | 'not-pending'> {
  const checkout = await serializable((tx) =>
    tx.checkout.findFirst({ where: { id: checkoutId, buyerId }, select: { status: true, paymentSessionId: true } }),
  );
  if (!checkout || checkout.status !== 'PENDING') return 'not-pending';
  if (checkout.paymentSessionId) {
    const state = await expireQuietly(checkout.paymentSessionId);
    if (state?.paid) {
      await completeCheckout({ checkoutId, paymentIntentId: state.paymentIntentId, amountTotal: state.amountTotal });
      return 'paid';
    }
  }
  if (await releaseCheckout(checkoutId)) return 'released';
  // Expiring the session sends its own "expired" event, whose job may have released it first.
  const after = await getDb().checkout.findUnique({ where: { id: checkoutId }, select: { status: true } });
  return after?.status === 'RELEASED' ? 'released' : after?.status === 'COMPLETED' ? 'paid' : 'not-pending';
}

/**
 * The sweep: pending checkouts past their reservation. Each is settled by what the provider says
 * about its session: paid ones complete, the others are expired there and released here.
 */
export async function sweepExpiredCheckouts(now = new Date(), limit = 50): Promise<{ released: number; completed: number }> {
  const expired = await getDb().checkout.findMany({
    where: { status: 'PENDING', reservedUntil: { lt: now } },
    orderBy: { reservedUntil: 'asc' },
    take: limit,
    select: { id: true, paymentSessionId: true },
  });
  let released = 0;
  let completed = 0;
  for (const checkout of expired) {
    try {
      const state = checkout.paymentSessionId ? await paymentProvider().expireSession(checkout.paymentSessionId) : null;
      if (state?.paid) {
        const result = await completeCheckout({ checkoutId: checkout.id, paymentIntentId: state.paymentIntentId, amountTotal: state.amountTotal });
        if (result.outcome === 'completed') completed++;
      } else if (await releaseCheckout(checkout.id)) {
        released++;
      }
    } catch (error) {
      // Left pending: the next sweep asks the provider again. A checkout is never released unasked.
      logger().error({ err: error, checkoutId: checkout.id }, 'the sweep could not settle a checkout');
    }
  }
  return { released, completed };
}

/** Expires a payment session; a provider failure is logged, not thrown (the sweep and refunds cover it). */
async function expireQuietly(sessionId: string) {
  try {
    return await paymentProvider().expireSession(sessionId);
  } catch (error) {
    logger().error({ err: error, sessionId }, 'could not expire a payment session');
    return null;
  }
}

const returnPageSelect = {
  id: true,
  status: true,
  totalCents: true,
  reservedUntil: true,
  lines: { select: { productId: true, productName: true, unitPriceCents: true, quantity: true } },
  order: { select: { id: true, createdAt: true } },
} as const;

/**
 * What /checkout/success shows. As Stripe recommends, the return page does not wait for the
 * webhook: it asks the provider and runs the (idempotent) completion itself when the session is paid.
 */
export async function checkoutForReturnPage(buyerId: string, sessionId: string) {
  const find = () => getDb().checkout.findFirst({ where: { paymentSessionId: sessionId, buyerId }, select: returnPageSelect });
  const checkout = await find();
  if (checkout?.status !== 'PENDING') return checkout;
  try {
    const state = await paymentProvider().retrieveSession(sessionId);
    if (!state.paid) return checkout;
    await completeCheckout({ checkoutId: checkout.id, paymentIntentId: state.paymentIntentId, amountTotal: state.amountTotal });
  } catch (error) {
    // The webhook's job completes it (or compensates); the page keeps saying "processing" until then.
    logger().error({ err: error, checkoutId: checkout.id }, 'the return page could not complete a checkout');
  }
  return find();
}

/** A buyer's own checkout, for the cancel page. */
export function buyerCheckout(buyerId: string, checkoutId: string) {
  return getDb().checkout.findFirst({ where: { id: checkoutId, buyerId }, select: returnPageSelect });
}

/**
 * Where to send a buyer who wants to go back to paying their pending checkout: the payment page
 * while its session is open, the return page once paid, or null (then the cart says why).
 */
export async function continueCheckoutUrl(buyerId: string, origin: string): Promise<string | null> {
  const checkout = await openCheckout(buyerId);
  if (!checkout?.paymentSessionId) return null;
  const state = await paymentProvider().retrieveSession(checkout.paymentSessionId);
  if (state.paid) return `${origin}/checkout/success?session_id=${encodeURIComponent(state.id)}`;
  return state.url;
}

/** The buyer's pending checkout, if any (the cart page mentions it). */
export function openCheckout(buyerId: string) {
  return getDb().checkout.findUnique({ where: { openForUserId: buyerId }, select: { id: true, totalCents: true, reservedUntil: true, paymentSessionId: true } });
}
