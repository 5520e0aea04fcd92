import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { ADMIN_UPGRADE_FEE_CENTS } from '~/utils/money.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { createUser } from '../../test/factories.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { InsufficientFundsError, ledgerBalance, payFee } from './ledger.server.ts';
import { RoleChangeError, stepDownToNadmin, upgradeToAdmin } from './role.server.ts';
import { PLATFORM_USER_ID } from './system-accounts.ts';

useDatabase();

const db = () => getDb();

async function account(id: string) {
  const user = await db().user.findUniqueOrThrow({ where: { id }, select: { role: true, balanceCents: true, amountSpentCents: true } });
  const fees = await db().ledgerEntry.findMany({ where: { fromUserId: id, kind: 'UPGRADE_FEE' }, select: { amountCents: true, toUserId: true } });
  return { ...user, fees };
}

describe('upgradeToAdmin', () => {
  it('charges $160,000.00 to the platform, once, and makes the user an ADMIN', async () => {
    const { id } = await createUser();
    await upgradeToAdmin(id);
    const after = await account(id);
    expect(after.role).toBe('ADMIN');
    expect(after.balanceCents).toBe(4_000_000_00n - 160_000_00n);
    expect(after.amountSpentCents).toBe(160_000_00n);
    expect(after.fees).toEqual([{ amountCents: 160_000_00n, toUserId: PLATFORM_USER_ID }]);
    expect(await ledgerBalance(db(), id)).toBe(after.balanceCents);
  });

  it('refuses an ADMIN, charging nothing', async () => {
    const { id } = await createUser({ role: 'ADMIN' });
    await expect(upgradeToAdmin(id)).rejects.toThrow(RoleChangeError);
    const after = await account(id);
    expect(after).toMatchObject({ role: 'ADMIN', balanceCents: 4_000_000_00n, fees: [] });
  });

  it('refuses a short balance with nothing written', async () => {
    const { id } = await createUser();
    // Spend all but $159,999.99.
    await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: id, amountCents: 4_000_000_00 - (ADMIN_UPGRADE_FEE_CENTS - 1) }));
    await expect(upgradeToAdmin(id)).rejects.toBeInstanceOf(InsufficientFundsError);
    const after = await account(id);
    expect(after).toMatchObject({ role: 'NADMIN', balanceCents: 159_999_99n, fees: [] });
  });

  it('charges once when two upgrades of the same user race', async () => {
    const { id } = await createUser();
    const results = await Promise.allSettled([upgradeToAdmin(id), upgradeToAdmin(id), upgradeToAdmin(id)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(RoleChangeError);
    }
    const after = await account(id);
    expect(after.role).toBe('ADMIN');
    expect(after.fees).toHaveLength(1);
    expect(after.balanceCents).toBe(4_000_000_00n - 160_000_00n);
  });
});

describe('stepDownToNadmin', () => {
  it('is free and refuses someone who is not an ADMIN', async () => {
    const { id } = await createUser({ role: 'ADMIN' });
    await stepDownToNadmin(id);
    expect(await account(id)).toMatchObject({ role: 'NADMIN', balanceCents: 4_000_000_00n, fees: [] });
    await expect(stepDownToNadmin(id)).rejects.toThrow(RoleChangeError);
    // Upgrading again pays again.
    await upgradeToAdmin(id);
    expect((await account(id)).fees).toHaveLength(1);
  });
});
