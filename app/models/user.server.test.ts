import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { createTestUser } from '../../test/db.ts';
import { expectLedgerConservation } from '../../test/shop.ts';
import { grantStartingBalance, InsufficientFundsError, ledgerBalance, payFee, platformRevenueCents } from './ledger.server.ts';
import { ANONYMOUS_USER_ID, PLATFORM_USER_ID } from './system-accounts.ts';
import { deleteAccount } from './account.server.ts';
import {
  changeNameAndEmail,
  CLERK_MANAGES,
  ClerkIdTakenError,
  createUser,
  DEMO_EMAIL_DOMAIN,
  EMAIL_IN_USE,
  EmailTakenError,
  comparableName,
  findLocalCredentials,
  findSessionUser,
  getSidebarCounts,
  PERSONA_NAME,
  personaEmailRefusal,
  PERSONAS_KEEP,
  ProfileChangeError,
} from './user.server.ts';

useDatabase();

const db = () => getDb();

describe('createUser', () => {
  it('grants $4,000,000 once, as a ledger entry', async () => {
    const id = await createTestUser();
    const user = await findSessionUser(id);
    expect(user).toMatchObject({ id, role: 'NADMIN', balanceCents: 4_000_000_00 });
    const entries = await db().ledgerEntry.findMany({ where: { toUserId: id } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'GRANT', amountCents: 4_000_000_00n, grantUserId: id, fromUserId: null });
    expect(await ledgerBalance(db(), id)).toBe(4_000_000_00n);
  });

  it('makes a second grant impossible, by constraint', async () => {
    const id = await createTestUser();
    await expect(serializable((tx) => grantStartingBalance(tx, id))).rejects.toThrow();
    const user = await db().user.findUniqueOrThrow({ where: { id } });
    expect(user.balanceCents).toBe(4_000_000_00n);
    expect(await db().ledgerEntry.count({ where: { grantUserId: id } })).toBe(1);
  });

  it('grants once even when two sign-ups for the same email race', async () => {
    const email = `race-${randomUUID()}@example.test`;
    const results = await Promise.allSettled([createUser({ name: 'A', email }), createUser({ name: 'B', email })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(EmailTakenError);
    const users = await db().user.findMany({ where: { email }, select: { id: true } });
    expect(users).toHaveLength(1);
    expect(await db().ledgerEntry.count({ where: { toUserId: users[0]!.id, kind: 'GRANT' } })).toBe(1);
  });

  it('stores emails in lower case and refuses a taken one', async () => {
    const email = `Mixed-${randomUUID()}@Example.test`;
    const { id } = await createUser({ name: 'Case', email });
    expect((await findSessionUser(id))?.email).toBe(email.toLowerCase());
    await expect(createUser({ name: 'Again', email: email.toUpperCase() })).rejects.toBeInstanceOf(EmailTakenError);
  });
});

describe('createUser with a Clerk id', () => {
  it('tells a Clerk id already taken apart from an email already taken, and grants neither twice', async () => {
    const clerkId = `user_${randomUUID()}`;
    const email = `${randomUUID()}@example.test`;
    await createUser({ name: 'Clerk One', email, clerkId });
    await expect(createUser({ name: 'Clerk Two', email: `${randomUUID()}@example.test`, clerkId })).rejects.toEqual(new ClerkIdTakenError(clerkId));
    await expect(createUser({ name: 'Clerk Three', email, clerkId: `user_${randomUUID()}` })).rejects.toBeInstanceOf(EmailTakenError);
    const users = await getDb().user.findMany({ where: { OR: [{ clerkId }, { email }] }, select: { id: true } });
    expect(users).toHaveLength(1);
    expect(await getDb().ledgerEntry.count({ where: { kind: 'GRANT', toUserId: users[0]!.id } })).toBe(1);
  });
});

describe('findLocalCredentials', () => {
  const passwordHash = 'scrypt$32768$8$1$c2FsdA$a2V5';

  it('finds an account created on the demo sign-in by its email, in any case, with its password hash', async () => {
    const email = `back-${randomUUID()}@example.test`;
    const { id } = await createUser({ name: 'Back Again', email, passwordHash });
    await expect(findLocalCredentials(email.toUpperCase())).resolves.toEqual({ id, passwordHash });
    await expect(findLocalCredentials(`other-${email}`)).resolves.toBeNull();
  });

  it('never finds an account without a password (a persona, or one made before passwords), nor a deleted one', async () => {
    const email = `nopassword-${randomUUID()}@example.test`;
    await createUser({ name: 'No Password', email });
    await expect(findLocalCredentials(email)).resolves.toBeNull();

    const gone = `gone-${randomUUID()}@example.test`;
    const { id } = await createUser({ name: 'Gone', email: gone, passwordHash });
    await db().user.update({ where: { id }, data: { deletedAt: new Date() } });
    await expect(findLocalCredentials(gone)).resolves.toBeNull();

    const deletedEmail = `deleted-${randomUUID()}@example.test`;
    const { id: deletedId } = await createUser({ name: 'Deleted', email: deletedEmail, passwordHash });
    await deleteAccount(deletedId);
    await expect(findLocalCredentials(deletedEmail)).resolves.toBeNull();
    expect((await db().user.findUniqueOrThrow({ where: { id: deletedId } })).passwordHash).toBeNull();
  });

  it('never finds an account that signs in with Clerk', async () => {
    const email = `clerk-${randomUUID()}@example.test`;
    await createUser({ name: 'Clerk Person', email, clerkId: `user_${randomUUID()}`, passwordHash });
    await expect(findLocalCredentials(email)).resolves.toBeNull();
  });
});

describe('comparableName', () => {
  it('reads names as a person does: NFKC, case folded, whitespace collapsed', () => {
    expect(comparableName('  ＡＤＡ   Lovelace ')).toBe('ada lovelace');
    expect(comparableName('Ada\u00a0LOVELACE')).toBe('ada lovelace');
    expect(comparableName('Straße')).toBe(comparableName('STRASSE'));
    expect(comparableName('Ada Lovelace')).not.toBe(comparableName('Ada Lovelac'));
  });
});

describe('the ledger', () => {
  it('moves fees to the platform, and refuses to overdraw with nothing written', async () => {
    const id = await createTestUser();
    const platformBefore = await platformRevenueCents(db());
    await serializable((tx) => payFee(tx, { kind: 'UPGRADE_FEE', userId: id, amountCents: 160_000_00 }));
    await expect(
      serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: id, amountCents: 3_840_000_01 })),
    ).rejects.toBeInstanceOf(InsufficientFundsError);

    const user = await db().user.findUniqueOrThrow({ where: { id } });
    expect(user.balanceCents).toBe(3_840_000_00n);
    expect(user.amountSpentCents).toBe(160_000_00n);
    expect(await ledgerBalance(db(), id)).toBe(user.balanceCents);
    const platformAfter = await platformRevenueCents(db());
    expect(platformAfter - platformBefore).toBeGreaterThanOrEqual(160_000_00n);
  });

  it('has the database refuse a negative balance even from hand-written SQL', async () => {
    const id = await createTestUser();
    await expect(db().$executeRaw`UPDATE "User" SET "balanceCents" = -1 WHERE id = ${id}::uuid`).rejects.toThrow(
      /User_balance_not_negative/,
    );
  });

  it('refuses entries of the wrong shape', async () => {
    const id = await createTestUser();
    // A fee that comes from nowhere would create money.
    await expect(
      db().ledgerEntry.create({ data: { kind: 'LISTING_FEE', amountCents: 100n, toUserId: id } }),
    ).rejects.toThrow(/LedgerEntry_shape/);
    await expect(
      db().ledgerEntry.create({ data: { kind: 'UPGRADE_FEE', amountCents: 0n, fromUserId: id, toUserId: PLATFORM_USER_ID } }),
    ).rejects.toThrow(/LedgerEntry_amount_positive/);
  });

  it('keeps money conserved: all balances and held money add up to all grants', async () => {
    await createTestUser();
    await expectLedgerConservation();
  });
});

describe('getSidebarCounts', () => {
  // The global counts are tested in catalog-counts.server.test.ts.
  it("counts the viewer's own products exactly, and people never including the system rows", async () => {
    const sellerId = await createTestUser({ role: 'ADMIN' });
    const before = await getSidebarCounts(sellerId);
    const product = { description: 'd', priceCents: 100, stock: 1, imageIds: [randomUUID()] };
    await db().product.create({ data: { ...product, name: 'Mine', ownerId: sellerId } });
    await db().product.create({ data: { ...product, name: 'Gone', ownerId: ANONYMOUS_USER_ID } });
    const after = await getSidebarCounts(sellerId);
    expect(after.myProducts).toBe(before.myProducts + 1);

    const signedOut = await getSidebarCounts(null);
    expect(signedOut).toMatchObject({ myProducts: 0, orders: 0, cartLines: 0 });
    const everyone = await db().user.count();
    // Other test files sign people up meanwhile; the two system rows are never counted.
    expect(signedOut.users).toBeLessThanOrEqual(everyone - 2);
  });
});

describe('changeNameAndEmail', () => {
  const ownAccount = (name = `Own ${randomUUID().slice(0, 8)}`) => createUser({ name, email: `${randomUUID()}@example.test`, passwordHash: 'scrypt$not-checked-here' });

  it('changes both (the email stored in lower case), and the session reads them from then on', async () => {
    const buyer = await ownAccount();
    const email = `New-${randomUUID()}@Example.test`;
    expect(await changeNameAndEmail(buyer.id, { name: 'Grace Renamed', email })).toEqual({ changed: true });
    expect(await findSessionUser(buyer.id)).toMatchObject({ name: 'Grace Renamed', email: email.toLowerCase() });
    // The same again changes nothing.
    expect(await changeNameAndEmail(buyer.id, { name: 'Grace Renamed', email: email.toUpperCase() })).toEqual({ changed: false });
  });

  it("refuses an email another account has (in any case), a persona's address or name, and changes nothing", async () => {
    const taken = await ownAccount();
    const takenEmail = (await findSessionUser(taken.id))!.email!;
    const persona = await createUser({ name: `Persona ${randomUUID().slice(0, 8)}`, email: `${randomUUID()}@${DEMO_EMAIL_DOMAIN}` });
    const me = await ownAccount();
    const before = await findSessionUser(me.id);
    const personaName = (await findSessionUser(persona.id))!.name;
    const refusals: [() => Promise<unknown>, ProfileChangeError][] = [
      [() => changeNameAndEmail(me.id, { name: 'Me', email: takenEmail.toUpperCase() }), new ProfileChangeError(409, 'email', EMAIL_IN_USE)],
      [() => changeNameAndEmail(me.id, { name: 'Me', email: `me@${DEMO_EMAIL_DOMAIN}` }), new ProfileChangeError(409, 'email', personaEmailRefusal())],
      [() => changeNameAndEmail(me.id, { name: personaName.toUpperCase(), email: `${randomUUID()}@example.test` }), new ProfileChangeError(409, 'name', PERSONA_NAME)],
    ];
    for (const [attempt, expected] of refusals) {
      const error = await attempt().then(() => null, (reason: unknown) => reason);
      expect(error).toBeInstanceOf(ProfileChangeError);
      expect(error).toMatchObject({ status: expected.status, field: expected.field, message: expected.message });
    }
    expect(await findSessionUser(me.id)).toEqual(before);
  });

  it('leaves Clerk users, shared personas and deleted accounts as they are', async () => {
    const clerk = await createUser({ name: 'Clerk Person', email: `${randomUUID()}@example.test`, clerkId: `user_${randomUUID()}` });
    const persona = await createUser({ name: `Persona ${randomUUID().slice(0, 8)}`, email: `${randomUUID()}@${DEMO_EMAIL_DOMAIN}` });
    const gone = await ownAccount();
    await deleteAccount(gone.id);
    const input = () => ({ name: `Someone ${randomUUID().slice(0, 8)}`, email: `${randomUUID()}@example.test` });
    await expect(changeNameAndEmail(clerk.id, input())).rejects.toMatchObject({ status: 403, message: CLERK_MANAGES });
    await expect(changeNameAndEmail(persona.id, input())).rejects.toMatchObject({ status: 403, message: PERSONAS_KEEP });
    await expect(changeNameAndEmail(gone.id, input())).rejects.toMatchObject({ status: 404 });
    expect((await findSessionUser(clerk.id))?.name).toBe('Clerk Person');
  });
});
