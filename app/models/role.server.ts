// Changing one's own role: paying the fee to become an ADMIN (a seller), or stepping down for free.
import { ADMIN_UPGRADE_FEE_CENTS } from '~/utils/money.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { payFee } from './ledger.server.ts';
import { PERSON_ROLES } from './system-accounts.ts';

/** What the role change answers a form when it refuses (it redirects when it succeeds). */
export type RoleChangeRefusal = { error: string };

export class RoleChangeError extends Error {
  override name = 'RoleChangeError';
}

/**
 * NADMIN -> ADMIN for $160,000.00 paid to the platform. The role is read inside the transaction,
 * so two requests at once charge once: the second sees ADMIN (or retries into it) and is refused.
 * Throws InsufficientFundsError (nothing written) when the balance is short.
 */
export async function upgradeToAdmin(userId: string) {
  await serializable(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, role: { in: PERSON_ROLES }, deletedAt: null }, select: { role: true } });
    if (!user) throw new RoleChangeError('This account cannot change its role.');
    if (user.role === 'ADMIN') throw new RoleChangeError('You are already an ADMIN: nothing was charged.');
    await payFee(tx, { kind: 'UPGRADE_FEE', userId, amountCents: ADMIN_UPGRADE_FEE_CENTS, memo: 'Upgrade to ADMIN' });
    await tx.user.update({ where: { id: userId }, data: { role: 'ADMIN' } });
  });
}

/** ADMIN -> NADMIN, free and without refund. Their products stay listed. */
export async function stepDownToNadmin(userId: string) {
  await serializable(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, role: 'ADMIN', deletedAt: null }, data: { role: 'NADMIN' } });
    if (count !== 1) throw new RoleChangeError('You are not an ADMIN, so there is nothing to step down from.');
  });
}
