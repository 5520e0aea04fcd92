// Property test of the listing-fee rule (docs/fees.md): no sequence of listings, edits,
// reservations, releases and sales pays less than 4% of the growth of the value the seller has on
// sale (within a cent). fast-check generates the sequences; each step runs through the model
// functions the app uses (createProduct, updateProduct, addToCart + startCheckout, cancelCheckout,
// releaseCheckout, completeCheckout) against the real test database.
//
// The test keeps its own account of each product: price, units in stock, units held by its pending
// checkouts. The value on sale is price x (stock + held), the units the seller still owns; a step's
// growth is how much it raised that value, whatever the step was. After every step the product's
// LISTING_FEE entries must add up to 4% of its total growth, rounded half up once (so within half a
// cent), and the database must agree with the test's account.
//
// A failure prints the seed, the fast-check path and the steps. Replay it with
// REEN_RELIABILITY_SEED=<seed> (and REEN_RELIABILITY_PATH=<path>); REEN_RELIABILITY_RUNS=<n> runs more.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { ORDER_CAP_CENTS } from '~/utils/money.ts';
import { PRODUCT_LIMITS } from '~/models/product-input.ts';
import { createUser } from '../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { UNREACHABLE_CHECKOUT_URLS } from '../../test/orders.ts';
import { reliabilityRuns, reliabilitySeed, useTally } from '../../test/reliability.ts';
import { addToCart } from './cart.server.ts';
import { cancelCheckout, startCheckout } from './checkout/checkout.server.ts';
import { completeCheckout } from './checkout/complete.server.ts';
import { releaseCheckout } from './checkout/release.server.ts';
import { InsufficientFundsError } from './ledger.server.ts';
import { createProduct, reservedUnits, updateProduct } from './product.server.ts';

const RUNS = reliabilityRuns(12);
const SEED = reliabilitySeed();
const PATH = process.env.REEN_RELIABILITY_PATH || undefined;
const MAX_STEPS = 24;

// ---------------------------------------------------------------------------------------------
// Operations. Products and checkouts are picked by index modulo how many there are, so that a
// shrunk sequence is still a valid one.
// ---------------------------------------------------------------------------------------------

const pick = fc.nat({ max: 99 });
const price = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1_00, max: 50_00 }) }, { weight: 1, arbitrary: fc.constant(2_000_00) });
const units = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 13, max: 2_000 }) });

const operation = fc.oneof(
  { weight: 1, arbitrary: fc.record({ op: fc.constant('list' as const), priceCents: price, quantity: units }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('update' as const), product: pick, priceCents: price, quantity: fc.oneof(fc.constant(0), units) }) },
  // A few cents and units up or down from where the product is: the sub-cent fees.
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('nudge' as const),
      product: pick,
      cents: fc.integer({ min: -20, max: 20 }),
      units: fc.integer({ min: -2, max: 2 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('reserve' as const), product: pick, quantity: units }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), checkout: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('release' as const), checkout: pick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('sell' as const), checkout: pick }) },
);

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** The test's own account of a product. */
type Product = { id: string; priceCents: number; stock: number; held: number; growthCents: bigint };
type Checkout = { id: string; buyerId: string; product: Product; quantity: number };

type World = { sellerId: string; products: Product[]; pending: Checkout[] };

function choose<T>(list: T[], index: number): T | undefined {
  // Counting from the end: small indices, which fast-check favours and shrinks to, mean recent.
  return list.length ? list[list.length - 1 - (index % list.length)] : undefined;
}

/** What the seller has on sale: price x every unit still theirs. */
const valueOnSale = (product: Product) => BigInt(product.priceCents) * BigInt(product.stock + product.held);

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

const input = (priceCents: number, quantity: number) => ({
  name: 'Fee model product',
  description: 'Made by the listing-fee property test.',
  priceCents,
  quantity,
  imageCount: 1,
});

/** Runs one operation and updates the test's account; returns what happened, for the step log. */
async function step(world: World, operation: Operation): Promise<string> {
  switch (operation.op) {
    case 'list': {
      const { id } = await createProduct(world.sellerId, input(operation.priceCents, operation.quantity));
      world.products.push({ id, priceCents: operation.priceCents, stock: operation.quantity, held: 0, growthCents: 0n });
      return `product ${world.products.length - 1} listed: ${operation.quantity} at ${operation.priceCents}`;
    }
    case 'update':
    case 'nudge': {
      const product = choose(world.products, operation.product);
      if (!product) return 'skipped';
      // The quantity's range: 0 to 2,000, or a stock a release took above 2,000 kept or lowered.
      const maxQuantity = Math.max(PRODUCT_LIMITS.maxQuantity, product.stock);
      const [priceCents, quantity] =
        operation.op === 'update'
          ? [operation.priceCents, operation.quantity]
          : [
              clamp(product.priceCents + operation.cents, PRODUCT_LIMITS.minPriceCents, PRODUCT_LIMITS.maxPriceCents),
              clamp(product.stock + operation.units, 0, maxQuantity),
            ];
      const { feeCents } = await updateProduct(world.sellerId, product.id, input(priceCents, quantity));
      product.priceCents = priceCents;
      product.stock = quantity;
      return `product ${world.products.indexOf(product)} now ${quantity} in stock (${product.held} held) at ${priceCents}: fee ${feeCents}`;
    }
    case 'reserve': {
      const product = choose(world.products, operation.product);
      if (!product || product.stock === 0) return 'skipped';
      const quantity = Math.min(operation.quantity, product.stock, Math.floor(ORDER_CAP_CENTS / product.priceCents));
      // A buyer of their own each time: one open checkout per buyer, and nothing else in the cart.
      const { id: buyerId } = await createUser();
      await addToCart(buyerId, product.id, quantity);
      const { checkoutId } = await startCheckout(buyerId, UNREACHABLE_CHECKOUT_URLS);
      world.pending.push({ id: checkoutId, buyerId, product, quantity });
      product.stock -= quantity;
      product.held += quantity;
      return `${quantity} of product ${world.products.indexOf(product)} reserved`;
    }
    case 'cancel':
    case 'release':
    case 'sell': {
      const checkout = choose(world.pending, operation.checkout);
      if (!checkout) return 'skipped';
      world.pending.splice(world.pending.indexOf(checkout), 1);
      checkout.product.held -= checkout.quantity;
      if (operation.op === 'sell') {
        const { outcome } = await completeCheckout({ checkoutId: checkout.id, paymentIntentId: null, amountTotal: null });
        expect(outcome, 'the sale completes').toBe('completed');
        return `${checkout.quantity} of product ${world.products.indexOf(checkout.product)} sold`;
      }
      if (operation.op === 'cancel') expect(await cancelCheckout(checkout.buyerId, checkout.id), 'the buyer cancels').toBe('released');
      else expect(await releaseCheckout(checkout.id), 'the reservation lapses').toBe(true);
      checkout.product.stock += checkout.quantity;
      return `${checkout.quantity} of product ${world.products.indexOf(checkout.product)} back in stock`;
    }
  }
}

/** The product as the database has it, with the fees the ledger says it paid. */
async function stored(productId: string) {
  const product = await getDb().product.findUniqueOrThrow({ where: { id: productId }, select: { priceCents: true, stock: true, chargedGrowthCents: true } });
  const fees = await getDb().ledgerEntry.aggregate({ where: { productId, kind: 'LISTING_FEE' }, _sum: { amountCents: true } });
  return { ...product, held: await reservedUnits(productId), feesCents: fees._sum.amountCents ?? 0n };
}

async function expectFeesCoverGrowth(world: World) {
  for (const [index, product] of world.products.entries()) {
    const row = await stored(product.id);
    const label = `product ${index}`;
    expect({ priceCents: row.priceCents, stock: row.stock, held: row.held }, `${label}: the database agrees with the test's account`).toEqual({
      priceCents: product.priceCents,
      stock: product.stock,
      held: product.held,
    });
    // The requirement: never less than 4% of the total growth, by more than a cent (nor more).
    const shortfall = product.growthCents * 4n - row.feesCents * 100n; // in hundredths of a cent
    expect(shortfall <= 100n && shortfall >= -100n, `${label}: fees ${row.feesCents} against 4% of growth ${product.growthCents}`).toBe(true);
    // The rule, exactly: 4% of it rounded half up once, and the product remembers all of it.
    expect(row.feesCents, `${label}: fees are 4% of the total growth, rounded half up`).toBe((product.growthCents * 4n + 50n) / 100n);
    expect(row.chargedGrowthCents, `${label}: the growth charged so far`).toBe(product.growthCents);
    tally.invariantChecks += 4;
  }
}

async function runSequence(operations: Operation[]) {
  const world: World = { sellerId: (await createUser({ role: 'ADMIN' })).id, products: [], pending: [] };
  const log: string[] = [];
  const all: Operation[] = [{ op: 'list', priceCents: 10_00, quantity: 10 }, ...operations];
  for (const [index, operation] of all.entries()) {
    const label = `step ${index} ${JSON.stringify(operation)}`;
    const before = new Map(world.products.map((product) => [product, valueOnSale(product)]));
    const feesBefore = await Promise.all(world.products.map((product) => stored(product.id)));
    let outcome: string;
    try {
      outcome = await step(world, operation);
    } catch (error) {
      // A seller out of money is refused and nothing changes; anything else is a failure.
      if (!(error instanceof InsufficientFundsError)) throw new Error(`${label} failed after:\n${log.join('\n')}\n${(error as Error).stack ?? error}`);
      expect(await Promise.all(world.products.map((product) => stored(product.id))), 'a refused update changes nothing').toEqual(feesBefore);
      outcome = 'refused: the seller cannot pay the fee';
    }
    // Whatever the step was, what it added to the value on sale is growth.
    for (const product of world.products) {
      const grown = valueOnSale(product) - (before.get(product) ?? 0n);
      if (grown > 0n) product.growthCents += grown;
    }
    tally.operations++;
    log.push(`  ${label} -> ${outcome}`);
    try {
      await expectFeesCoverGrowth(world);
    } catch (error) {
      tally.violations++;
      throw new Error(`${(error as Error).message}\nafter ${label}\nsteps:\n${log.join('\n')}`);
    }
  }
}

useDatabase();
// Completing a checkout queues its emails.
useJobQueue();
const tally = useTally('listing-fee');

it(`charges at least 4% of the growth of the value on sale through ${RUNS} random sequences (seed ${SEED})`, async () => {
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
      throw new Error(`Replay the shrunk failure with ${replay} npx vitest run app/models/listing-fee.model.test.ts\n${message}`);
    });
  expect(tally.violations).toBe(0);
}, 600_000);
