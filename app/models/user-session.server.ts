// Stored sessions of the demo sign-in (Clerk mode keeps Clerk's): the only writer of UserSession.
// The cookie carries a random token; the table keeps its SHA-256, so neither a database dump nor a
// log signs anyone in, and deleting a row ends that session wherever its cookie was copied.
import { createHash, randomBytes } from 'node:crypto';
import { Prisma } from '~/generated/prisma/client';
import { getDb } from '~/utils/db.server.ts';
import type { Tx } from '~/utils/transaction.server.ts';
import { centsToNumber } from '~/utils/money.ts';
import { ownCountsColumns, type OwnCounts } from './own-counts.server.ts';
import type { SessionUser } from './user.server.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A session unused this long ends (sliding). */
export const SESSION_IDLE_MS = 14 * DAY;
/** A session ends this long after sign-in, however busy. */
export const SESSION_ABSOLUTE_MS = 60 * DAY;
/** lastSeenAt is written at most this often: a page view must not cost a write. */
const SESSION_REFRESH_MS = 5 * MINUTE;

function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Starts a session for `userId`; returns the token for the cookie (never stored as is).
 * `firstOfAccount`: the account was made for this sign-in, which then greets it as new.
 */
export async function createUserSession(userId: string, { firstOfAccount = false } = {}): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  const session = await getDb().userSession.create({
    data: {
      tokenHash: hashSessionToken(token),
      userId,
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + Math.min(SESSION_IDLE_MS, SESSION_ABSOLUTE_MS)),
    },
    select: { id: true },
  });
  if (firstOfAccount) await getDb().user.updateMany({ where: { id: userId, firstSessionId: null }, data: { firstSessionId: session.id } });
  return token;
}

type Row = {
  sessionId: string;
  lastSeenAt: Date;
  createdAt: Date;
  firstSessionId: string | null;
  id: string;
  name: string;
  email: string | null;
  role: SessionUser['role'];
  balanceCents: bigint;
} & OwnCounts;

/**
 * The person signed in by `token`: null when the session is unknown, ended or expired, or the
 * account is deleted or not a person's. One round trip; lastSeenAt (and with it the idle expiry)
 * moves on only when it is SESSION_REFRESH_MS old.
 */
export async function findUserBySessionToken(token: string): Promise<SessionUser | null> {
  const db = getDb();
  const [row] = await db.$queryRaw<Row[]>`
    SELECT s."id" AS "sessionId", s."lastSeenAt", s."createdAt", u."firstSessionId", u."id", u."name", u."email", u."role", u."balanceCents",
      ${ownCountsColumns(Prisma.raw('u."id"'))}
    FROM "UserSession" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."tokenHash" = ${hashSessionToken(token)} AND s."expiresAt" > now()
      AND u."deletedAt" IS NULL AND u."role" IN ('NADMIN', 'ADMIN')`;
  if (!row) return null;
  const now = Date.now();
  if (now - row.lastSeenAt.getTime() >= SESSION_REFRESH_MS) {
    const expiresAt = new Date(Math.min(now + SESSION_IDLE_MS, row.createdAt.getTime() + SESSION_ABSOLUTE_MS));
    // Two requests may both refresh: the same values, no harm. A session ended meanwhile stays ended.
    await db.userSession.updateMany({ where: { id: row.sessionId }, data: { lastSeenAt: new Date(now), expiresAt } });
  }
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    balanceCents: centsToNumber(row.balanceCents),
    isNewAccount: row.firstSessionId === row.sessionId,
    ownCounts: { myProducts: row.myProducts, orders: row.orders, sales: row.sales, cartLines: row.cartLines },
  };
}

/** Ends the session of `token` (sign-out). Ending one that is gone already changes nothing. */
export async function endUserSession(token: string): Promise<void> {
  await getDb().userSession.deleteMany({ where: { tokenHash: hashSessionToken(token) } });
}

/**
 * Ends every session of the person signed in by `token` ("Sign out of all devices"); returns how
 * many. An ended or expired session ends only itself: it no longer speaks for anyone.
 */
export async function endAllSessionsOf(token: string): Promise<number> {
  const tokenHash = hashSessionToken(token);
  const session = await getDb().userSession.findFirst({ where: { tokenHash, expiresAt: { gt: new Date() } }, select: { userId: true } });
  const { count } = await getDb().userSession.deleteMany({ where: session ? { userId: session.userId } : { tokenHash } });
  return count;
}

/**
 * Account deletion, inside its transaction: every session ends and the password is forgotten, so
 * nothing signs into the anonymised row again.
 */
export async function revokeSignInsInTx(tx: Tx, userId: string): Promise<void> {
  await tx.userSession.deleteMany({ where: { userId } });
  await tx.user.update({ where: { id: userId }, data: { passwordHash: null }, select: { id: true } });
}

/** Forgets sessions that have expired (the scheduled sessions-prune job); returns how many. */
export async function pruneUserSessions(): Promise<number> {
  const { count } = await getDb().userSession.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  return count;
}
