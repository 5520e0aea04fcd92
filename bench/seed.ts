// A realistic catalog for the benchmark, written in bulk (one INSERT ... SELECT FROM unnest(...) per
// table, in one transaction). The rows are what the app itself would have written: every user has
// the $4,000,000 grant, every seller paid the ADMIN fee and a listing fee per product, every past
// order went through a checkout whose hold was paid out to its sellers, and every balance and
// counter is the sum of those ledger entries. History only: past orders have no webhook events,
// payment sessions or emails, which nothing in the benchmark reads.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { PLATFORM_USER_ID } from '~/models/system-accounts.ts';
import { creationFeeCents } from '~/utils/fees.ts';
import { ADMIN_UPGRADE_FEE_CENTS, ORDER_CAP_CENTS, STARTING_BALANCE_CENTS } from '~/utils/money.ts';

export type SeedSizes = { users: number; products: number; orders: number };

export type SeededCatalog = {
  sellerIds: string[];
  /** People without products, in creation order: the benchmark's buyers. */
  shopperIds: string[];
  productIds: string[];
};

const FIRST_NAMES = [
  'Ada',
  'Grace',
  'Alan',
  'Margaret',
  'Dennis',
  'Barbara',
  'Ken',
  'Edsger',
  'Donald',
  'Frances',
  'John',
  'Radia',
  'Leslie',
  'Hedy',
  'Tim',
  'Katherine',
  'Linus',
  'Sophie',
  'Guido',
  'Anita',
  'Bjarne',
  'Shafi',
  'Niklaus',
  'Jean',
  'Whitfield',
  'Mary',
  'Vint',
  'Karen',
  'Ivan',
  'Lynn',
  'Brian',
  'Adele',
];
const LAST_NAMES = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Hamilton',
  'Ritchie',
  'Liskov',
  'Thompson',
  'Dijkstra',
  'Knuth',
  'Allen',
  'McCarthy',
  'Perlman',
  'Lamport',
  'Lamarr',
  'Berners-Lee',
  'Johnson',
  'Torvalds',
  'Wilson',
  'van Rossum',
  'Borg',
  'Stroustrup',
  'Goldwasser',
  'Wirth',
  'Sammet',
  'Diffie',
  'Keller',
  'Cerf',
  'Jones',
  'Sutherland',
  'Conway',
  'Kernighan',
  'Goldberg',
];
const ADJECTIVES = [
  'Quantum',
  'Vintage',
  'Neon',
  'Cosmic',
  'Silent',
  'Golden',
  'Pixel',
  'Velvet',
  'Arctic',
  'Crimson',
  'Lunar',
  'Solar',
  'Electric',
  'Hidden',
  'Ancient',
  'Rapid',
  'Gentle',
  'Wild',
  'Frozen',
  'Mystic',
  'Urban',
  'Retro',
  'Atomic',
  'Paper',
  'Crystal',
  'Shadow',
  'Sonic',
  'Misty',
  'Royal',
  'Tiny',
];
const NOUNS = [
  'Robot',
  'Sketchbook',
  'Soundtrack',
  'Font Pack',
  'Skin',
  'Wallpaper',
  'Shader',
  'Icon Set',
  'Sample Pack',
  'Brush Set',
  'Theme',
  'Sticker',
  'Avatar',
  'Map',
  'Recipe',
  'Poster',
  'Puzzle',
  'Synth Patch',
  'Texture',
  'Cursor',
  'Emoji Set',
  'Ringtone',
  'Template',
  'Model',
  'Photo Pack',
  'Comic',
  'Sprite',
  'Logo',
  'Mixtape',
  'Card Deck',
];
const EDITIONS = ['', 'Deluxe', 'Pro', 'Mini', 'Classic', 'Remastered', 'Collector', 'Lite', 'Plus', 'Ultra', 'Redux', 'Prime'];

const DAY_MS = 86_400_000;

/** mulberry32: a small seeded generator, so that every run seeds the same shapes. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

type User = {
  id: string;
  name: string;
  email: string;
  role: 'ADMIN' | 'NADMIN';
  createdAt: Date;
  balance: number;
  spent: number;
  gained: number;
  purchases: number;
  sales: number;
};
type Product = {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  imageIds: string[];
  ownerId: string;
  purchases: number;
  listingFeeCents: number;
  createdAt: Date;
};
type Ledger = {
  kind: string;
  amountCents: number;
  fromUserId: string | null;
  toUserId: string | null;
  grantUserId: string | null;
  checkoutId: string | null;
  orderId: string | null;
  productId: string | null;
  createdAt: Date;
};
type Line = { productId: string; productName: string; unitPriceCents: number; sellerId: string; quantity: number };
type Order = { id: string; checkoutId: string; buyerId: string; totalCents: number; createdAt: Date; lines: Line[] };

export async function seedCatalog(client: pg.Client, sizes: SeedSizes, now = new Date()): Promise<SeededCatalog> {
  const rng = random(20261124);
  const ledger: Ledger[] = [];
  const entry = (fields: Partial<Ledger> & Pick<Ledger, 'kind' | 'amountCents' | 'createdAt'>) =>
    ledger.push({ fromUserId: null, toUserId: null, grantUserId: null, checkoutId: null, orderId: null, productId: null, ...fields });

  // One person in ten sells; the others only buy.
  const sellerCount = Math.max(2, Math.round(sizes.users / 10));
  const users: User[] = Array.from({ length: sizes.users }, (_, index) => {
    const role = index < sellerCount ? 'ADMIN' : 'NADMIN';
    const name = `${FIRST_NAMES[index % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length]}`;
    const createdAt = new Date(now.getTime() - rng.int(200, 400) * DAY_MS);
    return { id: randomUUID(), name, email: `bench-${index}@bench.reen.local`, role, createdAt, balance: 0, spent: 0, gained: 0, purchases: 0, sales: 0 };
  });
  for (const user of users) {
    entry({ kind: 'GRANT', amountCents: STARTING_BALANCE_CENTS, toUserId: user.id, grantUserId: user.id, createdAt: user.createdAt });
    user.balance += STARTING_BALANCE_CENTS;
    if (user.role === 'ADMIN') {
      entry({
        kind: 'UPGRADE_FEE',
        amountCents: ADMIN_UPGRADE_FEE_CENTS,
        fromUserId: user.id,
        toUserId: PLATFORM_USER_ID,
        createdAt: new Date(user.createdAt.getTime() + DAY_MS),
      });
      user.balance -= ADMIN_UPGRADE_FEE_CENTS;
      user.spent += ADMIN_UPGRADE_FEE_CENTS;
    }
  }
  const sellers = users.slice(0, sellerCount);
  const shoppers = users.slice(sellerCount);

  const products: Product[] = Array.from({ length: sizes.products }, (_, index) => {
    const owner = sellers[index % sellers.length]!;
    const edition = EDITIONS[Math.floor(index / (ADJECTIVES.length * NOUNS.length)) % EDITIONS.length];
    const name = [ADJECTIVES[index % ADJECTIVES.length], NOUNS[Math.floor(index / ADJECTIVES.length) % NOUNS.length], edition].filter(Boolean).join(' ');
    const priceCents = rng.int(1, 2_000) * 100 - rng.pick([0, 1, 5, 51]);
    const listedUnits = rng.int(20, 200);
    const createdAt = new Date(owner.createdAt.getTime() + 2 * DAY_MS + rng.next() * (now.getTime() - owner.createdAt.getTime() - 3 * DAY_MS));
    const id = randomUUID();
    const fee = creationFeeCents(priceCents, listedUnits);
    entry({ kind: 'LISTING_FEE', amountCents: fee, fromUserId: owner.id, toUserId: PLATFORM_USER_ID, productId: id, createdAt });
    owner.balance -= fee;
    owner.spent += fee;
    return {
      id,
      name,
      description: `${name}: a one-of-a-kind digital ${NOUNS[Math.floor(index / ADJECTIVES.length) % NOUNS.length]!.toLowerCase()} by ${owner.name}. Delivered instantly, yours forever, and every bit as virtual as the money you pay for it.`,
      priceCents,
      stock: listedUnits,
      imageIds: Array.from({ length: rng.int(1, 3) }, () => randomUUID()),
      ownerId: owner.id,
      purchases: 0,
      listingFeeCents: fee,
      createdAt,
    };
  });

  const productsById = new Map(products.map((product) => [product.id, product]));
  const usersById = new Map(users.map((user) => [user.id, user]));
  const orders: Order[] = [];
  for (let attempt = 0; orders.length < sizes.orders && attempt < sizes.orders * 3; attempt++) {
    // Mostly shoppers buy; now and then a seller buys from another seller.
    const buyer = rng.next() < 0.9 ? rng.pick(shoppers) : rng.pick(sellers);
    const lines: Line[] = [];
    for (let n = rng.int(1, 3); lines.length < n;) {
      const product = rng.pick(products);
      if (product.ownerId === buyer.id || lines.some((line) => line.productId === product.id)) continue;
      const quantity = Math.min(rng.int(1, 3), product.stock - 1);
      if (quantity < 1) break;
      lines.push({ productId: product.id, productName: product.name, unitPriceCents: product.priceCents, sellerId: product.ownerId, quantity });
    }
    const totalCents = lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
    if (lines.length === 0 || totalCents > ORDER_CAP_CENTS || totalCents > buyer.balance) continue;
    const latest = Math.max(buyer.createdAt.getTime(), ...lines.map((line) => productsById.get(line.productId)!.createdAt.getTime()));
    const createdAt = new Date(latest + rng.next() * (now.getTime() - latest - 60_000));
    const order: Order = { id: randomUUID(), checkoutId: randomUUID(), buyerId: buyer.id, totalCents, createdAt, lines };
    orders.push(order);

    entry({ kind: 'HOLD', amountCents: totalCents, fromUserId: buyer.id, checkoutId: order.checkoutId, createdAt });
    buyer.balance -= totalCents;
    buyer.spent += totalCents;
    buyer.purchases += 1;
    const earnings = new Map<string, number>();
    for (const line of lines) {
      earnings.set(line.sellerId, (earnings.get(line.sellerId) ?? 0) + line.unitPriceCents * line.quantity);
      const product = productsById.get(line.productId)!;
      product.stock -= line.quantity;
      product.purchases += 1;
    }
    for (const [sellerId, amountCents] of earnings) {
      entry({ kind: 'SALE', amountCents, toUserId: sellerId, checkoutId: order.checkoutId, orderId: order.id, createdAt });
      const seller = usersById.get(sellerId)!;
      seller.balance += amountCents;
      seller.gained += amountCents;
      seller.sales += 1;
    }
  }
  if (orders.length < sizes.orders) throw new Error(`could only seed ${orders.length} of ${sizes.orders} orders`);
  if (users.some((user) => user.balance < 0)) throw new Error('a seeded balance went negative');

  await client.query('BEGIN');
  try {
    await insert(client, 'User', users, {
      id: ['uuid', (user) => user.id],
      name: ['text', (user) => user.name],
      email: ['text', (user) => user.email],
      role: ['"Role"', (user) => user.role],
      balanceCents: ['bigint', (user) => String(user.balance)],
      amountSpentCents: ['bigint', (user) => String(user.spent)],
      amountGainedCents: ['bigint', (user) => String(user.gained)],
      purchasesCount: ['int', (user) => user.purchases],
      salesCount: ['int', (user) => user.sales],
      createdAt: ['timestamp', (user) => user.createdAt],
      updatedAt: ['timestamp', (user) => user.createdAt],
    });
    await insert(client, 'Product', products, {
      id: ['uuid', (product) => product.id],
      name: ['text', (product) => product.name],
      description: ['text', (product) => product.description],
      priceCents: ['int', (product) => product.priceCents],
      stock: ['int', (product) => product.stock],
      // unnest() would flatten an array of arrays, so each row's array travels as its text form.
      imageIds: ['text', (product) => `{${product.imageIds.join(',')}}`, 'uuid[]'],
      ownerId: ['uuid', (product) => product.ownerId],
      purchasesCount: ['int', (product) => product.purchases],
      createdAt: ['timestamp', (product) => product.createdAt],
      updatedAt: ['timestamp', (product) => product.createdAt],
    });
    // Each product's price history: the price it was listed at, with its listing fee.
    await insert(client, 'ProductPriceChange', products, {
      id: ['uuid', () => randomUUID()],
      productId: ['uuid', (product) => product.id],
      changedAt: ['timestamp', (product) => product.createdAt],
      newPriceCents: ['int', (product) => product.priceCents],
      feeCents: ['int', (product) => product.listingFeeCents],
    });
    const minutes = (date: Date, count: number) => new Date(date.getTime() + count * 60_000);
    await insert(client, 'Checkout', orders, {
      id: ['uuid', (order) => order.checkoutId],
      buyerId: ['uuid', (order) => order.buyerId],
      status: ['"CheckoutStatus"', () => 'COMPLETED'],
      totalCents: ['int', (order) => order.totalCents],
      paymentProvider: ['text', () => 'test'],
      reservedUntil: ['timestamp', (order) => minutes(order.createdAt, 35)],
      createdAt: ['timestamp', (order) => minutes(order.createdAt, -1)],
      updatedAt: ['timestamp', (order) => order.createdAt],
      settledAt: ['timestamp', (order) => order.createdAt],
    });
    const lines = orders.flatMap((order) => order.lines.map((line) => ({ ...line, order })));
    await insert(client, 'CheckoutLine', lines, {
      id: ['uuid', () => randomUUID()],
      checkoutId: ['uuid', (line) => line.order.checkoutId],
      productId: ['uuid', (line) => line.productId],
      productName: ['text', (line) => line.productName],
      unitPriceCents: ['int', (line) => line.unitPriceCents],
      sellerId: ['uuid', (line) => line.sellerId],
      quantity: ['int', (line) => line.quantity],
    });
    await insert(client, 'Order', orders, {
      id: ['uuid', (order) => order.id],
      buyerId: ['uuid', (order) => order.buyerId],
      checkoutId: ['uuid', (order) => order.checkoutId],
      totalCents: ['int', (order) => order.totalCents],
      createdAt: ['timestamp', (order) => order.createdAt],
    });
    await insert(client, 'OrderItem', lines, {
      id: ['uuid', () => randomUUID()],
      orderId: ['uuid', (line) => line.order.id],
      productId: ['uuid', (line) => line.productId],
      productName: ['text', (line) => line.productName],
      unitPriceCents: ['int', (line) => line.unitPriceCents],
      sellerId: ['uuid', (line) => line.sellerId],
      quantity: ['int', (line) => line.quantity],
    });
    await insert(client, 'LedgerEntry', ledger, {
      id: ['uuid', () => randomUUID()],
      createdAt: ['timestamp', (row) => row.createdAt],
      kind: ['"LedgerKind"', (row) => row.kind],
      amountCents: ['bigint', (row) => String(row.amountCents)],
      fromUserId: ['uuid', (row) => row.fromUserId],
      toUserId: ['uuid', (row) => row.toUserId],
      grantUserId: ['uuid', (row) => row.grantUserId],
      checkoutId: ['uuid', (row) => row.checkoutId],
      orderId: ['uuid', (row) => row.orderId],
      productId: ['uuid', (row) => row.productId],
    });
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  // A database that has been running for a while has its statistics and visibility map.
  await client.query('VACUUM (ANALYZE)');
  await expectLedgerConsistent(client);
  return { sellerIds: sellers.map((user) => user.id), shopperIds: shoppers.map((user) => user.id), productIds: products.map((product) => product.id) };
}

type Column<T> = [type: string, value: (row: T) => unknown, cast?: string];

/** INSERT INTO "table" (...) SELECT ... FROM unnest($1::type[], ...): one statement for all rows. */
async function insert<T>(client: pg.Client, table: string, rows: T[], columns: Record<string, Column<T>>) {
  const names = Object.keys(columns);
  const specs = Object.values(columns);
  const selects = names.map((_, index) => `c${index}${specs[index]![2] ? `::${specs[index]![2]}` : ''}`);
  const sql = `INSERT INTO "${table}" (${names.map((name) => `"${name}"`).join(', ')})
    SELECT ${selects.join(', ')} FROM unnest(${specs.map(([type], index) => `$${index + 1}::${type}[]`).join(', ')}) AS t(${names.map((_, index) => `c${index}`).join(', ')})`;
  await client.query(
    sql,
    specs.map(([, value]) => rows.map(value)),
  );
}

/**
 * The seed obeys the ledger's invariants: money is conserved (balances, the platform's entries and
 * open holds equal the grants) and every balance is the sum of its entries (the platform has no
 * balance row: its money is its entries).
 */
export async function expectLedgerConsistent(client: pg.Client | pg.Pool) {
  const { rows } = await client.query<{ conserved: boolean; mismatched: number }>(
    `
    SELECT
      (SELECT SUM("balanceCents") FROM "User")
        + (SELECT COALESCE(SUM(CASE WHEN "toUserId" = $1::uuid THEN "amountCents" ELSE -"amountCents" END), 0) FROM "LedgerEntry" WHERE "toUserId" = $1::uuid OR "fromUserId" = $1::uuid)
        + (SELECT COALESCE(SUM(CASE WHEN kind = 'HOLD' THEN "amountCents" ELSE -"amountCents" END), 0) FROM "LedgerEntry" WHERE kind IN ('HOLD', 'RELEASE', 'SALE'))
        = (SELECT SUM("amountCents") FROM "LedgerEntry" WHERE kind = 'GRANT') AS conserved,
      (SELECT count(*)::int FROM "User" u WHERE u.id <> $1::uuid AND u."balanceCents" <>
        (SELECT COALESCE(SUM(CASE WHEN e."toUserId" = u.id THEN e."amountCents" ELSE -e."amountCents" END), 0)
           FROM "LedgerEntry" e WHERE e."toUserId" = u.id OR e."fromUserId" = u.id)) AS mismatched`,
    [PLATFORM_USER_ID],
  );
  const [row] = rows;
  if (!row?.conserved || row.mismatched !== 0)
    throw new Error(`the ledger does not add up: conserved=${row?.conserved}, ${row?.mismatched} balances differ from their entries`);
}
