// Read side of the catalog: the products list (search, sort, pages in SQL) and a product's page.
// Anonymised products (owned by ANONYMOUS) are never listed, but their own page still opens.
import { Prisma } from '~/generated/prisma/client';
import { getDb } from '~/utils/db.server.ts';
import {
  pageInParallelWithTotal,
  pageWindow,
  parseChoice,
  parseOrder,
  parsePage,
  parsePerPage,
  parseSearch,
  type PageWindow,
  type SortOrder,
} from '~/utils/list-params.ts';
import { recentListedProductCount, recentPeopleByRole, type PeopleByRole } from './catalog-counts.server.ts';
import { atPageVersion } from './page-version.server.ts';
import { ANONYMOUS_USER_ID, PERSON_ROLES } from './system-accounts.ts';

const PRODUCT_SORTS = ['newest', 'name', 'price', 'purchases', 'seller'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export type ProductListQuery = { q: string; sort: ProductSort; order: SortOrder; page: number; perPage: number };

/** The list state of a /products URL; unknown values fall back to the defaults. */
export function parseProductListQuery(params: URLSearchParams): ProductListQuery {
  const sort = parseChoice(params.get('sort'), PRODUCT_SORTS, 'newest');
  return {
    q: parseSearch(params.get('q')),
    sort,
    order: parseOrder(params.get('order')) ?? defaultProductOrder(sort),
    page: parsePage(params.get('page')),
    perPage: parsePerPage(params.get('perPage')),
  };
}

/** Newest first; everything else starts from the smallest (A to Z, cheapest, fewest purchases). */
export function defaultProductOrder(sort: ProductSort): SortOrder {
  return sort === 'newest' ? 'desc' : 'asc';
}

/** The ORDER BY of a product list (`p` the product, `o` its owner), from the whitelisted sorts only. */
function productOrderBy(sort: ProductSort, order: SortOrder): Prisma.Sql {
  const direction = Prisma.raw(order === 'asc' ? 'ASC' : 'DESC');
  // The trailing keys make the order total, so that pages never overlap or skip a row.
  const tieBreak = Prisma.sql`p."createdAt" DESC, p.id ASC`;
  switch (sort) {
    case 'name':
      return Prisma.sql`p.name ${direction}, ${tieBreak}`;
    case 'price':
      return Prisma.sql`p."priceCents" ${direction}, ${tieBreak}`;
    case 'purchases':
      return Prisma.sql`p."purchasesCount" ${direction}, ${tieBreak}`;
    case 'seller':
      return Prisma.sql`o.name ${direction}, ${tieBreak}`;
    case 'newest':
      return Prisma.sql`p."createdAt" ${direction}, p.id ${direction}`;
  }
}

export type ListedProduct = {
  id: string;
  name: string;
  stock: number;
  priceCents: number;
  purchasesCount: number;
  imageIds: string[];
  ownerId: string;
  owner: { name: string };
};

/**
 * One page of listed products matching the query, optionally of one owner (a person: see
 * findSeller). The requested page is clamped to the pages that exist. The page comes with its
 * sellers' names in one statement, where Prisma's relation would take two (ADR 011).
 */
export async function listProducts(query: ProductListQuery, filter: { ownerId?: string } = {}): Promise<PageWindow & { products: ListedProduct[] }> {
  const db = getDb();
  const owned = filter.ownerId ? Prisma.sql`p."ownerId" = ${filter.ownerId}::uuid` : Prisma.sql`p."ownerId" <> ${ANONYMOUS_USER_ID}::uuid`;
  const named = query.q ? Prisma.sql`AND p.name ILIKE ${`%${escapeLike(query.q)}%`}` : Prisma.empty;
  // A search's page counts its matches itself: PostgreSQL reads every match for the count anyway, and
  // one statement is a round trip less. Without a search, the page stops at its last row: the whole
  // catalog is counted once in a while (recentListedProductCount), one owner's products through their index.
  const counted = Boolean(query.q);
  // Every viewer of the same list reads the same rows: they are kept until the page version changes.
  const readKey = (...parts: unknown[]) => JSON.stringify(['products', filter.ownerId ?? null, query.q, ...parts]);
  const pageOf = (window: PageWindow) =>
    atPageVersion(readKey(query.sort, query.order, window.perPage, window.skip), async () => {
      const rows = await db.$queryRaw<(Omit<ListedProduct, 'owner'> & { ownerName: string; total?: number })[]>`
      SELECT p.id, p.name, p.stock, p."priceCents", p."purchasesCount", p."imageIds"::text[] AS "imageIds", p."ownerId", o.name AS "ownerName"
             ${counted ? Prisma.sql`, count(*) OVER ()::int AS total` : Prisma.empty}
        FROM "Product" p JOIN "User" o ON o.id = p."ownerId"
       WHERE ${owned} ${named}
       ORDER BY ${productOrderBy(query.sort, query.order)}
       LIMIT ${window.perPage} OFFSET ${window.skip}`;
      return { total: rows[0]?.total, items: rows.map(({ ownerName, total: _total, ...product }) => ({ ...product, owner: { name: ownerName } })) };
    });
  const countAll = () =>
    atPageVersion(readKey('count'), () =>
      db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM "Product" p WHERE ${owned} ${named}`.then(([row]) => row!.count),
    );
  if (!counted) {
    const count = filter.ownerId ? countAll() : recentListedProductCount();
    return pageInParallelWithTotal(query, count, (window) => pageOf(window).then((page) => page.items), 'products');
  }
  return pageCountingItself(query, pageOf, countAll, 'products');
}

/**
 * Reads the requested page, whose rows carry the total (`count(*) OVER ()`). With no row to carry
 * it, the total is 0 on the first page; past the end it is counted alone and the last page read.
 */
async function pageCountingItself<K extends string, T>(
  query: { page: number; perPage: number },
  pageOf: (window: PageWindow) => Promise<{ items: T[]; total: number | undefined }>,
  countAll: () => Promise<number>,
  key: K,
): Promise<PageWindow & Record<K, T[]>> {
  const requested = pageWindow(query.page, query.perPage, Number.MAX_SAFE_INTEGER);
  const page = await pageOf(requested);
  const total = page.total ?? (requested.page === 1 ? 0 : await countAll());
  const window = pageWindow(query.page, query.perPage, total);
  const items = window.page === requested.page ? page.items : (await pageOf(window)).items;
  return { ...window, [key]: items } as PageWindow & Record<K, T[]>;
}

/** `%`, `_` and the escape character itself, escaped to match themselves in a LIKE pattern. */
function escapeLike(term: string) {
  return term.replace(/[\\%_]/g, '\\$&');
}

/**
 * A case-insensitive substring match (ILIKE, served by the trigram index). Prisma passes `%` and
 * `_` through as wildcards, so they are escaped.
 */
function nameContains(term: string) {
  return { contains: escapeLike(term), mode: 'insensitive' } as const;
}

/** A person whose products can be listed (`?seller=`), or null for anyone else. */
export async function findSeller(userId: string) {
  return getDb().user.findFirst({
    where: { id: userId, role: { in: PERSON_ROLES }, deletedAt: null },
    select: { id: true, name: true },
  });
}

const OTHER_PRODUCTS_SHOWN = 12;

/** The page shows the latest price changes only, so a product edited thousands of times stays one small read. */
export const PRICE_CHANGES_SHOWN = 100;

/** A price change as the product page's chart reads it (ProductPriceChange, written by product.server.ts). */
export type PriceChange = { changedAt: Date; oldPriceCents: number | null; newPriceCents: number; feeCents: number };

export type ProductPage = {
  product: { id: string; name: string; description: string; priceCents: number; stock: number; imageIds: string[]; ownerId: string; owner: { name: string } };
  isDeleted: boolean;
  /** Up to 12 other listed products of the owner, newest first; none for an anonymised product. */
  others: { id: string; name: string; priceCents: number; imageIds: string[] }[];
  /** The latest changes, oldest first (the listing first, unless it is older than those). */
  priceChanges: PriceChange[];
  /** Whether the viewer has the product in their cart (false for nobody signed in). */
  inCart: boolean;
};

type ProductPageRow = Omit<ProductPage['product'], 'owner'> & {
  ownerName: string;
  others: ProductPage['others'];
  priceChanges: (Omit<PriceChange, 'changedAt'> & { changedAtMs: number })[];
};

/**
 * A product's page as `viewerId` sees it, anonymised products included; null for an unknown id.
 * What every viewer sees is kept at the page version (ADR 026); the viewer's cart line is their own,
 * and not asked for when the caller knows their cart is empty (the session's counts say so).
 */
export async function getProductPage(productId: string, viewerId: string | null, { cartIsEmpty = false } = {}): Promise<ProductPage | null> {
  const [shared, inCart] = await Promise.all([
    atPageVersion(JSON.stringify(['product', productId]), () => readProductPage(productId)),
    viewerId && !cartIsEmpty ? isInCart(viewerId, productId) : false,
  ]);
  return shared && { ...shared, inCart };
}

async function isInCart(userId: string, productId: string): Promise<boolean> {
  const [row] = await getDb().$queryRaw<{ inCart: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "CartItem" WHERE "userId" = ${userId}::uuid AND "productId" = ${productId}::uuid) AS "inCart"`;
  return row!.inCart;
}

/**
 * The product, its seller, the seller's other products and the price history in one statement
 * rather than four: each statement costs a round trip with the driver's and the kernel's work
 * around it, more than PostgreSQL's part of this read (ADR 011).
 */
async function readProductPage(productId: string): Promise<Omit<ProductPage, 'inCart'> | null> {
  const [row] = await getDb().$queryRaw<ProductPageRow[]>`
    SELECT p.id, p.name, p.description, p."priceCents", p.stock, p."imageIds"::text[] AS "imageIds", p."ownerId", o.name AS "ownerName",
           COALESCE((SELECT json_agg(json_build_object('id', x.id, 'name', x.name, 'priceCents', x."priceCents", 'imageIds', x."imageIds")
                                     ORDER BY x."createdAt" DESC, x.id)
                       FROM (SELECT id, name, "priceCents", "imageIds", "createdAt" FROM "Product"
                              WHERE "ownerId" = p."ownerId" AND id <> p.id AND p."ownerId" <> ${ANONYMOUS_USER_ID}::uuid
                              ORDER BY "createdAt" DESC, id LIMIT ${OTHER_PRODUCTS_SHOWN}) x), '[]'::json) AS others,
           COALESCE((SELECT json_agg(json_build_object('changedAtMs', (extract(epoch FROM c."changedAt") * 1000)::bigint,
                                                       'oldPriceCents', c."oldPriceCents", 'newPriceCents', c."newPriceCents", 'feeCents', c."feeCents")
                                     ORDER BY c."changedAt", c.id)
                       FROM (SELECT * FROM "ProductPriceChange" WHERE "productId" = p.id
                              ORDER BY "changedAt" DESC, id DESC LIMIT ${PRICE_CHANGES_SHOWN}) c), '[]'::json) AS "priceChanges"
      FROM "Product" p JOIN "User" o ON o.id = p."ownerId"
     WHERE p.id = ${productId}::uuid`;
  if (!row) return null;
  const { ownerName, others, priceChanges, ...product } = row;
  return {
    product: { ...product, owner: { name: ownerName } },
    isDeleted: product.ownerId === ANONYMOUS_USER_ID,
    others,
    priceChanges: priceChanges.map(({ changedAtMs, ...change }) => ({ ...change, changedAt: new Date(changedAtMs) })),
  };
}

const USER_SORTS = ['name', 'role', 'balance', 'joined'] as const;
export type UserSort = (typeof USER_SORTS)[number];
const LISTED_ROLES = ['ADMIN', 'NADMIN'] as const;
export type ListedRole = (typeof LISTED_ROLES)[number];

export type UserListQuery = { q: string; roles: ListedRole[]; sort: UserSort; order: SortOrder; page: number; perPage: number };

/** The list state of a /users URL (`role` may repeat); unknown values fall back to the defaults. */
export function parseUserListQuery(params: URLSearchParams): UserListQuery {
  const roles = LISTED_ROLES.filter((role) => params.getAll('role').includes(role));
  const sort = parseChoice(params.get('sort'), USER_SORTS, 'name');
  return {
    q: parseSearch(params.get('q')),
    roles,
    sort,
    order: parseOrder(params.get('order')) ?? defaultUserOrder(sort),
    page: parsePage(params.get('page')),
    perPage: parsePerPage(params.get('perPage')),
  };
}

/** A to Z by name and role; the richest and the newest first. */
export function defaultUserOrder(sort: UserSort): SortOrder {
  return sort === 'balance' || sort === 'joined' ? 'desc' : 'asc';
}

function userOrderBy(sort: UserSort, order: SortOrder): Prisma.UserOrderByWithRelationInput[] {
  const tieBreak: Prisma.UserOrderByWithRelationInput[] = [{ name: 'asc' }, { id: 'asc' }];
  switch (sort) {
    case 'name':
      return [{ name: order }, { id: 'asc' }];
    case 'role':
      return [{ role: order }, ...tieBreak];
    case 'balance':
      return [{ balanceCents: order }, ...tieBreak];
    case 'joined':
      return [{ createdAt: order }, { id: order }];
  }
}

/**
 * One page of people matching the query, and how many match each role when only the search applies
 * (the facet counts, whose sum over the chosen roles is the total). Selects nothing private: no
 * email, no Clerk id.
 */
export async function listUsers(query: UserListQuery) {
  const db = getDb();
  const searched: Prisma.UserWhereInput = { deletedAt: null, ...(query.q ? { name: nameContains(query.q) } : {}) };
  const roles: readonly ListedRole[] = query.roles.length > 0 ? query.roles : LISTED_ROLES;
  // Every viewer of the same list reads the same people: kept until the page version changes (ADR 026).
  const readKey = (...parts: unknown[]) => JSON.stringify(['users', query.q, ...parts]);
  const facets = query.q ? atPageVersion(readKey('facets'), () => searchedPeopleByRole(searched)) : recentPeopleByRole();
  const count = facets.then((roleCounts) => roles.reduce<number>((sum, role) => sum + roleCounts[role], 0));
  const pageOf = (window: PageWindow) =>
    atPageVersion(readKey(roles, query.sort, query.order, window.perPage, window.skip), () =>
      db.user.findMany({
        where: { ...searched, role: { in: [...roles] } },
        select: { id: true, name: true, role: true, balanceCents: true, createdAt: true },
        orderBy: userOrderBy(query.sort, query.order),
        skip: window.skip,
        take: window.perPage,
      }),
    );
  const [page, roleCounts] = await Promise.all([pageInParallelWithTotal(query, count, pageOf, 'users'), facets]);
  return { ...page, roleCounts };
}

async function searchedPeopleByRole(searched: Prisma.UserWhereInput): Promise<PeopleByRole> {
  const groups = await getDb().user.groupBy({ by: ['role'], where: { ...searched, role: { in: PERSON_ROLES } }, _count: { _all: true } });
  const count = (role: ListedRole) => groups.find((group) => group.role === role)?._count._all ?? 0;
  return { ADMIN: count('ADMIN'), NADMIN: count('NADMIN') };
}
