// Model-based test of the whole economy: fast-check generates sequences of real operations (sign-up,
// role changes, listing, updating and deleting products, cart, checkout, payment, webhooks delivered
// late, twice, out of order or never, worker jobs in any order, the sweep, reconciliation,
// compensation, account deletion, days going by, the economy's rollups refreshed) and runs them through the same model functions and webhook route the app uses,
// against a real database of its own. After every step every invariant of the economy is checked;
// at the end everything still in flight is settled, no buyer may have paid without an order or
// a refund, and the daily rollups equal the same figures rebuilt from the whole ledger.
//
// A failure prints the seed, the fast-check path and the failing step. Replay it with
// REEN_RELIABILITY_SEED=<seed> (and REEN_RELIABILITY_PATH=<path> for the shrunk case);
// REEN_RELIABILITY_RUNS=<n> runs more sequences.
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Prisma } from '~/generated/prisma/client';
import { action as stripeWebhook } from '~/routes/webhooks.stripe.tsx';
import { getDb } from '~/utils/db.server.ts';
import type { QueueName } from '~/utils/jobs.server.ts';
import { creationFeeCents, productUpdateFee } from '~/utils/fees.ts';
import { ADMIN_UPGRADE_FEE_CENTS, STARTING_BALANCE_CENTS } from '~/utils/money.ts';
import { webhookSigningSecret } from '~/utils/payments/provider.server.ts';
import { payTestSession, testProvider } from '~/utils/payments/test-provider.server.ts';
import { handleCheckoutCompensate } from '../../jobs/checkout.ts';
import { useJobQueue, useScratchDatabase } from '../../test/database-hooks.ts';
import { queuesWithJobs, runOneJob } from '../../test/jobs.ts';
import { reliabilityRuns, reliabilitySeed, useTally } from '../../test/reliability.ts';
import { economyViolations } from '../../test/invariants.ts';
import { aDayGoesBy, rollupsRebuiltFromLedger } from '../../test/economy.ts';
import { addToCart, CartError, removeCartLine, updateCartLine } from './cart.server.ts';
import {
  cancelCheckout,
  checkoutForReturnPage,
  CheckoutRefusedError,
  PreviousCheckoutPaidError,
  startCheckout,
  sweepExpiredCheckouts,
} from './checkout/checkout.server.ts';
import { InsufficientFundsError } from './ledger.server.ts';
import { createProduct, deleteProduct, ProductForbiddenError, ProductNotFoundError, reservedUnits, updateProduct } from './product.server.ts';
import { RoleChangeError, stepDownToNadmin, upgradeToAdmin } from './role.server.ts';
import { ANONYMOUS_USER_ID } from './system-accounts.ts';
import { deleteAccount } from './account.server.ts';
import { reconcilePayments } from './reconciliation.server.ts';
import { createUser } from './user.server.ts';
import { economyBooks } from './economy/books.server.ts';
import { economyDays, refreshEconomyRollups } from './economy/rollups.server.ts';

const RUNS = reliabilityRuns(25);
const SEED = reliabilitySeed();
const PATH = process.env.REEN_RELIABILITY_PATH || undefined;
const MAX_STEPS = 40;

const SHOP = 'http://shop.model.test';
const URLS = { successUrl: `${SHOP}/checkout/success`, cancelUrl: `${SHOP}/checkout/cancel`, webhookUrl: `${SHOP}/webhooks/stripe` };

/** Refusals a person can get for a request that breaks a rule: expected, and nothing may change. */
const REFUSALS = [CartError, CheckoutRefusedError, RoleChangeError, InsufficientFundsError, ProductForbiddenError, ProductNotFoundError];

// ---------------------------------------------------------------------------------------------
// Operations. Entities are picked by index modulo how many exist, so that any shrunk sequence is
// still a valid one; an operation with nothing to act on is skipped.
// ---------------------------------------------------------------------------------------------

const pick = fc.nat({ max: 99 });
const price = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1_00, max: 50_00 }) }, { weight: 1, arbitrary: fc.constant(2_000_00) });
const units = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 100, max: 600 }) });

const operation = fc.oneof(
  { weight: 1, arbitrary: fc.record({ op: fc.constant('signUp' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('upgrade' as const), user: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('stepDown' as const), user: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('listProduct' as const), user: pick, priceCents: price, quantity: units }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('updateProduct' as const),
      user: pick,
      product: pick,
      priceCents: price,
      quantity: fc.oneof(fc.constant(0), units),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteProduct' as const), user: pick, product: pick }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('addToCart' as const), user: pick, product: pick, quantity: units }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('updateCartLine' as const), user: pick, line: pick, quantity: units }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('removeCartLine' as const), user: pick, line: pick }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('startCheckout' as const), user: pick }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pay' as const), checkout: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('sessionExpires' as const), checkout: pick }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('deliverWebhook' as const), event: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicateWebhook' as const), event: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('resendWebhook' as const), event: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('loseWebhook' as const), event: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reconcile' as const) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('runJob' as const), queue: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('sweep' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('compensate' as const), checkout: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), checkout: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('returnPage' as const), checkout: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteAccount' as const), user: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('refreshRollups' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('aDayGoesBy' as const) }) },
);

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** A signed event as the payment provider sent it. */
type Delivery = { payload: string; signature: string };

/** What the test knows about the world it built; the database is the truth for everything else. */
type World = {
  users: string[];
  products: string[];
  /** Units each seller put on sale, per product: stock + reserved + sold must always equal it. */
  listed: Map<string, number>;
  checkouts: { id: string; buyerId: string }[];
  /** Sent by the provider and not yet delivered (a webhook in flight). */
  inFlight: Delivery[];
  /** Delivered at least once (may be delivered again). */
  delivered: Delivery[];
  /** People who signed up, the deleted included (names and emails stay unique). */
  signUps: number;
};

let world: World;

function choose<T>(list: T[], index: number): T | undefined {
  // Counting from the end: small indices, which fast-check favours and shrinks to, mean recent.
  return list.length ? list[list.length - 1 - (index % list.length)] : undefined;
}

/**
 * Mostly an entity the operation makes sense for (so that sequences get somewhere), one time in
 * five any entity at all (so that refusals are exercised too).
 */
function chooseSensibly<T>(sensible: T[], all: T[], index: number): T | undefined {
  return index % 5 === 4 || !sensible.length ? choose(all, Math.floor(index / 5)) : choose(sensible, Math.floor(index / 5));
}

async function usersWhere(where: Prisma.UserWhereInput) {
  const rows = await getDb().user.findMany({ where: { id: { in: world.users }, ...where }, select: { id: true } });
  return world.users.filter((id) => rows.some((row) => row.id === id));
}

async function checkoutsWhere(where: Prisma.CheckoutWhereInput) {
  const rows = await getDb().checkout.findMany({ where: { id: { in: world.checkouts.map((checkout) => checkout.id) }, ...where }, select: { id: true } });
  return world.checkouts.filter((checkout) => rows.some((row) => row.id === checkout.id));
}

// ---------------------------------------------------------------------------------------------
// The payment provider's webhook deliveries are caught here and handed to the app when (and as
// often as) a step says so, the way a real network delays, repeats and reorders them.
// ---------------------------------------------------------------------------------------------

const network = setupServer(
  http.post(URLS.webhookUrl, async ({ request }) => {
    world.inFlight.push({ payload: await request.text(), signature: request.headers.get('stripe-signature') ?? '' });
    return HttpResponse.json({ received: true });
  }),
);

async function deliver(delivery: Delivery) {
  const request = new Request(URLS.webhookUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': delivery.signature },
    body: delivery.payload,
  });
  const response = await stripeWebhook({ request, params: {}, context: {} });
  if (response.status !== 200) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`);
}

/** The same event sent again under a new event id (as for completed + async_payment_succeeded). */
function resent(delivery: Delivery): Delivery {
  const event = JSON.parse(delivery.payload) as { id: string };
  const payload = JSON.stringify({ ...event, id: `${event.id}_again_${world.delivered.length}` });
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSigningSecret() }) };
}

/** A worker runs the oldest job of one queue; a handler must never fail in these sequences. */
async function runJob(queue: QueueName) {
  const run = await runOneJob(queue);
  if (run.ran && run.error) throw run.error;
}

// ---------------------------------------------------------------------------------------------
// One step.
// ---------------------------------------------------------------------------------------------

async function userLines(userId: string) {
  return getDb().cartItem.findMany({ where: { userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } });
}

async function balanceOf(userId: string) {
  return (await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { balanceCents: true } })).balanceCents;
}

/** Runs one operation; returns what happened, for the step log. Throws on anything unexpected. */
async function step(operation: Operation): Promise<string> {
  switch (operation.op) {
    case 'signUp': {
      const n = world.signUps++;
      const { id } = await createUser({ name: `Person ${n}`, email: `person-${n}@model.test` });
      world.users.push(id);
      expect(await balanceOf(id), 'a new account gets the starting grant').toBe(BigInt(STARTING_BALANCE_CENTS));
      return `user ${n} signed up`;
    }
    case 'upgrade': {
      const userId = chooseSensibly(await usersWhere({ role: 'NADMIN' }), world.users, operation.user);
      if (!userId) return 'skipped';
      const before = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { role: true, balanceCents: true } });
      await upgradeToAdmin(userId);
      expect(before.role, 'only a NADMIN can upgrade').toBe('NADMIN');
      expect(await balanceOf(userId), 'the upgrade costs the fee, once').toBe(before.balanceCents - BigInt(ADMIN_UPGRADE_FEE_CENTS));
      return 'upgraded';
    }
    case 'stepDown': {
      const userId = chooseSensibly(await usersWhere({ role: 'ADMIN' }), world.users, operation.user);
      if (!userId) return 'skipped';
      const before = await balanceOf(userId);
      await stepDownToNadmin(userId);
      expect(await balanceOf(userId), 'stepping down is free').toBe(before);
      return 'stepped down';
    }
    case 'listProduct': {
      const userId = chooseSensibly(await usersWhere({ role: 'ADMIN' }), world.users, operation.user);
      if (!userId) return 'skipped';
      const before = await balanceOf(userId);
      const { priceCents, quantity } = operation;
      const { id } = await createProduct(userId, {
        name: `Product ${world.products.length}`,
        description: 'Made by the model-based test.',
        priceCents,
        quantity,
        imageCount: 1,
      });
      world.products.push(id);
      world.listed.set(id, quantity);
      expect(await balanceOf(userId), 'the listing fee, once').toBe(before - BigInt(creationFeeCents(priceCents, quantity)));
      return `product ${world.products.length - 1} listed`;
    }
    case 'updateProduct': {
      const productId = choose(world.products, operation.product);
      if (!productId) return 'skipped';
      const product = await getDb().product.findUniqueOrThrow({
        where: { id: productId },
        select: { ownerId: true, stock: true, priceCents: true, chargedGrowthCents: true },
      });
      const reserved = await reservedUnits(productId);
      // Mostly its owner, sometimes anyone (who must be refused).
      const userId = operation.user % 5 === 4 ? choose(world.users, operation.user) : product.ownerId;
      if (!userId || !world.users.includes(userId)) return 'skipped (deleted product)';
      const before = await balanceOf(userId);
      const { priceCents, quantity } = operation;
      await updateProduct(userId, productId, {
        name: `Product ${world.products.indexOf(productId)}`,
        description: 'Changed by the model-based test.',
        priceCents,
        quantity,
        imageCount: 2,
      });
      // The seller sets the units on sale now; what is reserved or sold stays accounted for.
      world.listed.set(productId, world.listed.get(productId)! - product.stock + quantity);
      // On the growth of price x every unit the seller owns: the reserved ones count (docs/fees.md).
      const { feeCents } = productUpdateFee({ ...product, reservedUnits: reserved }, { priceCents, quantity });
      expect(await balanceOf(userId), 'the update fee on the growth, once').toBe(before - BigInt(feeCents));
      return `product ${world.products.indexOf(productId)} now ${quantity} on sale at ${priceCents}`;
    }
    case 'deleteProduct': {
      const productId = choose(world.products, operation.product);
      if (!productId) return 'skipped';
      const { ownerId } = await getDb().product.findUniqueOrThrow({ where: { id: productId }, select: { ownerId: true } });
      const userId = operation.user % 5 === 4 ? choose(world.users, operation.user) : ownerId;
      if (!userId || !world.users.includes(userId)) return 'skipped (deleted product)';
      const { outcome } = await deleteProduct(userId, productId);
      expect(await getDb().cartItem.count({ where: { productId } }), 'no cart keeps a deleted product').toBe(0);
      if (outcome === 'deleted') {
        world.products.splice(world.products.indexOf(productId), 1);
        world.listed.delete(productId);
      }
      return `product ${outcome}`;
    }
    case 'addToCart': {
      const userId = choose(world.users, operation.user);
      const buyable = userId
        ? await getDb().product.findMany({
            where: { id: { in: world.products }, ownerId: { notIn: [userId, ANONYMOUS_USER_ID] }, stock: { gt: 0 } },
            select: { id: true },
          })
        : [];
      const productId = chooseSensibly(
        world.products.filter((id) => buyable.some((row) => row.id === id)),
        world.products,
        operation.product,
      );
      if (!userId || !productId) return 'skipped';
      const { quantity, capped } = await addToCart(userId, productId, operation.quantity);
      return `now ${quantity} in the cart${capped ? ' (capped at the stock)' : ''}`;
    }
    case 'updateCartLine': {
      const userId = chooseSensibly(await usersWhere({ cartItems: { some: {} } }), world.users, operation.user);
      const line = userId && choose(await userLines(userId), operation.line);
      if (!userId || !line) return 'skipped';
      await updateCartLine(userId, line.id, operation.quantity);
      return 'line updated';
    }
    case 'removeCartLine': {
      const userId = chooseSensibly(await usersWhere({ cartItems: { some: {} } }), world.users, operation.user);
      const line = userId && choose(await userLines(userId), operation.line);
      if (!userId || !line) return 'skipped';
      await removeCartLine(userId, line.id);
      return 'line removed';
    }
    case 'startCheckout': {
      const buyerId = chooseSensibly(await usersWhere({ cartItems: { some: {} } }), world.users, operation.user);
      if (!buyerId) return 'skipped';
      const previous = await getDb().checkout.findUnique({ where: { openForUserId: buyerId }, select: { id: true } });
      const started = await startCheckout(buyerId, URLS).catch((error: unknown) => {
        if (error instanceof PreviousCheckoutPaidError) return error;
        throw error;
      });
      if (started instanceof PreviousCheckoutPaidError) {
        // Paid at the provider before its webhook arrived: delivered, not released.
        const completed = await getDb().checkout.findUniqueOrThrow({ where: { id: previous!.id }, select: { status: true, order: { select: { id: true } } } });
        expect(completed, 'the paid previous checkout became the order').toEqual({ status: 'COMPLETED', order: { id: started.orderId } });
        return 'previous checkout was paid: completed instead of replaced';
      }
      const { checkoutId } = started;
      world.checkouts.push({ id: checkoutId, buyerId });
      const rows = await getDb().checkout.findMany({ where: { id: { in: [checkoutId, previous?.id ?? checkoutId] } }, select: { id: true, status: true } });
      for (const row of rows) expect(row.status, 'the new checkout is the one pending').toBe(row.id === checkoutId ? 'PENDING' : 'RELEASED');
      return `checkout ${world.checkouts.length - 1} pending for user ${world.users.indexOf(buyerId)}`;
    }
    case 'pay': {
      const checkout = chooseSensibly(await checkoutsWhere({ status: 'PENDING' }), world.checkouts, operation.checkout);
      if (!checkout) return 'skipped';
      const session = await getDb().testPaymentSession.findUnique({ where: { checkoutId: checkout.id }, select: { id: true } });
      if (!session) return 'skipped (no payment session)';
      return (await payTestSession(session.id)) ? 'paid' : 'could not pay (session closed)';
    }
    case 'sessionExpires': {
      const checkout = chooseSensibly(await checkoutsWhere({ status: 'PENDING' }), world.checkouts, operation.checkout);
      const session = checkout && (await getDb().testPaymentSession.findUnique({ where: { checkoutId: checkout.id }, select: { id: true } }));
      if (!session) return 'skipped';
      return `session now ${(await testProvider.expireSession(session.id)).status}`;
    }
    case 'deliverWebhook': {
      const index = world.inFlight.length ? operation.event % world.inFlight.length : -1;
      if (index < 0) return 'skipped';
      const [delivery] = world.inFlight.splice(index, 1);
      await deliver(delivery!);
      world.delivered.push(delivery!);
      if (index > 0) tally.faultsInjected++; // delivered out of order
      return `delivered ${JSON.parse(delivery!.payload).type}${index > 0 ? ' out of order' : ''}`;
    }
    case 'duplicateWebhook': {
      const delivery = choose(world.delivered, operation.event);
      if (!delivery) return 'skipped';
      await deliver(delivery);
      tally.faultsInjected++;
      return 'delivered again (same event id)';
    }
    case 'resendWebhook': {
      const delivery = choose(world.delivered, operation.event);
      if (!delivery) return 'skipped';
      const again = resent(delivery);
      await deliver(again);
      world.delivered.push(again);
      tally.faultsInjected++;
      return 'sent again (new event id)';
    }
    case 'loseWebhook': {
      const index = world.inFlight.length ? operation.event % world.inFlight.length : -1;
      if (index < 0) return 'skipped';
      const [lost] = world.inFlight.splice(index, 1);
      tally.faultsInjected++;
      return `lost ${JSON.parse(lost!.payload).type}`;
    }
    case 'reconcile': {
      const { completions, releases } = await reconcilePayments();
      return `reconciled: ${completions} completion(s), ${releases} release(s) queued`;
    }
    case 'runJob': {
      const queue = choose(await queuesWithJobs(), operation.queue);
      if (!queue) return 'skipped';
      await runJob(queue);
      return `ran a ${queue} job`;
    }
    case 'sweep': {
      // As if the reservations had lapsed: every pending checkout is settled with the provider.
      const { released, completed } = await sweepExpiredCheckouts(new Date(Date.now() + 36 * 60_000));
      return `sweep: ${released} released, ${completed} completed`;
    }
    case 'compensate': {
      const checkout = choose(world.checkouts, operation.checkout);
      if (!checkout) return 'skipped';
      const session = await getDb().testPaymentSession.findUnique({ where: { checkoutId: checkout.id } });
      // As when checkout-complete is dead-lettered: the payment as the event reported it.
      await handleCheckoutCompensate({ checkoutId: checkout.id, paymentIntentId: session?.paymentIntentId ?? null, amountTotal: session?.amountTotal ?? null });
      tally.faultsInjected++;
      return `compensated: now ${(await getDb().checkout.findUniqueOrThrow({ where: { id: checkout.id } })).status}`;
    }
    case 'cancel': {
      const checkout = chooseSensibly(await checkoutsWhere({ status: 'PENDING' }), world.checkouts, operation.checkout);
      if (!checkout) return 'skipped';
      return `cancel: ${await cancelCheckout(checkout.buyerId, checkout.id)}`;
    }
    case 'deleteAccount': {
      // Not the shop's only seller: a sequence needs someone to buy from.
      const userId = choose(world.users.slice(1), operation.user);
      if (!userId) return 'skipped';
      const deletion = await deleteAccount(userId);
      // A deleted person signs in no more; their deleted products are gone, anonymised ones stay listed units.
      world.users.splice(world.users.indexOf(userId), 1);
      const remaining = new Set((await getDb().product.findMany({ where: { id: { in: world.products } }, select: { id: true } })).map((row) => row.id));
      for (const productId of [...world.products]) {
        if (remaining.has(productId)) continue;
        world.products.splice(world.products.indexOf(productId), 1);
        world.listed.delete(productId);
      }
      return `account deleted: ${JSON.stringify(deletion)}`;
    }
    case 'refreshRollups': {
      return `rollups refreshed: ${(await refreshEconomyRollups()).days} day(s)`;
    }
    case 'aDayGoesBy': {
      await aDayGoesBy();
      return 'a day went by';
    }
    case 'returnPage': {
      const checkout = choose(world.checkouts, operation.checkout);
      const session = checkout && (await getDb().testPaymentSession.findUnique({ where: { checkoutId: checkout.id }, select: { id: true } }));
      if (!checkout || !session) return 'skipped';
      const shown = await checkoutForReturnPage(checkout.buyerId, session.id);
      return `return page shows ${shown?.status}`;
    }
  }
}

async function expectInvariants(where: string) {
  const { checks, violations } = await economyViolations(world.listed);
  tally.invariantChecks += checks;
  if (violations.length) {
    tally.violations += violations.length;
    throw new Error(`invariant violated ${where}:\n  ${violations.join('\n  ')}`);
  }
}

/**
 * Lets everything in flight land: every webhook delivered, every job run, the sweep as if every
 * reservation had lapsed, the reconciliation with the provider, until nothing is left to do.
 */
async function settle() {
  for (let round = 0; round < 20; round++) {
    let busy = false;
    while (world.inFlight.length) {
      await deliver(world.inFlight.shift()!);
      busy = true;
    }
    for (let queues = await queuesWithJobs(); queues.length; queues = await queuesWithJobs()) {
      for (const queue of queues) await runJob(queue);
      busy = true;
    }
    const swept = await sweepExpiredCheckouts(new Date(Date.now() + 36 * 60_000));
    // Webhooks that were lost: the scheduled reconciliation finds their payments at the provider.
    const reconciled = await reconcilePayments();
    if (!busy && !swept.released && !swept.completed && !reconciled.completions && !reconciled.releases && !world.inFlight.length) return;
  }
  throw new Error('the saga did not settle in 20 rounds');
}

/** Once settled: nothing pending, and every payment ended as an order or a refund. */
async function expectEveryPaymentAccountedFor() {
  tally.invariantChecks++;
  const pending = await getDb().checkout.count({ where: { status: 'PENDING' } });
  const stranded = await getDb().$queryRaw<{ checkoutId: string; status: string }[]>`
    SELECT s."checkoutId", c.status::text FROM "TestPaymentSession" s JOIN "Checkout" c ON c.id = s."checkoutId"
    WHERE s.status = 'complete' AND NOT (c.status = 'COMPLETED' OR (c.status = 'REFUNDED' AND s."refundId" IS NOT NULL))`;
  const problems = [
    ...(pending ? [`${pending} checkout(s) still pending after settling`] : []),
    ...stranded.map((row) => `checkout ${row.checkoutId} was paid but is ${row.status} without an order or a refund`),
  ];
  if (problems.length) {
    tally.violations += problems.length;
    throw new Error(`after settling:\n  ${problems.join('\n  ')}`);
  }
}

/** The rollups, refreshed incrementally along the way, equal the figures rebuilt from the whole ledger. */
async function expectRollupsMatchTheLedger() {
  tally.invariantChecks++;
  await refreshEconomyRollups();
  expect(await economyDays(), 'the daily rollups rebuilt from the ledger').toEqual(await rollupsRebuiltFromLedger());
  expect((await economyBooks()).balanced, 'grants = balances + held + platform revenue on /economy').toBe(true);
}

/** Empties every table but the system accounts, and the job queues. */
async function resetEconomy() {
  const db = getDb();
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('User', '_prisma_migrations')`;
  await db.$executeRawUnsafe(`TRUNCATE ${tables.map((table) => `"${table.name}"`).join(', ')} CASCADE`);
  await db.$executeRaw`DELETE FROM "User" WHERE role NOT IN ('PLATFORM', 'ANONYMOUS')`;
  await db.$executeRaw`UPDATE "User" SET "balanceCents" = 0, "amountSpentCents" = 0, "amountGainedCents" = 0, "purchasesCount" = 0, "salesCount" = 0`;
  await db.$executeRaw`DELETE FROM pgboss.job`;
  world = { users: [], products: [], listed: new Map(), checkouts: [], inFlight: [], delivered: [], signUps: 0 };
}

/** Every sequence starts from a small shop: a seller with two products and two shoppers. */
const OPENING: Operation[] = [
  { op: 'signUp' },
  { op: 'signUp' },
  { op: 'signUp' },
  { op: 'upgrade', user: 0 },
  { op: 'listProduct', user: 0, priceCents: 12_50, quantity: 3 },
  { op: 'listProduct', user: 0, priceCents: 7_00, quantity: 5 },
];

async function runSequence(operations: Operation[]) {
  await resetEconomy();
  const log: string[] = [];
  const all = [...OPENING, ...operations];
  for (const [index, operation] of all.entries()) {
    const label = `step ${index} ${JSON.stringify(operation)}`;
    let outcome: string;
    try {
      outcome = await step(operation);
    } catch (error) {
      if (!REFUSALS.some((kind) => error instanceof kind)) {
        throw new Error(`${label} failed after:\n${log.join('\n')}\n${(error as Error).stack ?? error}`);
      }
      outcome = `refused: ${(error as Error).message}`;
    }
    tally.operations++;
    log.push(`  ${label} -> ${outcome}`);
    try {
      await expectInvariants(`after ${label}`);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nsteps:\n${log.join('\n')}`);
    }
  }
  try {
    await settle();
    await expectInvariants('after settling');
    await expectEveryPaymentAccountedFor();
    await expectRollupsMatchTheLedger();
  } catch (error) {
    throw new Error(`${(error as Error).message}\nsteps:\n${log.join('\n')}`);
  }
}

// A database of its own: the invariants are checked over every row, and no other test file may
// add rows (or take jobs) meanwhile.
useScratchDatabase();
useJobQueue();
const tally = useTally('model-based');

beforeAll(() => {
  network.listen({ onUnhandledFrame: 'error' });
});

afterAll(() => {
  network.close();
});

it(`keeps every invariant through ${RUNS} random sequences of operations (seed ${SEED})`, async () => {
  await fc
    .assert(
      fc.asyncProperty(fc.array(operation, { maxLength: MAX_STEPS, size: 'max' }), (operations) => runSequence(operations)),
      {
        seed: SEED,
        path: PATH,
        numRuns: RUNS,
        includeErrorInReport: true,
      },
    )
    .catch((error: unknown) => {
      const message = (error as Error).message;
      const path = message.match(/path: "([^"]+)"/)?.[1];
      const replay = `REEN_RELIABILITY_SEED=${SEED}${path ? ` REEN_RELIABILITY_PATH=${path}` : ''}`;
      throw new Error(`Replay the shrunk failure with ${replay} npx vitest run app/models/economy.model.test.ts\n${message}`);
    });
  expect(tally.violations).toBe(0);
}, 600_000);
