// The platform's revenue is its ledger entries, not a balance row: fees and closed accounts of
// different people never wait on or conflict with each other (ADR 015).
import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { createUser } from '../../test/factories.ts';
import { useScratchDatabase } from '../../test/database-hooks.ts';
import { expectLedgerConservation } from '../../test/invariants.ts';
import { closeAccountBalance, payFee, platformRevenueCents } from './ledger.server.ts';
import { PLATFORM_USER_ID } from './system-accounts.ts';

// A database of its own: the tests read the platform's whole revenue, which fees that files running
// beside this one pay on the shared database would change.
useScratchDatabase();
const db = () => getDb();

describe("the platform's revenue", () => {
  it('takes a fee while another fee is still uncommitted: no row that every fee updates', async () => {
    const [first, second] = [(await createUser()).id, (await createUser()).id];
    let finishFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (finishFirst = resolve));
    let firstPaid!: () => void;
    const firstHasPaid = new Promise<void>((resolve) => (firstPaid = resolve));
    const firstFee = serializable(
      async (tx) => {
        await payFee(tx, { kind: 'LISTING_FEE', userId: first, amountCents: 1_00 });
        firstPaid();
        await firstMayCommit;
      },
      { attempts: 3 },
    );
    await firstHasPaid;
    const before = await platformRevenueCents(db());

    // Were the platform a row that fees update, this fee would wait for the first one's lock.
    await serializable(
      async (tx) => {
        await tx.$executeRaw`SET LOCAL lock_timeout = '5s'`;
        await payFee(tx, { kind: 'LISTING_FEE', userId: second, amountCents: 2_00 });
      },
      { attempts: 3 },
    );
    expect((await platformRevenueCents(db())) - before).toBe(2_00n);
    finishFirst();
    await firstFee;
    expect((await platformRevenueCents(db())) - before).toBe(3_00n);
    await expectLedgerConservation();
  });

  it('is the sum of what it received, and its row keeps no balance', async () => {
    const { id: person } = await createUser();
    const before = await platformRevenueCents(db());
    await serializable(async (tx) => {
      await payFee(tx, { kind: 'UPGRADE_FEE', userId: person, amountCents: 160_000_00 });
      await closeAccountBalance(tx, person);
    });
    expect((await platformRevenueCents(db())) - before).toBe(4_000_000_00n);
    expect((await db().user.findUniqueOrThrow({ where: { id: PLATFORM_USER_ID } })).balanceCents).toBe(0n);
    // A hand-written credit of the platform's row is refused by the database.
    await expect(db().$executeRaw`UPDATE "User" SET "balanceCents" = 1 WHERE id = ${PLATFORM_USER_ID}::uuid`).rejects.toThrow(
      /User_platform_has_no_balance_row/,
    );
    await expectLedgerConservation();
  });
});
