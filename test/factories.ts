// Test data, made in one place: people, products, cart lines, checkouts and signed-in sessions.
// Each noun has one shape, whichever test makes it. Products, cart lines and checkouts are written
// straight to the database (no listing fee, no reservation: the models that normally write them are
// tested on their own); people go through `createUser`, so each gets the starting grant.
import { randomUUID } from 'node:crypto';
import type { CheckoutStatus, Role } from '~/generated/prisma/enums';
import { createUser as createUserWithGrant } from '~/models/user.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { commitUserSession } from '~/models/session.server.ts';

export type TestUser = { id: string; name: string; email: string; role: Role };
export type SignedInTestUser = TestUser & { cookie: string };
export type TestProduct = { id: string; name: string; ownerId: string; priceCents: number; stock: number };
export type TestCheckout = { id: string; status: CheckoutStatus };

/** A fresh person with the starting grant; a unique email per call. */
export async function createUser({ name, role = 'NADMIN' }: { name?: string; role?: Role } = {}): Promise<TestUser> {
  const tag = randomUUID().slice(0, 8);
  const user = { name: name ?? `Test ${tag}`, email: `test-${tag}@example.test`, role };
  const { id } = await createUserWithGrant(user);
  return { id, ...user };
}

/** A fresh ADMIN: someone who may sell. */
export async function createSeller(name?: string): Promise<TestUser> {
  return createUser({ name, role: 'ADMIN' });
}

/** A product on sale (by a fresh seller unless `ownerId` says whose); `stock` is the units listed. */
export async function createProduct({
  ownerId,
  priceCents = 1_00,
  stock = 10,
  name = `Thing ${randomUUID().slice(0, 6)}`,
}: { ownerId?: string; priceCents?: number; stock?: number; name?: string } = {}): Promise<TestProduct> {
  const owner = ownerId ?? (await createSeller()).id;
  const { id } = await getDb().product.create({
    data: { name, description: 'A test product', priceCents, stock, imageIds: [randomUUID()], ownerId: owner },
    select: { id: true },
  });
  return { id, name, ownerId: owner, priceCents, stock };
}

/** The person's cart line for the product, made or set to `quantity`. */
export async function addToCart(userId: string, productId: string, quantity = 1) {
  await getDb().cartItem.upsert({
    where: { userId_productId: { userId, productId } },
    create: { userId, productId, quantity },
    update: { quantity },
  });
}

/**
 * A checkout in `status` (PENDING: held open for the buyer, as the saga leaves it while they pay),
 * of one unit of `productId` when given, with its order when COMPLETED; without a product, an empty
 * one. Nothing leaves the stock or the balance: for the saga itself, start a real checkout.
 */
export async function createCheckout({
  buyerId,
  productId,
  status = 'PENDING',
}: {
  buyerId: string;
  productId?: string;
  status?: CheckoutStatus;
}): Promise<TestCheckout> {
  const db = getDb();
  const product = productId ? await db.product.findUniqueOrThrow({ where: { id: productId } }) : null;
  const line = product && { productId: product.id, productName: product.name, unitPriceCents: product.priceCents, sellerId: product.ownerId, quantity: 1 };
  const checkout = await db.checkout.create({
    data: {
      buyerId,
      openForUserId: status === 'PENDING' ? buyerId : null,
      status,
      totalCents: product?.priceCents ?? 0,
      paymentProvider: 'test',
      reservedUntil: new Date(Date.now() + 35 * 60_000),
      ...(line && { lines: { create: line } }),
    },
    select: { id: true, status: true },
  });
  if (status === 'COMPLETED' && line) {
    await db.order.create({ data: { buyerId, checkoutId: checkout.id, totalCents: line.unitPriceCents, items: { create: line } } });
  }
  return checkout;
}

/**
 * The cookie of a stored session for `userId`, as the browser holds it after signing in (tests skip
 * the sign-in form).
 */
export async function sessionCookie(userId: string): Promise<string> {
  const setCookie = await commitUserSession(userId);
  return setCookie.split(';')[0]!;
}

/** A fresh person, signed in. */
export async function createSignedInUser(options: { name?: string; role?: Role } = {}): Promise<SignedInTestUser> {
  const user = await createUser(options);
  return { ...user, cookie: await sessionCookie(user.id) };
}
