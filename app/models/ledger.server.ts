// The ledger: every movement of money is one LedgerEntry row, and this module is the only code that
// changes a balance, but for the checkout's two hot statements (checkout/statements.server.ts): the
// hold of a reservation and the sales of a completion, each written with its entries in one
// statement. Call it inside serializable() so that the balance CHECK (>= 0) and the entry commit
// or fail together.
//
// The platform has no balance row to credit: every fee and every closed account would update that
// one row, and concurrent transactions would abort each other on it. Its money is its ledger
// entries, summed when it is read (platformRevenueCents; ADR 015). A CHECK keeps its row at zero.
import { Prisma } from '~/generated/prisma/client';
import type { LedgerKind } from '~/generated/prisma/enums';
import type { Tx } from '~/utils/transaction.server.ts';
import { STARTING_BALANCE_CENTS } from '~/utils/money.ts';
import { PLATFORM_USER_ID } from './system-accounts.ts';

export class InsufficientFundsError extends Error {
  override name = 'InsufficientFundsError';
  constructor(
    readonly userId: string,
    readonly neededCents: number,
  ) {
    super('Insufficient balance for this operation.');
  }
}

type References = { checkoutId?: string; orderId?: string; productId?: string; memo?: string };

/** The one-time $4,000,000 grant. A second grant for the same user fails on a unique constraint. */
export async function grantStartingBalance(tx: Tx, userId: string) {
  await tx.ledgerEntry.create({
    data: { kind: 'GRANT', amountCents: BigInt(STARTING_BALANCE_CENTS), toUserId: userId, grantUserId: userId },
  });
  await credit(tx, userId, STARTING_BALANCE_CENTS);
}

/** Moves money from one user to another (fees go to the platform: see payFee). */
async function transfer(
  tx: Tx,
  movement: { kind: Exclude<LedgerKind, 'GRANT' | 'HOLD' | 'RELEASE' | 'SALE'>; fromUserId: string; toUserId: string; amountCents: number } & References,
) {
  const { kind, fromUserId, toUserId, amountCents, ...refs } = movement;
  if (amountCents === 0) return;
  assertPositiveCents(amountCents);
  await debit(tx, fromUserId, amountCents);
  if (toUserId !== PLATFORM_USER_ID) await credit(tx, toUserId, amountCents);
  await tx.ledgerEntry.create({ data: { kind, amountCents: BigInt(amountCents), fromUserId, toUserId, ...refs } });
}

/** A fee paid to the platform; counts as money spent by the payer. */
export async function payFee(tx: Tx, fee: { kind: 'UPGRADE_FEE' | 'LISTING_FEE'; userId: string; amountCents: number } & References) {
  const { kind, userId, amountCents, ...refs } = fee;
  if (amountCents === 0) return;
  await transfer(tx, { kind, fromUserId: userId, toUserId: PLATFORM_USER_ID, amountCents, ...refs });
  await tx.user.update({ where: { id: userId }, data: { amountSpentCents: { increment: BigInt(amountCents) } } });
}

/**
 * A closed account's whole balance goes to the platform with one ACCOUNT_CLOSURE entry, so no money
 * disappears with the account. Returns the cents moved (0 for an empty balance: no entry).
 */
export async function closeAccountBalance(tx: Tx, userId: string): Promise<number> {
  const { balanceCents } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { balanceCents: true } });
  const amountCents = Number(balanceCents);
  await transfer(tx, { kind: 'ACCOUNT_CLOSURE', fromUserId: userId, toUserId: PLATFORM_USER_ID, amountCents, memo: 'Account closed' });
  return amountCents;
}

/** Gives held money back to the buyer (the checkout was cancelled, expired or compensated). */
export async function releaseHold(tx: Tx, release: { buyerId: string; checkoutId: string; amountCents: number }) {
  assertPositiveCents(release.amountCents);
  await credit(tx, release.buyerId, release.amountCents);
  await tx.ledgerEntry.create({
    data: { kind: 'RELEASE', amountCents: BigInt(release.amountCents), toUserId: release.buyerId, checkoutId: release.checkoutId },
    select: { id: true },
  });
}

/**
 * SQL for the money in the hold of the checkout `checkoutId` (an SQL expression): HOLD entries in,
 * minus RELEASE and SALE entries out. The one definition of a hold, for heldCents and for reads
 * that take it along with other things (the completion's).
 */
export function heldCentsSql(checkoutId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(SUM(CASE e.kind WHEN 'HOLD' THEN e."amountCents" ELSE -e."amountCents" END), 0)::bigint
                       FROM "LedgerEntry" e WHERE e."checkoutId" = ${checkoutId} AND e.kind IN ('HOLD', 'RELEASE', 'SALE'))`;
}

/** Money in a checkout's hold now: holds in, minus releases and sales out. */
export async function heldCents(tx: Tx, checkoutId: string): Promise<bigint> {
  const [row] = await tx.$queryRaw<{ held: bigint }[]>`SELECT ${heldCentsSql(Prisma.sql`${checkoutId}::uuid`)} AS held`;
  return row!.held;
}

/** The platform's money: every fee and closed balance it received, less anything it paid out. */
export async function platformRevenueCents(tx: Tx): Promise<bigint> {
  return ledgerBalance(tx, PLATFORM_USER_ID);
}

/** Sum of a user's balance movements; equals their balance (checked in tests), but for the platform's (see above). */
export async function ledgerBalance(tx: Tx, userId: string): Promise<bigint> {
  const [credits, debits] = await Promise.all([
    tx.ledgerEntry.aggregate({ where: { toUserId: userId }, _sum: { amountCents: true } }),
    tx.ledgerEntry.aggregate({ where: { fromUserId: userId }, _sum: { amountCents: true } }),
  ]);
  return (credits._sum.amountCents ?? 0n) - (debits._sum.amountCents ?? 0n);
}

async function debit(tx: Tx, userId: string, amountCents: number) {
  // Conditional update: refuse with a clear error rather than let the CHECK constraint abort.
  const { count } = await tx.user.updateMany({
    where: { id: userId, balanceCents: { gte: BigInt(amountCents) } },
    data: { balanceCents: { decrement: BigInt(amountCents) } },
  });
  if (count !== 1) throw new InsufficientFundsError(userId, amountCents);
}

async function credit(tx: Tx, userId: string, amountCents: number) {
  await tx.user.update({ where: { id: userId }, data: { balanceCents: { increment: BigInt(amountCents) } }, select: { id: true } });
}

function assertPositiveCents(amountCents: number) {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) throw new RangeError(`bad amount: ${amountCents} cents`);
}
