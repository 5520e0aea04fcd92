// The checkout saga's entry points (docs/decisions/005 and 016). A checkout reserves stock and
// holds the buyer's money in one SERIALIZABLE transaction, then the payment provider takes the
// payment. What the provider says about the session is turned into the checkout's fate in one
// place, settle() (settle.server.ts): the webhook jobs, the return page, the cancel, the sweep and a
// newer checkout replacing this one all go through it. Every step is idempotent.
import { randomUUID } from 'node:crypto';
import { getDb } from '~/utils/db.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { formatMoney, ORDER_CAP_CENTS } from '~/utils/money.ts';
import { paymentProvider } from '~/utils/payments/configured.server.ts';
import { PaymentProviderError } from '~/utils/payments/provider.server.ts';
import { BusyError, serializable, type Tx } from '~/utils/transaction.server.ts';
import { uniqueViolationTarget } from '~/utils/unique-violation.server.ts';
import { unbuyable } from '../cart-rules.ts';
import { InsufficientFundsError } from '../ledger.server.ts';
import { ANONYMOUS_USER_ID } from '../system-accounts.ts';
import { releaseCheckoutInTx } from './release.server.ts';
import { settle, settleWithProvider, type Settlement } from './settle.server.ts';
import { readCartForCheckout, writeReservation } from './statements.server.ts';

/** Stripe refuses sessions that expire in less than 30 minutes. */
const SESSION_MINUTES = 31;
/** The local reservation outlives the payment session, so a payment made at the last second still finds it. */
const RESERVATION_MINUTES = 35;

/** The cart cannot be checked out; each problem is a sentence for the buyer. */
export class CheckoutRefusedError extends Error {
  override name = 'CheckoutRefusedError';
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
  }
}

/** The payment provider could not be reached to start a payment (or to close the previous one). */
export class PaymentUnavailableError extends Error {
  override name = 'PaymentUnavailableError';
  constructor(options?: { cause?: unknown; reserved?: boolean }) {
    super(
      options?.reserved
        ? 'Payment is unavailable right now. Nothing was charged and your previous checkout is still open: please try again in a moment.'
        : 'Payment is unavailable right now. Nothing was charged and your items are no longer reserved: please try again in a moment.',
      options,
    );
  }
}

/** Checking out again found the previous checkout paid: it became an order instead of being replaced. */
export class PreviousCheckoutPaidError extends Error {
  override name = 'PreviousCheckoutPaidError';
  constructor(readonly orderId: string) {
    super('Your previous checkout was paid, so it is now an order: nothing more was reserved or charged.');
  }
}

/**
 * Other shoppers (or another tab of the buyer's) kept taking the same units, or checking out the
 * same cart, at the same moment, retry after retry: what was contended is named, and nothing was
 * reserved or charged.
 */
export class CheckoutContendedError extends Error {
  override name = 'CheckoutContendedError';
  constructor(options?: { cause?: unknown }) {
    super(
      'Other shoppers were checking out the same products, or another tab of yours this cart, at the same moment. Nothing was reserved or charged: please check out again.',
      options,
    );
  }
}

export type CheckoutUrls = { successUrl: string; cancelUrl: string; webhookUrl: string };

/**
 * POST /checkout: reserve, hold, snapshot, then open a payment session. Returns the payment page URL.
 * A previous pending checkout of the buyer is settled first (one open checkout per user): its
 * session is closed and, if it was paid meanwhile, it completes and nothing new starts.
 */
export async function startCheckout(buyerId: string, urls: CheckoutUrls): Promise<{ checkoutId: string; paymentUrl: string }> {
  const provider = paymentProvider();
  const { checkout, customerEmail } = await reserveCart(buyerId, provider.name);

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
    // No session reached the buyer, so none can be paid.
    await settle(checkout.id, { kind: 'closed' });
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

/** Closes a session that no checkout will use; a provider failure is logged (the sweep and refunds cover it). */
async function expireQuietly(sessionId: string) {
  try {
    await paymentProvider().expireSession(sessionId);
  } catch (error) {
    logger().error({ err: error, sessionId }, 'could not expire a payment session');
  }
}

/**
 * The buyer's open checkout is looked up before the transaction, not inside it: under SERIALIZABLE
 * that lookup would lock the page of the unique index on `openForUserId` where every open checkout
 * is, and each start writes into it, so concurrent starts by different buyers aborted each other
 * (the benchmark's most frequent retry, bench/README.md). The unique index still allows one open checkout per
 * buyer: when another tab opened one meanwhile, the insert clashes with it and we look again.
 * A previous checkout with a payment session is settled with the provider before anything is
 * released; one without (another tab is opening it right now) was never payable and is released
 * in the reservation's transaction.
 */
async function reserveCart(buyerId: string, providerName: string) {
  // Each pass settles one previous checkout (which then is no longer open) or tries to reserve, so
  // tabs racing each other get through; only repeated clashes between reservations end it.
  for (let clashes = 0; ;) {
    const previous = await getDb().checkout.findUnique({ where: { openForUserId: buyerId }, select: { id: true, paymentSessionId: true } });
    if (previous?.paymentSessionId) {
      await settlePrevious(previous.id);
      continue;
    }
    try {
      // Many buyers racing for the last units conflict on the same rows: each round lets one
      // through, so this transaction gets more attempts than most (then CheckoutContendedError).
      return await serializable((tx) => reserveCartInTx(tx, buyerId, providerName, previous), { attempts: 40 });
    } catch (error) {
      const clashed = isOpenCheckoutClash(error) || error instanceof PreviousGotASession;
      if (clashed && ++clashes < 10) continue;
      if (clashed || error instanceof BusyError) throw new CheckoutContendedError({ cause: error });
      throw error;
    }
  }
}

async function settlePrevious(checkoutId: string) {
  let settled: Settlement;
  try {
    settled = await settleWithProvider(checkoutId, { expire: true });
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) logger().error({ err: error, checkoutId }, 'could not settle the previous checkout');
    throw new PaymentUnavailableError({ cause: error, reserved: true });
  }
  if (settled.outcome === 'completed' || settled.outcome === 'already-completed') throw new PreviousCheckoutPaidError(settled.orderId);
  // The provider did not close the session it was asked to close: nothing is released unasked.
  if (settled.outcome === 'still-open') throw new PaymentUnavailableError({ reserved: true });
}

/** The previous checkout got its payment session after it was looked up: settle it first. */
class PreviousGotASession extends Error {}

function isOpenCheckoutClash(error: unknown): boolean {
  return uniqueViolationTarget(error)?.includes('openForUserId') ?? false;
}

const REFUSALS = {
  deleted: (name: string) => `"${name}" was deleted: remove it from your cart.`,
  own: (name: string) => `You can't buy your own product "${name}": remove it from your cart.`,
  'sold-out': (name: string) => `"${name}" is out of stock: remove it from your cart.`,
  short: (name: string, stock: number) => `Only ${stock} of "${name}" left: lower the quantity.`,
};

async function reserveCartInTx(tx: Tx, buyerId: string, providerName: string, previous: { id: string } | null) {
  if (previous) {
    // Read in the transaction: the other tab may have stored its session since it was looked up.
    const now = await tx.checkout.findUnique({ where: { id: previous.id }, select: { paymentSessionId: true } });
    if (now?.paymentSessionId) throw new PreviousGotASession();
    // A refusal below rolls this release back.
    await releaseCheckoutInTx(tx, previous.id);
  }

  const buyer = await readCartForCheckout(tx, buyerId);
  if (!buyer) throw new Error(`buyer ${buyerId} is missing`);
  const cart = buyer.lines;

  const problems: string[] = [];
  if (cart.length === 0) problems.push('Your cart is empty.');
  for (const { quantity, product } of cart) {
    const issue = unbuyable({ stock: product.stock, deleted: product.ownerId === ANONYMOUS_USER_ID, own: product.ownerId === buyerId }, quantity);
    if (issue) problems.push(issue.reason === 'short' ? REFUSALS.short(product.name, issue.stock) : REFUSALS[issue.reason](product.name));
  }
  const totalCents = cart.reduce((sum, { quantity, product }) => sum + quantity * product.priceCents, 0);
  if (totalCents > ORDER_CAP_CENTS) problems.push(`The total of ${formatMoney(totalCents)} is over the order limit of ${formatMoney(ORDER_CAP_CENTS)}.`);
  if (totalCents > 0 && BigInt(totalCents) > buyer.balanceCents) {
    problems.push(`Your balance of ${formatMoney(Number(buyer.balanceCents))} does not cover the total of ${formatMoney(totalCents)}.`);
  }
  if (problems.length) throw new CheckoutRefusedError(problems);

  const lines = cart.map(({ quantity, product }) => ({
    productId: product.id,
    productName: product.name,
    unitPriceCents: product.priceCents,
    sellerId: product.ownerId,
    quantity,
  }));
  const checkout = { id: randomUUID(), totalCents, lines };
  const reservedUntil = new Date(Date.now() + RESERVATION_MINUTES * 60_000);
  const { lowered, debited } = await writeReservation(tx, { ...checkout, buyerId, paymentProvider: providerName, reservedUntil });
  // What was read is what this transaction sees, so these only fail if that check above was wrong.
  const soldOut = cart.find(({ product }) => !lowered.has(product.id));
  if (soldOut) throw new CheckoutRefusedError([`"${soldOut.product.name}" just sold out: update your cart.`]);
  if (!debited) throw new InsufficientFundsError(buyerId, totalCents);
  return { checkout, customerEmail: buyer.email };
}

/**
 * The buyer cancels a pending checkout. Its payment session is closed first, so it can no longer
 * be paid; if it was paid in the meantime, the checkout completes instead. A provider that cannot
 * be reached leaves the checkout open (PaymentUnavailableError).
 */
export async function cancelCheckout(buyerId: string, checkoutId: string): Promise<'released' | 'paid' | 'not-pending'> {
  const checkout = await getDb().checkout.findFirst({ where: { id: checkoutId, buyerId }, select: { status: true } });
  if (checkout?.status !== 'PENDING') return 'not-pending';
  let settled: Settlement;
  try {
    settled = await settleWithProvider(checkoutId, { expire: true });
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) throw error;
    throw new PaymentUnavailableError({ cause: error, reserved: true });
  }
  if (settled.outcome === 'released') return 'released';
  if (settled.outcome === 'completed' || settled.outcome === 'already-completed') return 'paid';
  // Closing the session sends its own "expired" event, whose job may have settled it first.
  const after = await getDb().checkout.findUnique({ where: { id: checkoutId }, select: { status: true } });
  return after?.status === 'RELEASED' ? 'released' : after?.status === 'COMPLETED' ? 'paid' : 'not-pending';
}

/** The sweep: pending checkouts past their reservation, each settled with the provider (its session closed first). */
export async function sweepExpiredCheckouts(now = new Date(), limit = 50): Promise<{ released: number; completed: number }> {
  const expired = await getDb().checkout.findMany({
    where: { status: 'PENDING', reservedUntil: { lt: now } },
    orderBy: { reservedUntil: 'asc' },
    take: limit,
    select: { id: true },
  });
  let released = 0;
  let completed = 0;
  for (const checkout of expired) {
    try {
      const settled = await settleWithProvider(checkout.id, { expire: true });
      if (settled.outcome === 'completed') completed++;
      if (settled.outcome === 'released') released++;
    } catch (error) {
      // Left pending: the next sweep asks the provider again. A checkout is never released unasked.
      logger().error({ err: error, checkoutId: checkout.id }, 'the sweep could not settle a checkout');
    }
  }
  return { released, completed };
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
 * webhook: it asks the provider and settles the checkout itself (completing it when paid).
 */
export async function checkoutForReturnPage(buyerId: string, sessionId: string) {
  const find = () => getDb().checkout.findFirst({ where: { paymentSessionId: sessionId, buyerId }, select: returnPageSelect });
  const checkout = await find();
  if (checkout?.status !== 'PENDING') return checkout && { ...checkout, settledHere: false };
  try {
    await settleWithProvider(checkout.id, { expire: false });
  } catch (error) {
    // The webhook's job settles it; the page keeps saying "processing" until then.
    logger().error({ err: error, checkoutId: checkout.id }, 'the return page could not settle a checkout');
  }
  const after = await find();
  // Settled by this call: what the page's other loaders read at the same time (the header's cart
  // and order counts) is from before it.
  return after && { ...after, settledHere: after.status !== 'PENDING' };
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
function openCheckout(buyerId: string) {
  return getDb().checkout.findUnique({
    where: { openForUserId: buyerId },
    select: { id: true, totalCents: true, reservedUntil: true, paymentSessionId: true },
  });
}
