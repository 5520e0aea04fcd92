// Users: creation (with the starting grant), the signed-in user's summary and sidebar counts.
import { Prisma } from '~/generated/prisma/client';
import type { Role } from '~/generated/prisma/enums';
import { getDb } from '~/utils/db.server.ts';
import { serializable, type Tx } from '~/utils/transaction.server.ts';
import { centsToNumber } from '~/utils/money.ts';
import { recentListedProductCount, recentPeopleByRole } from './catalog-counts.server.ts';
import { grantStartingBalance } from './ledger.server.ts';
import { PERSON_ROLES } from './system-accounts.ts';

/** Accounts made by the demo seed; the local sign-in page offers them. */
export const DEMO_EMAIL_DOMAIN = 'demo.reen.local';

export type SessionUser = { id: string; name: string; email: string | null; role: Role; balanceCents: number };

export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
  constructor() {
    super('An account with this email already exists.');
  }
}

export type NewUser = { name: string; email: string | null; clerkId?: string; role?: Role };

/** Creates a person with the $4,000,000 grant, in one transaction. */
export async function createUser(input: NewUser) {
  try {
    return await serializable((tx) => createUserInTx(tx, input));
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new EmailTakenError();
    throw error;
  }
}

export async function createUserInTx(tx: Tx, input: NewUser) {
  const user = await tx.user.create({
    data: { name: input.name, email: input.email?.toLowerCase() ?? null, clerkId: input.clerkId, role: input.role ?? 'NADMIN' },
    select: { id: true },
  });
  await grantStartingBalance(tx, user.id);
  return user;
}

/** The signed-in person, or null when the id is unknown, a system row or a deleted account. */
export async function findSessionUser(userId: string): Promise<SessionUser | null> {
  const user = await getDb().user.findFirst({
    where: { id: userId, role: { in: PERSON_ROLES }, deletedAt: null },
    select: { id: true, name: true, email: true, role: true, balanceCents: true },
  });
  return user && { ...user, balanceCents: centsToNumber(user.balanceCents) };
}

export async function listDemoAccounts() {
  return getDb().user.findMany({
    where: { email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` }, role: { in: PERSON_ROLES }, deletedAt: null },
    select: { id: true, name: true, role: true },
    orderBy: [{ role: 'asc' }, { name: 'asc' }],
  });
}

export async function isDemoAccount(userId: string) {
  const user = await getDb().user.findFirst({
    where: { id: userId, email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` }, role: { in: PERSON_ROLES }, deletedAt: null },
    select: { id: true },
  });
  return user !== null;
}

export type SidebarCounts = { users: number; products: number; myProducts: number; orders: number; cartLines: number };

/**
 * Badge numbers of the layout; the per-user ones are zero for a signed-out visitor. The global ones
 * may be a couple of seconds old (catalog-counts.server.ts); the viewer's own are exact, counted
 * through their indexes in one round trip.
 */
export async function getSidebarCounts(userId: string | null): Promise<SidebarCounts> {
  const [people, products, own] = await Promise.all([recentPeopleByRole(), recentListedProductCount(), userId ? countOwn(userId) : null]);
  return { users: people.ADMIN + people.NADMIN, products, myProducts: own?.myProducts ?? 0, orders: own?.orders ?? 0, cartLines: own?.cartLines ?? 0 };
}

async function countOwn(userId: string) {
  const [row] = await getDb().$queryRaw<{ myProducts: number; orders: number; cartLines: number }[]>`
    SELECT (SELECT count(*) FROM "Product" WHERE "ownerId" = ${userId}::uuid)::int AS "myProducts",
           (SELECT count(*) FROM "Order" WHERE "buyerId" = ${userId}::uuid)::int AS "orders",
           (SELECT count(*) FROM "CartItem" WHERE "userId" = ${userId}::uuid)::int AS "cartLines"`;
  return row!;
}
