// Users: creation (with the starting grant), Clerk users kept in sync, the signed-in user's summary
// and sidebar counts.
import { Prisma } from '~/generated/prisma/client';
import type { Role } from '~/generated/prisma/enums';
import type { ClerkProfile } from '~/utils/clerk.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { serializable, type Tx } from '~/utils/transaction.server.ts';
import { credentialKey } from '~/utils/password.server.ts';
import { uniqueViolationTarget } from '~/utils/unique-violation.server.ts';
import { centsToNumber } from '~/utils/money.ts';
import { recentListedProductCount, recentPeopleByRole } from './catalog-counts.server.ts';
import { ownCountsColumns, type OwnCounts } from './own-counts.server.ts';
import { grantStartingBalance } from './ledger.server.ts';
import { PERSON_ROLES } from './system-accounts.ts';

/** Accounts made by the demo seed; the local sign-in page offers them. */
export const DEMO_EMAIL_DOMAIN = 'demo.reen.local';

/** `isNewAccount`: this is the session the account was first used in (greeted "Welcome", not "Welcome back"). */
export type SessionUser = {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  balanceCents: number;
  isNewAccount: boolean;
  /** The header's own counts, when they were read with the session (one statement for both). */
  ownCounts?: OwnCounts;
};

export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
  constructor() {
    super('An account with this email already exists.');
  }
}

/** Another row already has this Clerk id (two first sign-ins, or a sign-in and a webhook, racing). */
export class ClerkIdTakenError extends Error {
  override name = 'ClerkIdTakenError';
  constructor(readonly clerkId: string) {
    super('A user with this Clerk id already exists.');
  }
}

/** Another account signed up with the same email and password first (the same person, twice at once). */
class CredentialTakenError extends Error {
  override name = 'CredentialTakenError';
  constructor() {
    super('An account with this email and password already exists.');
  }
}

export type NewUser = { name: string; email: string | null; clerkId?: string; role?: Role; passwordHash?: string };

/** Creates a person with the $4,000,000 grant, in one transaction. */
export async function createUser(input: NewUser) {
  try {
    return await serializable((tx) => createUserInTx(tx, input));
  } catch (error) {
    throw uniqueClash(error, input) ?? error;
  }
}

/** The domain error for a unique violation on User (email or Clerk id), or null for any other error. */
function uniqueClash(error: unknown, input: NewUser): Error | null {
  const names = uniqueViolationTarget(error);
  if (names === null) return null;
  if (names.includes('clerkId') && input.clerkId) return new ClerkIdTakenError(input.clerkId);
  if (names.includes('email')) return new EmailTakenError();
  if (names.includes('passwordHash')) return new CredentialTakenError();
  return null;
}

export async function createUserInTx(tx: Tx, input: NewUser) {
  const user = await tx.user.create({
    data: {
      name: input.name,
      email: input.email?.toLowerCase() ?? null,
      clerkId: input.clerkId,
      role: input.role ?? 'NADMIN',
      passwordHash: input.passwordHash,
    },
    select: { id: true },
  });
  await grantStartingBalance(tx, user.id);
  return user;
}

const sessionUserSelect = { id: true, name: true, email: true, role: true, balanceCents: true } as const;

/**
 * The person signed in with Clerk as `profile.clerkId`, created on their first request with the
 * starting grant (no webhook needed). Null for a Clerk id whose account was deleted here. A first
 * request racing another one or the user.created job creates one user and one grant: the Clerk id
 * is unique, and the loser reads the winner's row.
 */
export async function findOrCreateClerkUser(
  clerkId: string,
  sessionId: string | null,
  profile: () => Promise<ClerkProfile | null>,
): Promise<SessionUser | null> {
  let user = await findClerkUser(clerkId);
  if (user === undefined) {
    const fresh = await profile();
    if (!fresh) return null;
    await ensureClerkUser(fresh);
    user = await findClerkUser(clerkId);
  }
  if (!user) return null;
  const { firstSessionId, ...sessionUser } = user;
  return { ...sessionUser, isNewAccount: sessionId !== null && (firstSessionId ?? (await claimFirstSession(user.id, sessionId))) === sessionId };
}

/**
 * Records `sessionId` as the account's first (a row made by the sign-up webhook, or on this very
 * request, has none yet); returns the first session, which another request may have claimed.
 */
async function claimFirstSession(userId: string, sessionId: string): Promise<string | null> {
  const db = getDb();
  await db.user.updateMany({ where: { id: userId, firstSessionId: null }, data: { firstSessionId: sessionId } });
  return (await db.user.findUnique({ where: { id: userId }, select: { firstSessionId: true } }))?.firstSessionId ?? null;
}

/** undefined: no row yet; null: a deleted or remembered-deleted account. */
async function findClerkUser(clerkId: string) {
  const db = getDb();
  const [user, deleted] = await Promise.all([
    db.user.findUnique({ where: { clerkId }, select: { ...sessionUserSelect, deletedAt: true, firstSessionId: true } }),
    db.deletedClerkId.findUnique({ where: { clerkId }, select: { clerkId: true } }),
  ]);
  if (deleted || user?.deletedAt || (user && !PERSON_ROLES.includes(user.role))) return null;
  if (!user) return undefined;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    balanceCents: centsToNumber(user.balanceCents),
    firstSessionId: user.firstSessionId,
  };
}

export type ClerkSyncOutcome = 'created' | 'updated' | 'unchanged' | 'deleted-account';

/**
 * Makes the local user match Clerk's `profile` (user.created, user.updated and the first request):
 * created with the grant when missing, name and email updated otherwise, never brought back once
 * deleted. An email another account holds is not taken from it: the user keeps theirs (none, when new).
 */
export async function ensureClerkUser(profile: ClerkProfile): Promise<ClerkSyncOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await serializable((tx) => ensureClerkUserInTx(tx, profile));
    } catch (error) {
      // Another creator won the race (for the Clerk id: and paid the grant): the next round sees its row.
      if (uniqueClash(error, profile) && attempt < 3) continue;
      throw error;
    }
  }
}

async function ensureClerkUserInTx(tx: Tx, profile: ClerkProfile): Promise<ClerkSyncOutcome> {
  const { clerkId, name } = profile;
  if (await tx.deletedClerkId.findUnique({ where: { clerkId }, select: { clerkId: true } })) return 'deleted-account';
  const email = profile.email?.toLowerCase() ?? null;
  // Unique among accounts without a password (Clerk users, personas); demo sign-ups may share one.
  const holder = email ? await tx.user.findFirst({ where: { email, passwordHash: null }, select: { clerkId: true } }) : null;
  const emailFree = email !== null && (!holder || holder.clerkId === clerkId);
  if (email && !emailFree) logger().warn({ clerkId }, 'the Clerk email is held by another account; it is not copied');

  const user = await tx.user.findUnique({ where: { clerkId }, select: { id: true, name: true, email: true, deletedAt: true } });
  if (!user) {
    await createUserInTx(tx, { name, email: emailFree ? email : null, clerkId });
    return 'created';
  }
  if (user.deletedAt) return 'deleted-account';
  const nextEmail = !email ? null : emailFree ? email : user.email;
  if (user.name === name && user.email === nextEmail) return 'unchanged';
  await tx.user.update({ where: { id: user.id }, data: { name, email: nextEmail } });
  return 'updated';
}

/** The Clerk id of a person signed in with Clerk (null for demo accounts). */
export async function clerkIdOf(userId: string): Promise<string | null> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { clerkId: true } });
  return user?.clerkId ?? null;
}

/** The signed-in person, or null when the id is unknown, a system row or a deleted account. */
export async function findSessionUser(userId: string): Promise<SessionUser | null> {
  const user = await getDb().user.findFirst({
    where: { id: userId, role: { in: PERSON_ROLES }, deletedAt: null },
    select: sessionUserSelect,
  });
  return user && { ...user, balanceCents: centsToNumber(user.balanceCents), isNewAccount: false };
}

/**
 * The seeded demo personas, shared by design: the sign-in page offers each as a one-click button.
 * Only the seed makes them (sign-up refuses their email domain), and never Clerk.
 */
const personaWhere = { email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` }, clerkId: null, role: { in: PERSON_ROLES }, deletedAt: null };

export async function listDemoAccounts() {
  return getDb().user.findMany({
    where: personaWhere,
    select: { id: true, name: true, role: true },
    orderBy: [{ role: 'asc' }, { name: 'asc' }],
  });
}

export async function isDemoAccount(userId: string) {
  const user = await getDb().user.findFirst({ where: { ...personaWhere, id: userId }, select: { id: true } });
  return user !== null;
}

/** A name as a person reads it: NFKC, case folded, whitespace collapsed ("ＡＤＡ  lovelace" reads "ada lovelace"). */
export function comparableName(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** Whether `name` reads as a persona's name: a new account may not look like one. */
export async function looksLikePersona(name: string): Promise<boolean> {
  const wanted = comparableName(name);
  const personas = await getDb().user.findMany({ where: { email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` }, clerkId: null }, select: { name: true } });
  return personas.some((persona) => comparableName(persona.name) === wanted);
}

/** Whether `email` is in the personas' domain, which only the seed may use. */
export function isPersonaEmail(email: string): boolean {
  return email.toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`);
}

const localAccountWhere = { clerkId: null, role: { in: PERSON_ROLES }, deletedAt: null };

/**
 * The account made on the demo sign-in with this email and credential key (`credentialKey()`), or
 * null: an unknown email, a wrong password, a persona, a Clerk user and a deleted account all look
 * alike (ADR 013).
 */
export async function findLocalAccount(email: string, key: string): Promise<{ id: string } | null> {
  return getDb().user.findFirst({ where: { ...localAccountWhere, email: email.toLowerCase(), passwordHash: key }, select: { id: true } });
}

/**
 * Sign-up on the demo sign-in: a new account with the starting grant, or the account that already has
 * this email and password (its owner signing up twice). Whether another account uses the email makes
 * no difference, so sign-up tells nobody which emails have accounts.
 */
export async function signUpLocally(input: { name: string; email: string; key: string }): Promise<{ id: string; created: boolean }> {
  const existing = await findLocalAccount(input.email, input.key);
  if (existing) return { ...existing, created: false };
  try {
    return { ...(await createUser({ name: input.name, email: input.email, passwordHash: input.key })), created: true };
  } catch (error) {
    if (!(error instanceof CredentialTakenError)) throw error;
    // The same sign-up, sent twice at once: the first made the account.
    const winner = await findLocalAccount(input.email, input.key);
    if (!winner) throw error;
    return { ...winner, created: false };
  }
}

/** A change of name or email refused: the message is for the person, `field` says where it goes, `status` the HTTP answer. */
export class ProfileChangeError extends Error {
  override name = 'ProfileChangeError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409,
    readonly field: 'name' | 'email' | 'password' | 'form',
    message: string,
  ) {
    super(message);
  }
}

export const EMAIL_IN_USE = 'Another account opens with this email and this password: choose another email.';
export const PASSWORD_FOR_EMAIL = 'Enter your password to change your email: your email and password together open your account.';
export const WRONG_PASSWORD = 'That is not the password of this account. Nothing was changed.';
export const PERSONA_NAME = 'This is the name of a demo account: choose another, so nobody mistakes you for it.';
export const personaEmailRefusal = () => `Addresses @${DEMO_EMAIL_DOMAIN} belong to the demo accounts: use another email.`;
export const CLERK_MANAGES = 'Your name and email are managed by your Clerk account: change them there.';
export const PERSONAS_KEEP = 'The demo accounts are shared, so their name and email stay as they are: create an account of your own to choose yours.';

/**
 * Changes the name and email of an account created on the demo sign-in, with the sign-up's rules
 * (validated by the caller with person-fields.ts; no persona's name or address). Its email and
 * password together open the account (ADR 013), so a new email takes the password, which is checked
 * and keyed again with the new address. Orders, sales, emails and the users list read the user
 * row, so they show the new name from then on. A Clerk user changes theirs at Clerk (user.updated
 * brings it here); a shared persona keeps its own, so the sign-in page's buttons stay what they say.
 */
export async function changeNameAndEmail(userId: string, input: { name: string; email: string; password?: string }): Promise<{ changed: boolean }> {
  const email = input.email.toLowerCase();
  if (isPersonaEmail(email)) throw new ProfileChangeError(409, 'email', personaEmailRefusal());
  if (await looksLikePersona(input.name)) throw new ProfileChangeError(409, 'name', PERSONA_NAME);
  const user = await getDb().user.findFirst({
    where: { id: userId, role: { in: PERSON_ROLES }, deletedAt: null },
    select: { name: true, email: true, clerkId: true, passwordHash: true },
  });
  if (!user) throw new ProfileChangeError(404, 'form', 'This account does not exist any more.');
  if (user.clerkId) throw new ProfileChangeError(403, 'form', CLERK_MANAGES);
  if (user.email && isPersonaEmail(user.email)) throw new ProfileChangeError(403, 'form', PERSONAS_KEEP);
  if (user.name === input.name && user.email === email) return { changed: false };
  const passwordHash = user.email === email || !user.passwordHash ? user.passwordHash : await rekey(user.email, user.passwordHash, email, input.password);
  try {
    return await serializable(async (tx) => {
      // Written only if the account is as read above: a change made meanwhile is not overwritten.
      const { count } = await tx.user.updateMany({
        where: { id: userId, deletedAt: null, email: user.email, passwordHash: user.passwordHash },
        data: { name: input.name, email, passwordHash },
      });
      if (count === 0) throw new ProfileChangeError(409, 'form', 'Your account changed meanwhile: look at it again, then save.');
      return { changed: true };
    });
  } catch (error) {
    const target = uniqueViolationTarget(error);
    if (target?.includes('email') || target?.includes('passwordHash')) throw new ProfileChangeError(409, 'email', EMAIL_IN_USE);
    throw error;
  }
}

/** The credential key of the account's password with its new email, after checking the password against the current one. */
async function rekey(currentEmail: string | null, currentKey: string, newEmail: string, password: string | undefined): Promise<string> {
  if (!password) throw new ProfileChangeError(400, 'password', PASSWORD_FOR_EMAIL);
  if (!currentEmail || (await credentialKey(currentEmail, password)) !== currentKey) throw new ProfileChangeError(401, 'password', WRONG_PASSWORD);
  return credentialKey(newEmail, password);
}

export type SidebarCounts = { users: number; products: number } & OwnCounts;

/**
 * Badge numbers of the layout; the per-user ones are zero for a signed-out visitor. The global ones
 * may be a couple of seconds old (catalog-counts.server.ts); the viewer's own are exact: those read
 * with their session (`user.ownCounts`), else counted through their indexes in one round trip.
 */
export async function getSidebarCounts(user: { id: string; ownCounts?: OwnCounts } | null): Promise<SidebarCounts> {
  const [people, products, own] = await Promise.all([recentPeopleByRole(), recentListedProductCount(), user ? (user.ownCounts ?? countOwn(user.id)) : null]);
  return {
    users: people.ADMIN + people.NADMIN,
    products,
    myProducts: own?.myProducts ?? 0,
    orders: own?.orders ?? 0,
    sales: own?.sales ?? 0,
    cartLines: own?.cartLines ?? 0,
  };
}

async function countOwn(userId: string): Promise<OwnCounts> {
  const [row] = await getDb().$queryRaw<OwnCounts[]>`SELECT ${ownCountsColumns(Prisma.sql`${userId}::uuid`)}`;
  return row!;
}
