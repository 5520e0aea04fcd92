import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { createCheckout, createUser } from '../../test/factories.ts';
import { productInput } from '../../test/products.ts';
import { InsufficientFundsError, payFee } from './ledger.server.ts';
import { getProductPage, PRICE_CHANGES_SHOWN } from './catalog.server.ts';
import { createProduct, deleteProduct, ProductForbiddenError, ProductQuantityError, recordPriceChange, updateProduct } from './product.server.ts';

useDatabase();

const changes = (productId: string) =>
  getDb().productPriceChange.findMany({
    where: { productId },
    orderBy: { changedAt: 'asc' },
    select: { oldPriceCents: true, newPriceCents: true, feeCents: true },
  });

describe('price history', () => {
  it('records the listing price with its fee, then one row per edit that changes the price, none for the others', async () => {
    const seller = await createUser({ role: 'ADMIN' }).then((user) => user.id);
    const { id, feeCents } = await createProduct(seller, productInput({ priceCents: 10_00, quantity: 10 }));
    expect(await changes(id)).toEqual([{ oldPriceCents: null, newPriceCents: 10_00, feeCents }]);

    const raise = await updateProduct(seller, id, productInput({ priceCents: 12_34, quantity: 10 }));
    await updateProduct(seller, id, productInput({ name: 'Same price, new name and stock', priceCents: 12_34, quantity: 3 }));
    const lower = await updateProduct(seller, id, productInput({ priceCents: 5_00, quantity: 3 }));

    expect(await changes(id)).toEqual([
      { oldPriceCents: null, newPriceCents: 10_00, feeCents: 4_00 },
      { oldPriceCents: 10_00, newPriceCents: 12_34, feeCents: raise.feeCents },
      { oldPriceCents: 12_34, newPriceCents: 5_00, feeCents: lower.feeCents },
    ]);
    expect(raise.feeCents).toBe(94);
    expect(lower.feeCents).toBe(0);
    // The fee of each change is the LISTING_FEE entry that edit wrote.
    const fees = await getDb().ledgerEntry.findMany({ where: { productId: id, kind: 'LISTING_FEE' }, orderBy: { createdAt: 'asc' } });
    expect(fees.map((fee) => Number(fee.amountCents))).toEqual([4_00, 94]);
  });

  it('writes nothing when the edit fails: fee not covered, quantity out of range, not the owner', async () => {
    const [seller, other] = await Promise.all([createUser({ role: 'ADMIN' }).then((user) => user.id), createUser({ role: 'ADMIN' }).then((user) => user.id)]);
    const { id } = await createProduct(seller, productInput({ priceCents: 10_00, quantity: 10 }));
    const { balanceCents } = await getDb().user.findUniqueOrThrow({ where: { id: seller } });
    await serializable((tx) => payFee(tx, { kind: 'UPGRADE_FEE', userId: seller, amountCents: Number(balanceCents) - 1_00 }));

    await expect(updateProduct(seller, id, productInput({ priceCents: 13_00, quantity: 10 }))).rejects.toBeInstanceOf(InsufficientFundsError);
    await expect(updateProduct(seller, id, productInput({ priceCents: 9_00, quantity: 2_001 }))).rejects.toBeInstanceOf(ProductQuantityError);
    await expect(updateProduct(other, id, productInput({ priceCents: 9_00, quantity: 10 }))).rejects.toBeInstanceOf(ProductForbiddenError);
    expect(await changes(id)).toEqual([{ oldPriceCents: null, newPriceCents: 10_00, feeCents: 4_00 }]);
    expect((await getDb().product.findUniqueOrThrow({ where: { id } })).priceCents).toBe(10_00);
  });

  it('goes with a deleted product and stays with an anonymised one', async () => {
    const [seller, buyer] = await Promise.all([createUser({ role: 'ADMIN' }).then((user) => user.id), createUser().then((user) => user.id)]);
    const { id: unsold } = await createProduct(seller, productInput({ priceCents: 10_00 }));
    const { id: sold } = await createProduct(seller, productInput({ priceCents: 10_00 }));
    await updateProduct(seller, sold, productInput({ priceCents: 11_00 }));
    await createCheckout({ buyerId: buyer, productId: sold, status: 'COMPLETED' });

    expect(await deleteProduct(seller, unsold)).toEqual({ outcome: 'deleted' });
    expect(await deleteProduct(seller, sold)).toEqual({ outcome: 'anonymised' });
    expect(await getDb().productPriceChange.count({ where: { productId: unsold } })).toBe(0);
    expect((await changes(sold)).map((change) => change.newPriceCents)).toEqual([10_00, 11_00]);
  });

  it('reads the latest changes only, oldest first', async () => {
    const seller = await createUser({ role: 'ADMIN' }).then((user) => user.id);
    const { id } = await createProduct(seller, productInput({ priceCents: 1_00 }));
    const start = Date.now();
    await serializable(async (tx) => {
      for (let i = 1; i <= PRICE_CHANGES_SHOWN + 5; i++) {
        await recordPriceChange(tx, {
          productId: id,
          oldPriceCents: i * 100,
          newPriceCents: (i + 1) * 100,
          feeCents: 0,
          changedAt: new Date(start + i * 1_000),
        });
      }
    });
    const history = (await getProductPage(id, null))!.priceChanges;
    expect(history).toHaveLength(PRICE_CHANGES_SHOWN);
    expect(history[0]!.newPriceCents).toBe(7 * 100);
    expect(history.at(-1)!.newPriceCents).toBe((PRICE_CHANGES_SHOWN + 6) * 100);
  });
});
