// Users: creation (with the starting grant), the signed-in user's summary and sidebar counts.
import { Prisma } from '~/generated/prisma/client';
import type { Role } from '~/generated/prisma/enums';
import { getDb } from '~/utils/db.server.ts';
import { serializable, type Tx } from '~/utils/transaction.server.ts';
import { centsToNumber } from '~/utils/money.ts';
import { grantStartingBalance } from './ledger.server.ts';
import { ANONYMOUS_USER_ID, PERSON_ROLES } from './system-accounts.ts';

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

/** `sales`: order lines the user sold (the rows of /sales). */
export type SidebarCounts = { users: number; products: number; myProducts: number; orders: number; sales: number; cartLines: number };

/** Badge numbers of the layout; the per-user ones are zero for a signed-out visitor. */
export async function getSidebarCounts(userId: string | null): Promise<SidebarCounts> {
  const db = getDb();
  const [users, products, myProducts, orders, sales, cartLines] = await Promise.all([
    db.user.count({ where: { role: { in: PERSON_ROLES }, deletedAt: null } }),
    db.product.count({ where: { ownerId: { not: ANONYMOUS_USER_ID } } }),
    userId ? db.product.count({ where: { ownerId: userId } }) : 0,
    userId ? db.order.count({ where: { buyerId: userId } }) : 0,
    userId ? db.orderItem.count({ where: { sellerId: userId } }) : 0,
    userId ? db.cartItem.count({ where: { userId } }) : 0,
  ]);
  return { users, products, myProducts, orders, sales, cartLines };
}
