// Rows the cart tests need and that other modules own: products (made directly, without the
// listing fee, since no money moves here) and a pending checkout.
import { randomUUID } from 'node:crypto';
import { getDb } from '~/utils/db.server.ts';
import { createTestUser } from './db.ts';

export async function createTestProduct(overrides: { ownerId?: string; stock?: number; priceCents?: number; name?: string } = {}) {
  const ownerId = overrides.ownerId ?? (await createTestUser({ role: 'ADMIN' }));
  const product = await getDb().product.create({
    data: {
      name: overrides.name ?? `Cart test ${randomUUID().slice(0, 8)}`,
      description: 'A product made by a cart test.',
      priceCents: overrides.priceCents ?? 12_34,
      stock: overrides.stock ?? 10,
      imageIds: [randomUUID()],
      ownerId,
    },
    select: { id: true, name: true, ownerId: true },
  });
  return product;
}

/** A PENDING checkout held open for the buyer, as the checkout saga leaves it while the buyer pays. */
export async function createPendingCheckout(buyerId: string) {
  return getDb().checkout.create({
    data: { buyerId, openForUserId: buyerId, totalCents: 0, paymentProvider: 'test', reservedUntil: new Date(Date.now() + 35 * 60_000) },
    select: { id: true },
  });
}
