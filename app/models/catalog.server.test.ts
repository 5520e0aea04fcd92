import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { createUser } from '../../test/factories.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { getProductPage, listProducts, parseProductListQuery, type ProductListQuery } from './catalog.server.ts';
import { ANONYMOUS_USER_ID } from './system-accounts.ts';

useDatabase();

// Every product here carries `tag` in its name, so searching for it isolates them from the rows
// other test files write into the shared database.
const tag = `cat${randomUUID().slice(0, 8)}`;
let alice: string;
let bob: string;
const made: { id: string; name: string; priceCents: number; purchasesCount: number; ownerId: string; createdAt: Date }[] = [];

beforeAll(async () => {
  alice = (await createUser({ name: `Aaa ${tag}`, role: 'ADMIN' })).id;
  bob = (await createUser({ name: `Zzz ${tag}`, role: 'ADMIN' })).id;
  const start = Date.now() - 100 * 60_000;
  // 12 products: prices and purchase counts in an order different from names and dates.
  for (let i = 0; i < 12; i++) {
    const data = {
      name: `${String.fromCharCode(65 + ((i * 5) % 12))} ${tag}`,
      description: 'd',
      priceCents: 100 + ((i * 7) % 12) * 100,
      purchasesCount: (i * 5) % 12,
      stock: i,
      imageIds: [randomUUID()],
      ownerId: i % 3 === 0 ? bob : alice,
      createdAt: new Date(start + i * 60_000),
    };
    const { id } = await getDb().product.create({ data, select: { id: true } });
    made.push({ id, ...data });
  }
  await getDb().product.create({
    data: { name: `Gone ${tag}`, description: 'd', priceCents: 100, stock: 1, imageIds: [randomUUID()], ownerId: ANONYMOUS_USER_ID },
  });
});

function query(overrides: Partial<ProductListQuery> = {}): ProductListQuery {
  return { q: tag, sort: 'newest', order: 'desc', page: 1, perPage: 50, ...overrides };
}

const ids = (products: { id: string }[]) => products.map((product) => product.id);
const sortedIds = (compare: (a: (typeof made)[number], b: (typeof made)[number]) => number) => ids([...made].sort(compare));

describe('listProducts', () => {
  it('searches by name, case-insensitively, never listing anonymised products', async () => {
    const all = await listProducts(query({ q: tag.toUpperCase() }));
    expect(all.total).toBe(12);
    expect(all.products.map((product) => product.name)).not.toContain(`Gone ${tag}`);
    const one = await listProducts(query({ q: `C ${tag}` }));
    expect(one.products.map((product) => product.name)).toEqual([`C ${tag}`]);
    expect((await listProducts(query({ q: `${tag}%` }))).total).toBe(0);
    expect((await listProducts(query({ q: `${tag.slice(0, 4)}_${tag.slice(5)}` }))).total).toBe(0);
  });

  it('sorts by every column, both ways', async () => {
    const byName = sortedIds((a, b) => a.name.localeCompare(b.name));
    expect(ids((await listProducts(query({ sort: 'name', order: 'asc' }))).products)).toEqual(byName);
    expect(ids((await listProducts(query({ sort: 'name', order: 'desc' }))).products)).toEqual([...byName].reverse());

    const newestFirst = sortedIds((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    expect(ids((await listProducts(query({ sort: 'newest', order: 'desc' }))).products)).toEqual(newestFirst);
    expect(ids((await listProducts(query({ sort: 'newest', order: 'asc' }))).products)).toEqual([...newestFirst].reverse());

    // Ties (equal price, equal purchases, same seller) fall back to newest first.
    const then = (a: (typeof made)[number], b: (typeof made)[number]) => b.createdAt.getTime() - a.createdAt.getTime();
    expect(ids((await listProducts(query({ sort: 'price', order: 'asc' }))).products)).toEqual(sortedIds((a, b) => a.priceCents - b.priceCents || then(a, b)));
    expect(ids((await listProducts(query({ sort: 'price', order: 'desc' }))).products)).toEqual(sortedIds((a, b) => b.priceCents - a.priceCents || then(a, b)));
    expect(ids((await listProducts(query({ sort: 'purchases', order: 'desc' }))).products)).toEqual(
      sortedIds((a, b) => b.purchasesCount - a.purchasesCount || then(a, b)),
    );
    const sellerName = (product: (typeof made)[number]) => (product.ownerId === alice ? 'Aaa' : 'Zzz');
    expect(ids((await listProducts(query({ sort: 'seller', order: 'asc' }))).products)).toEqual(
      sortedIds((a, b) => sellerName(a).localeCompare(sellerName(b)) || then(a, b)),
    );
    expect(ids((await listProducts(query({ sort: 'seller', order: 'desc' }))).products)).toEqual(
      sortedIds((a, b) => sellerName(b).localeCompare(sellerName(a)) || then(a, b)),
    );
  });

  it('pages in SQL and clamps the page to the ones that exist', async () => {
    const everything = ids((await listProducts(query({ sort: 'name', order: 'asc' }))).products);
    const second = await listProducts(query({ sort: 'name', order: 'asc', perPage: 10, page: 2 }));
    expect(second).toMatchObject({ page: 2, pageCount: 2, total: 12 });
    expect(ids(second.products)).toEqual(everything.slice(10));
    const pastTheEnd = await listProducts(query({ sort: 'name', order: 'asc', perPage: 10, page: 99 }));
    expect(pastTheEnd.page).toBe(2);
    expect(ids(pastTheEnd.products)).toEqual(everything.slice(10));
    const none = await listProducts(query({ q: `nothing ${tag}` }));
    expect(none).toMatchObject({ page: 1, pageCount: 1, total: 0, products: [] });
    // No row carries the search's count past its end: counted alone, then the last page read.
    expect(await listProducts(query({ q: `nothing ${tag}`, page: 3 }))).toMatchObject({ page: 1, pageCount: 1, total: 0, products: [] });
    const searchedPastTheEnd = await listProducts(query({ q: tag, perPage: 5, page: 9 }));
    expect(searchedPastTheEnd).toMatchObject({ page: 3, pageCount: 3, total: 12 });
    expect(searchedPastTheEnd.products).toHaveLength(2);
  });

  it('filters by owner', async () => {
    const bobs = await listProducts(query(), { ownerId: bob });
    expect(bobs.total).toBe(4);
    expect(bobs.products.every((product) => product.ownerId === bob && product.owner.name === `Zzz ${tag}`)).toBe(true);
  });
});

describe('parseProductListQuery', () => {
  it('falls back to defaults for anything malformed', () => {
    const parse = (search: string) => parseProductListQuery(new URLSearchParams(search));
    expect(parse('')).toEqual({ q: '', sort: 'newest', order: 'desc', page: 1, perPage: 10 });
    expect(parse('sort=bogus&order=up&page=-3&perPage=7')).toEqual({ q: '', sort: 'newest', order: 'desc', page: 1, perPage: 10 });
    expect(parse('page=0&perPage=abc')).toMatchObject({ page: 1, perPage: 10 });
    expect(parse('page=2.5&perPage=30')).toMatchObject({ page: 1, perPage: 30 });
    expect(parse('sort=price&q=%20%20robot%20')).toMatchObject({ q: 'robot', sort: 'price', order: 'asc', page: 1 });
    expect(parse('sort=seller&order=desc&page=3')).toMatchObject({ sort: 'seller', order: 'desc', page: 3 });
  });
});

describe('getProductPage', () => {
  it('opens an anonymised product without other products, and a listed one with its seller’s others, newest first', async () => {
    const gone = await getDb().product.findFirstOrThrow({ where: { name: `Gone ${tag}` }, select: { id: true } });
    const deleted = await getProductPage(gone.id, null);
    expect(deleted).toMatchObject({ isDeleted: true, others: [], inCart: false });

    const bobsFirst = made.find((product) => product.ownerId === bob)!;
    const page = await getProductPage(bobsFirst.id, null);
    expect(page?.isDeleted).toBe(false);
    expect(page?.product).toEqual({
      id: bobsFirst.id,
      name: bobsFirst.name,
      description: 'd',
      priceCents: bobsFirst.priceCents,
      stock: 0,
      imageIds: [expect.stringMatching(/^[0-9a-f-]{36}$/)],
      ownerId: bob,
      owner: { name: `Zzz ${tag}` },
    });
    const bobsOthers = made.filter((p) => p.ownerId === bob && p.id !== bobsFirst.id).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    expect(page!.others).toEqual(bobsOthers.map(({ id, name, priceCents }) => ({ id, name, priceCents, imageIds: [expect.any(String)] })));

    expect(await getProductPage(randomUUID(), null)).toBeNull();
  });

  it('says whether the product is in the viewer’s cart, and reads its price changes with their moments', async () => {
    const product = made.find((each) => each.ownerId === alice)!;
    const buyer = (await createUser()).id;
    const changedAt = new Date('2026-03-04T05:06:07.089Z');
    await getDb().productPriceChange.create({ data: { productId: product.id, changedAt, oldPriceCents: null, newPriceCents: 123, feeCents: 5 } });
    expect((await getProductPage(product.id, buyer))!.inCart).toBe(false);

    await getDb().cartItem.create({ data: { userId: buyer, productId: product.id, quantity: 1 } });
    const page = await getProductPage(product.id, buyer);
    expect(page!.inCart).toBe(true);
    expect((await getProductPage(product.id, alice))!.inCart).toBe(false);
    expect(page!.priceChanges).toEqual([{ changedAt, oldPriceCents: null, newPriceCents: 123, feeCents: 5 }]);
  });
});
