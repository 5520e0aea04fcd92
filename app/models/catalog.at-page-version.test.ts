// The products list's, a product page's and the people list's reads are shared by every viewer and
// kept until the page version changes (docs/decisions/026-catalog-reads-at-the-page-version.md). To
// see what is kept, a row is changed here behind the triggers' back, which no code of the app can
// do: the page keeps showing the old row until a write that bumps the version, then the new one.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { createUser } from '../../test/factories.ts';
import { useScratchDatabase } from '../../test/database-hooks.ts';
import { getProductPage, listProducts, listUsers, parseProductListQuery, parseUserListQuery } from './catalog.server.ts';

// Nothing else writes to this database, so the page version moves only when a test makes it.
useScratchDatabase();

const tag = `kept${randomUUID().slice(0, 8)}`;
let sellerId: string;
let productId: string;

beforeAll(async () => {
  sellerId = (await createUser({ name: `Seller ${tag}`, role: 'ADMIN' })).id;
  const product = await getDb().product.create({
    data: { name: `First ${tag}`, description: 'd', priceCents: 500, stock: 3, imageIds: [randomUUID()], ownerId: sellerId },
    select: { id: true },
  });
  productId = product.id;
});

/** Renames the product without bumping the page version (its triggers off for this transaction only). */
async function renameUnseen(name: string) {
  await getDb().$transaction([
    getDb().$executeRaw`SET LOCAL session_replication_role = replica`,
    getDb().$executeRaw`UPDATE "Product" SET name = ${name} WHERE id = ${productId}::uuid`,
  ]);
}

const searched = async () => (await listProducts(parseProductListQuery(new URLSearchParams({ q: tag })))).products.map((p) => p.name);
const ownersPage = async () => {
  const page = await listProducts(parseProductListQuery(new URLSearchParams()), { ownerId: sellerId });
  return { names: page.products.map((p) => p.name), total: page.total };
};

describe('the products list at the page version', () => {
  it('keeps a search and an owner’s page until a write changes the version, then reads them again', async () => {
    expect(await searched()).toEqual([`First ${tag}`]);
    expect(await ownersPage()).toEqual({ names: [`First ${tag}`], total: 1 });

    await renameUnseen(`Second ${tag}`);
    expect(await searched()).toEqual([`First ${tag}`]);
    expect(await ownersPage()).toEqual({ names: [`First ${tag}`], total: 1 });

    // Any write the triggers see moves the version; both lists are read again.
    await getDb().product.update({ where: { id: productId }, data: { name: `Third ${tag}` } });
    expect(await searched()).toEqual([`Third ${tag}`]);
    expect(await ownersPage()).toEqual({ names: [`Third ${tag}`], total: 1 });
  });

  it('counts an owner’s products again once one is added', async () => {
    await ownersPage();
    await getDb().product.create({
      data: { name: `Another ${tag}`, description: 'd', priceCents: 700, stock: 1, imageIds: [randomUUID()], ownerId: sellerId },
    });
    const after = await ownersPage();
    expect(after.total).toBe(2);
    expect(after.names).toContain(`Another ${tag}`);
  });
});

describe('a product’s page at the page version', () => {
  it('is kept for every viewer until a write, while each viewer’s cart line stays their own', async () => {
    const buyer = (await createUser()).id;
    const first = await getProductPage(productId, null);
    await renameUnseen(`Kept ${tag}`);
    expect((await getProductPage(productId, buyer))!.product.name).toBe(first!.product.name);

    await getDb().cartItem.create({ data: { userId: buyer, productId, quantity: 1 } });
    // A cart line is not a page write: the product's side is still the kept one, the line is read.
    expect(await getProductPage(productId, buyer)).toMatchObject({ inCart: true, product: { name: first!.product.name } });
    expect((await getProductPage(productId, null))!.inCart).toBe(false);

    await getDb().product.update({ where: { id: productId }, data: { priceCents: 900 } });
    expect((await getProductPage(productId, buyer))!.product).toMatchObject({ name: `Kept ${tag}`, priceCents: 900 });
  });
});

describe('the people list at the page version', () => {
  it('is kept until a write, and a balance moved or an account made is a write', async () => {
    const people = async () => (await listUsers(parseUserListQuery(new URLSearchParams({ q: tag })))).users.map((u) => `${u.name}: ${u.balanceCents}`);
    const before = await people();
    expect(before).toHaveLength(1);
    await getDb().$transaction([
      getDb().$executeRaw`SET LOCAL session_replication_role = replica`,
      getDb().$executeRaw`UPDATE "User" SET name = ${`Unseen ${tag}`} WHERE id = ${sellerId}::uuid`,
    ]);
    expect(await people()).toEqual(before);

    const { balanceCents } = await getDb().user.update({ where: { id: sellerId }, data: { balanceCents: { decrement: 1n } }, select: { balanceCents: true } });
    expect(await people()).toEqual([`Unseen ${tag}: ${balanceCents}`]);

    await createUser({ name: `Newcomer ${tag}` });
    expect(await people()).toHaveLength(2);
  });
});
