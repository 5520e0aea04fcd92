// Helpers for tests about products: a product form's input, units reserved by a real checkout, a
// snapshot to prove that a refusal changed nothing, and a row lock that makes concurrent
// transactions interleave for certain.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startCheckout } from '~/models/checkout/checkout.server.ts';
import { releaseCheckout } from '~/models/checkout/release.server.ts';
import { createProduct, updateProduct } from '~/models/product.server.ts';
import { getDb } from '~/utils/db.server.ts';
import type { ProductInput } from '~/models/product-input.ts';
import { addToCart, createUser } from './factories.ts';
import { UNREACHABLE_CHECKOUT_URLS } from './orders.ts';

export function productInput(overrides: Partial<ProductInput> = {}): ProductInput {
  return { name: `Product ${randomUUID().slice(0, 8)}`, description: 'A test product.', priceCents: 10_00, quantity: 10, imageCount: 2, ...overrides };
}

/** A buyer's checkout of `quantity` units, started as the saga starts it: the units leave the stock. */
export async function reserveUnits(productId: string, quantity: number) {
  const { id: buyerId } = await createUser();
  await addToCart(buyerId, productId, quantity);
  const { checkoutId } = await startCheckout(buyerId, UNREACHABLE_CHECKOUT_URLS);
  return checkoutId;
}

/**
 * QA's way to a stock above the 2,000 limit: listed at 2,000, 10 reserved, listed back up to 2,000
 * (fee paid), then the checkout released, so its 10 units come back: 2,010 in stock.
 */
export async function productAboveQuantityLimit(sellerId: string, overrides: Partial<ProductInput> = {}) {
  const input = productInput({ quantity: 2_000, ...overrides });
  const { id } = await createProduct(sellerId, input);
  const checkoutId = await reserveUnits(id, 10);
  await updateProduct(sellerId, id, input);
  await releaseCheckout(checkoutId);
  return id;
}

/**
 * Everything a product change could touch for these people and products. Equal snapshots before
 * and after a refused request prove that nothing was written.
 */
export async function snapshot(userIds: string[], productIds: string[] = []) {
  const db = getDb();
  return {
    users: await db.user.findMany({
      where: { id: { in: userIds } },
      select: { id: true, role: true, balanceCents: true, amountSpentCents: true, updatedAt: true },
      orderBy: { id: 'asc' },
    }),
    ledgerEntries: await db.ledgerEntry.count({ where: { OR: [{ fromUserId: { in: userIds } }, { toUserId: { in: userIds } }] } }),
    ownedProducts: await db.product.findMany({ where: { ownerId: { in: userIds } }, orderBy: { id: 'asc' } }),
    products: await db.product.findMany({ where: { id: { in: productIds } }, orderBy: { id: 'asc' } }),
    cartLines: await db.cartItem.findMany({ where: { productId: { in: productIds } }, orderBy: { id: 'asc' } }),
  };
}

/**
 * Holds a row lock (FOR UPDATE) in a transaction of its own, so that transactions which read the
 * row and then write it all wait at their write: they have all read before any of them writes.
 */
export async function lockRow(table: 'Product' | 'User', id: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`SELECT 1 FROM "${table}" WHERE id = $1 FOR UPDATE`, [id]);
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = rows[0]!.pid;
  return {
    /** How many sessions are waiting for this lock right now, directly or behind another waiter. */
    waiting: async () => {
      // Later waiters queue behind the first one, so follow the chain of who blocks whom.
      const [row] = await getDb().$queryRaw<{ n: number }[]>`
        WITH RECURSIVE waiting(pid) AS (
          SELECT pid FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))
          UNION
          SELECT activity.pid FROM pg_stat_activity activity JOIN waiting ON waiting.pid = ANY(pg_blocking_pids(activity.pid))
        )
        SELECT count(*)::int AS n FROM waiting`;
      return row!.n;
    },
    /** Runs a statement inside the locking transaction (e.g. a step-down) before it ends. */
    query: (sql: string, values: unknown[]) => client.query(sql, values),
    commit: async () => {
      await client.query('COMMIT');
      await client.end();
    },
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}
