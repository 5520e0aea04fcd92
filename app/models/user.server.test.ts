import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { createUser as createTestUser } from '../../test/factories.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { expectLedgerConservation } from '../../test/invariants.ts';
import { grantStartingBalance, InsufficientFundsError, ledgerBalance, payFee, platformRevenueCents } from './ledger.server.ts';
import { ANONYMOUS_USER_ID, PLATFORM_USER_ID } from './system-accounts.ts';
import { deleteAccount } from './account.server.ts';
import { credentialKey } from '~/utils/password.server.ts';
import {
  changeNameAndEmail,
  CLERK_MANAGES,
  ClerkIdTakenError,
  createUser,
  DEMO_EMAIL_DOMAIN,
  EMAIL_IN_USE,
  EmailTakenError,
  comparableName,
  ensureClerkUser,
  findOrCreateClerkUser,
  findLocalAccount,
  findSessionUser,
  getSidebarCounts,
  PASSWORD_FOR_EMAIL,
  PERSONA_NAME,
  personaEmailRefusal,
  PERSONAS_KEEP,
  ProfileChangeError,
  signUpLocally,
  WRONG_PASSWORD,
} from './user.server.ts';

useDatabase();

const db = () => getDb();

describe('createUser', () => {
  it('grants $4,000,000 once, as a ledger entry', async () => {
    const { id } = await createTestUser();
    const user = await findSessionUser(id);
    expect(user).toMatchObject({ id, role: 'NADMIN', balanceCents: 4_000_000_00 });
    const entries = await db().ledgerEntry.findMany({ where: { toUserId: id } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'GRANT', amountCents: 4_000_000_00n, grantUserId: id, fromUserId: null });
    expect(await ledgerBalance(db(), id)).toBe(4_000_000_00n);
  });

  it('makes a second grant impossible, by constraint', async () => {
    const { id } = await createTestUser();
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

describe('findLocalAccount', () => {
  const PASSWORD = 'correct horse battery';

  it('finds an account created on the demo sign-in by its email, in any case, and its password', async () => {
    const email = `back-${randomUUID()}@example.test`;
    const key = await credentialKey(email, PASSWORD);
    const { id } = await createUser({ name: 'Back Again', email, passwordHash: key });
    await expect(findLocalAccount(email.toUpperCase(), key)).resolves.toEqual({ id });
    await expect(findLocalAccount(email, await credentialKey(email, `${PASSWORD}!`))).resolves.toBeNull();
    await expect(findLocalAccount(`other-${email}`, key)).resolves.toBeNull();
  });

  it('never finds a deleted account, nor one that signs in with Clerk', async () => {
    const gone = `gone-${randomUUID()}@example.test`;
    const goneKey = await credentialKey(gone, PASSWORD);
    const { id } = await createUser({ name: 'Gone', email: gone, passwordHash: goneKey });
    await deleteAccount(id);
    await expect(findLocalAccount(gone, goneKey)).resolves.toBeNull();
    expect((await db().user.findUniqueOrThrow({ where: { id } })).passwordHash).toBeNull();

    const clerk = `clerk-${randomUUID()}@example.test`;
    const clerkKey = await credentialKey(clerk, PASSWORD);
    await createUser({ name: 'Clerk Person', email: clerk, clerkId: `user_${randomUUID()}`, passwordHash: clerkKey });
    await expect(findLocalAccount(clerk, clerkKey)).resolves.toBeNull();
  });
});

describe('signUpLocally', () => {
  it('makes an account of its own for an email that other accounts use, each with its grant', async () => {
    const email = `shared-${randomUUID()}@example.test`;
    await createUser({ name: 'Without password', email });
    const first = await signUpLocally({ name: 'First', email, key: await credentialKey(email, 'first password') });
    const second = await signUpLocally({ name: 'Second', email, key: await credentialKey(email, 'second password') });
    expect([first.created, second.created]).toEqual([true, true]);
    expect(first.id).not.toBe(second.id);
    expect(await db().ledgerEntry.count({ where: { kind: 'GRANT', toUserId: { in: [first.id, second.id] } } })).toBe(2);
  });

  it('signs the same email and password into one account, even when both sign-ups race', async () => {
    const email = `race-${randomUUID()}@example.test`;
    const key = await credentialKey(email, 'same password');
    const results = await Promise.all([
      signUpLocally({ name: 'A', email, key }),
      signUpLocally({ name: 'B', email, key }),
      signUpLocally({ name: 'C', email, key }),
    ]);
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await db().user.count({ where: { email } })).toBe(1);
    expect(await db().ledgerEntry.count({ where: { kind: 'GRANT', toUserId: results[0]!.id } })).toBe(1);
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
    const { id } = await createTestUser();
    const platformBefore = await platformRevenueCents(db());
    await serializable((tx) => payFee(tx, { kind: 'UPGRADE_FEE', userId: id, amountCents: 160_000_00 }));
    await expect(serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: id, amountCents: 3_840_000_01 }))).rejects.toBeInstanceOf(
      InsufficientFundsError,
    );

    const user = await db().user.findUniqueOrThrow({ where: { id } });
    expect(user.balanceCents).toBe(3_840_000_00n);
    expect(user.amountSpentCents).toBe(160_000_00n);
    expect(await ledgerBalance(db(), id)).toBe(user.balanceCents);
    const platformAfter = await platformRevenueCents(db());
    expect(platformAfter - platformBefore).toBeGreaterThanOrEqual(160_000_00n);
  });

  it('has the database refuse a negative balance even from hand-written SQL', async () => {
    const { id } = await createTestUser();
    await expect(db().$executeRaw`UPDATE "User" SET "balanceCents" = -1 WHERE id = ${id}::uuid`).rejects.toThrow(/User_balance_not_negative/);
  });

  it('refuses entries of the wrong shape', async () => {
    const { id } = await createTestUser();
    // A fee that comes from nowhere would create money.
    await expect(db().ledgerEntry.create({ data: { kind: 'LISTING_FEE', amountCents: 100n, toUserId: id } })).rejects.toThrow(/LedgerEntry_shape/);
    await expect(db().ledgerEntry.create({ data: { kind: 'UPGRADE_FEE', amountCents: 0n, fromUserId: id, toUserId: PLATFORM_USER_ID } })).rejects.toThrow(
      /LedgerEntry_amount_positive/,
    );
  });

  it('keeps money conserved: all balances and held money add up to all grants', async () => {
    await createTestUser();
    await expectLedgerConservation();
  });
});

describe('getSidebarCounts', () => {
  // The global counts are tested in catalog-counts.server.test.ts.
  it("counts the viewer's own products exactly, and people never including the system rows", async () => {
    const { id: sellerId } = await createTestUser({ role: 'ADMIN' });
    const before = await getSidebarCounts({ id: sellerId });
    const product = { description: 'd', priceCents: 100, stock: 1, imageIds: [randomUUID()] };
    await db().product.create({ data: { ...product, name: 'Mine', ownerId: sellerId } });
    await db().product.create({ data: { ...product, name: 'Gone', ownerId: ANONYMOUS_USER_ID } });
    const after = await getSidebarCounts({ id: sellerId });
    expect(after.myProducts).toBe(before.myProducts + 1);

    const signedOut = await getSidebarCounts(null);
    expect(signedOut).toMatchObject({ myProducts: 0, orders: 0, cartLines: 0 });
    const everyone = await db().user.count();
    // Other test files sign people up meanwhile; the two system rows are never counted.
    expect(signedOut.users).toBeLessThanOrEqual(everyone - 2);
  });
});

describe('changeNameAndEmail', () => {
  const PASSWORD = 'correct horse battery';
  const ownAccount = async (name = `Own ${randomUUID().slice(0, 8)}`, email = `${randomUUID()}@example.test`) => {
    const account = await signUpLocally({ name, email, key: await credentialKey(email, PASSWORD) });
    return { ...account, email };
  };

  it('changes the name alone without a password, and the session reads it from then on', async () => {
    const buyer = await ownAccount();
    expect(await changeNameAndEmail(buyer.id, { name: 'Grace Renamed', email: buyer.email.toUpperCase() })).toEqual({ changed: true });
    expect(await findSessionUser(buyer.id)).toMatchObject({ name: 'Grace Renamed', email: buyer.email });
    // The same again changes nothing.
    expect(await changeNameAndEmail(buyer.id, { name: 'Grace Renamed', email: buyer.email })).toEqual({ changed: false });
  });

  it('changes the email with the password, which then opens the account with the new email only', async () => {
    const buyer = await ownAccount();
    const email = `New-${randomUUID()}@Example.test`;
    expect(await changeNameAndEmail(buyer.id, { name: 'Moved', email, password: PASSWORD })).toEqual({ changed: true });
    expect(await findSessionUser(buyer.id)).toMatchObject({ name: 'Moved', email: email.toLowerCase() });
    await expect(findLocalAccount(email, await credentialKey(email, PASSWORD))).resolves.toEqual({ id: buyer.id });
    await expect(findLocalAccount(buyer.email, await credentialKey(buyer.email, PASSWORD))).resolves.toBeNull();
  });

  it("refuses a new email without the password or with a wrong one, an email and password another account opens with, a persona's address or name, and changes nothing", async () => {
    const other = await ownAccount();
    const persona = await createUser({ name: `Persona ${randomUUID().slice(0, 8)}`, email: `${randomUUID()}@${DEMO_EMAIL_DOMAIN}` });
    const me = await ownAccount();
    const before = await findSessionUser(me.id);
    const personaName = (await findSessionUser(persona.id))!.name;
    const fresh = () => `${randomUUID()}@example.test`;
    const refusals: [() => Promise<unknown>, ProfileChangeError][] = [
      [() => changeNameAndEmail(me.id, { name: 'Me', email: fresh() }), new ProfileChangeError(400, 'password', PASSWORD_FOR_EMAIL)],
      [() => changeNameAndEmail(me.id, { name: 'Me', email: fresh(), password: `${PASSWORD}!` }), new ProfileChangeError(401, 'password', WRONG_PASSWORD)],
      [
        () => changeNameAndEmail(me.id, { name: 'Me', email: other.email.toUpperCase(), password: PASSWORD }),
        new ProfileChangeError(409, 'email', EMAIL_IN_USE),
      ],
      [
        () => changeNameAndEmail(me.id, { name: 'Me', email: `me@${DEMO_EMAIL_DOMAIN}`, password: PASSWORD }),
        new ProfileChangeError(409, 'email', personaEmailRefusal()),
      ],
      [
        () => changeNameAndEmail(me.id, { name: personaName.toUpperCase(), email: fresh(), password: PASSWORD }),
        new ProfileChangeError(409, 'name', PERSONA_NAME),
      ],
    ];
    for (const [attempt, expected] of refusals) {
      const error = await attempt().then(
        () => null,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(ProfileChangeError);
      expect(error).toMatchObject({ status: expected.status, field: expected.field, message: expected.message });
    }
    expect(await findSessionUser(me.id)).toEqual(before);
  });

  it('takes an email another account uses with another password: in the demo an email is not an identity', async () => {
    const address = `${randomUUID()}@example.test`;
    const other = await signUpLocally({ name: 'Other', email: address, key: await credentialKey(address, 'a different password') });
    const me = await ownAccount();
    expect(await changeNameAndEmail(me.id, { name: 'Me', email: address, password: PASSWORD })).toEqual({ changed: true });
    await expect(findLocalAccount(address, await credentialKey(address, PASSWORD))).resolves.toEqual({ id: me.id });
    await expect(findLocalAccount(address, await credentialKey(address, 'a different password'))).resolves.toEqual({ id: other.id });
  });

  it('leaves Clerk users, shared personas and deleted accounts as they are', async () => {
    const clerk = await createUser({ name: 'Clerk Person', email: `${randomUUID()}@example.test`, clerkId: `user_${randomUUID()}` });
    const persona = await createUser({ name: `Persona ${randomUUID().slice(0, 8)}`, email: `${randomUUID()}@${DEMO_EMAIL_DOMAIN}` });
    const gone = await ownAccount();
    await deleteAccount(gone.id);
    const input = () => ({ name: `Someone ${randomUUID().slice(0, 8)}`, email: `${randomUUID()}@example.test`, password: PASSWORD });
    await expect(changeNameAndEmail(clerk.id, input())).rejects.toMatchObject({ status: 403, message: CLERK_MANAGES });
    await expect(changeNameAndEmail(persona.id, input())).rejects.toMatchObject({ status: 403, message: PERSONAS_KEEP });
    await expect(changeNameAndEmail(gone.id, input())).rejects.toMatchObject({ status: 404 });
    expect((await findSessionUser(clerk.id))?.name).toBe('Clerk Person');
  });
});

describe('findOrCreateClerkUser', () => {
  const profileOf = (clerkId: string) => async () => ({ clerkId, name: 'Clerk Newcomer', email: null });

  it('greets the account as new through the Clerk session it was made in, and as returning in any later one', async () => {
    const clerkId = `user_${randomUUID()}`;
    const first = await findOrCreateClerkUser(clerkId, 'sess_first', profileOf(clerkId));
    expect(first).toMatchObject({ name: 'Clerk Newcomer', isNewAccount: true });
    expect(await findOrCreateClerkUser(clerkId, 'sess_first', profileOf(clerkId))).toMatchObject({ isNewAccount: true });
    expect(await findOrCreateClerkUser(clerkId, 'sess_later', profileOf(clerkId))).toMatchObject({ id: first!.id, isNewAccount: false });
  });

  it('lets the first session claim an account the sign-up webhook made before it, but never an older account', async () => {
    const fromWebhook = `user_${randomUUID()}`;
    await ensureClerkUser({ clerkId: fromWebhook, name: 'Early Bird', email: null });
    expect(await findOrCreateClerkUser(fromWebhook, 'sess_a', profileOf(fromWebhook))).toMatchObject({ isNewAccount: true });
    expect(await findOrCreateClerkUser(fromWebhook, 'sess_b', profileOf(fromWebhook))).toMatchObject({ isNewAccount: false });

    // Accounts older than the record of first sessions hold '' there: returning, whatever the session.
    const older = await createUser({ name: 'Old Timer', email: `${randomUUID()}@example.test`, clerkId: `user_${randomUUID()}` });
    await db().user.update({ where: { id: older.id }, data: { firstSessionId: '' } });
    const clerkId = (await db().user.findUniqueOrThrow({ where: { id: older.id } })).clerkId!;
    expect(await findOrCreateClerkUser(clerkId, 'sess_c', profileOf(clerkId))).toMatchObject({ isNewAccount: false });
  });
});
