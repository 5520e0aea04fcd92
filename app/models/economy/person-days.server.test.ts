import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { useDatabase, useJobQueue } from '../../../test/database-hooks.ts';
import { placeOrder } from '../../../test/orders.ts';
import { createProduct, createSeller, createUser } from '../../../test/factories.ts';
import { payFee } from '../ledger.server.ts';
import { balanceByDay, gainsByDay, PERSON_DAYS } from './person-days.server.ts';
import { addDays, dayOf } from './rollups.server.ts';

useDatabase();
useJobQueue();

const DAY_MS = 24 * 3_600_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
const today = dayOf(new Date());

/** Moves every ledger entry of the person's `kind` to `at`, as if they had happened then. */
async function backdate(where: { grantUserId?: string; fromUserId?: string; toUserId?: string; kind?: 'LISTING_FEE' | 'SALE' | 'HOLD' }, at: Date) {
  await getDb().ledgerEntry.updateMany({ where, data: { createdAt: at } });
}

describe('balanceByDay', () => {
  it("walks back from today's balance: each day ends with what the entries up to it leave", async () => {
    const person = (await createUser()).id;
    await backdate({ grantUserId: person }, daysAgo(3));
    await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: person, amountCents: 1_00 }));
    await backdate({ fromUserId: person, kind: 'LISTING_FEE' }, daysAgo(1));
    await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: person, amountCents: 25 }));

    expect(await balanceByDay(person)).toEqual([
      { day: addDays(today, -3), cents: 4_000_000_00 },
      { day: addDays(today, -2), cents: 4_000_000_00 },
      { day: addDays(today, -1), cents: 3_999_999_00 },
      { day: today, cents: 3_999_998_75 },
    ]);
  });

  it(`reads the last ${PERSON_DAYS} days only, starting from the balance the older entries left`, async () => {
    const person = (await createUser()).id;
    await backdate({ grantUserId: person }, daysAgo(PERSON_DAYS + 30));
    await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: person, amountCents: 2_00 }));
    const balances = await balanceByDay(person);
    expect(balances).toEqual([{ day: today, cents: 3_999_998_00 }]);

    await backdate({ fromUserId: person, kind: 'LISTING_FEE' }, daysAgo(PERSON_DAYS + 5));
    expect(await balanceByDay(person)).toEqual([{ day: today, cents: 3_999_998_00 }]);
  });

  it('counts a purchase and a sale on both sides', async () => {
    const [seller, buyer] = [(await createSeller()).id, (await createUser()).id];
    const product = (await createProduct({ ownerId: seller, priceCents: 7_00, stock: 5 })).id;
    await placeOrder(buyer, [{ productId: product, quantity: 2 }]);
    expect((await balanceByDay(buyer)).at(-1)).toEqual({ day: today, cents: 4_000_000_00 - 14_00 });
    const sellerBalance = (await getDb().user.findUniqueOrThrow({ where: { id: seller } })).balanceCents;
    expect((await balanceByDay(seller)).at(-1)).toEqual({ day: today, cents: Number(sellerBalance) });
  });

  it('is empty for an unknown person', async () => {
    expect(await balanceByDay('00000000-0000-4000-8000-000000000000')).toEqual([]);
  });
});

describe('gainsByDay', () => {
  it(`sums the seller's sales per day over ${PERSON_DAYS} days, every day listed`, async () => {
    const [seller, buyer] = [(await createSeller()).id, (await createUser()).id];
    const product = (await createProduct({ ownerId: seller, priceCents: 3_00, stock: 10 })).id;
    await placeOrder(buyer, [{ productId: product, quantity: 2 }]);
    await backdate({ toUserId: seller, kind: 'SALE' }, daysAgo(2));
    await placeOrder(buyer, [{ productId: product, quantity: 1 }]);
    await placeOrder(buyer, [{ productId: product, quantity: 3 }]);

    const gains = await gainsByDay(seller);
    expect(gains).toHaveLength(PERSON_DAYS);
    expect(gains[0]!.day).toBe(addDays(today, 1 - PERSON_DAYS));
    expect(gains.slice(-3)).toEqual([
      { day: addDays(today, -2), cents: 6_00 },
      { day: addDays(today, -1), cents: 0 },
      { day: today, cents: 12_00 },
    ]);
    // The buyer gained nothing.
    expect((await gainsByDay(buyer)).every((gain) => gain.cents === 0)).toBe(true);
  });
});
