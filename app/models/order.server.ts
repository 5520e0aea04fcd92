// Reading orders and sales (docs/product-rules.md, section 7). Orders are written only by the checkout saga;
// this module reads them: a buyer's own orders, one order of theirs, and a seller's sold lines.
// Lines carry copies of the product name, unit price and seller, so history survives edits and
// deletions; the product row itself stays (anonymised), so every line still links to it.
import { Prisma } from '~/generated/prisma/client';
import { getDb } from '~/utils/db.server.ts';
import { pageInParallelWithTotal, parseChoice, parseOrder, parsePage, parsePerPage, type PageWindow, type SortOrder } from '~/utils/list-params.ts';
import { centsToNumber } from '~/utils/money.ts';
import { ANONYMOUS_USER_ID } from './system-accounts.ts';

const ORDER_SORTS = ['date', 'total', 'lines'] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];
export type OrderListQuery = { sort: OrderSort; order: SortOrder; page: number; perPage: number };

/** The list state of an /orders URL; unknown values fall back to newest first. */
export function parseOrderListQuery(params: URLSearchParams): OrderListQuery {
  const sort = parseChoice(params.get('sort'), ORDER_SORTS, 'date');
  return { sort, order: parseOrder(params.get('order')) ?? 'desc', page: parsePage(params.get('page')), perPage: parsePerPage(params.get('perPage')) };
}

function orderOrderBy(sort: OrderSort, order: SortOrder): Prisma.OrderOrderByWithRelationInput[] {
  // The trailing keys make the order total, so that pages never overlap or skip a row.
  const tieBreak: Prisma.OrderOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'asc' }];
  switch (sort) {
    case 'total':
      return [{ totalCents: order }, ...tieBreak];
    case 'lines':
      return [{ items: { _count: order } }, ...tieBreak];
    case 'date':
      return [{ createdAt: order }, { id: 'asc' }];
  }
}

export type ListedOrder = { id: string; totalCents: number; lineCount: number; createdAt: Date };

/** One page of the buyer's orders; the requested page is clamped to the pages that exist. */
export async function listOrders(buyerId: string, query: OrderListQuery): Promise<PageWindow & { orders: ListedOrder[] }> {
  const db = getDb();
  const pageOf = async (window: PageWindow) => {
    const orders = await db.order.findMany({
      where: { buyerId },
      select: { id: true, totalCents: true, createdAt: true, _count: { select: { items: true } } },
      orderBy: orderOrderBy(query.sort, query.order),
      skip: window.skip,
      take: window.perPage,
    });
    return orders.map(({ _count, ...order }) => ({ ...order, lineCount: _count.items }));
  };
  return pageInParallelWithTotal(query, db.order.count({ where: { buyerId } }), pageOf, 'orders');
}

/**
 * One order with its lines, only for its buyer: anyone else gets null, exactly as for an id that
 * does not exist, so that order ids do not leak.
 */
export async function findBuyerOrder(buyerId: string, orderId: string) {
  const order = await getDb().order.findFirst({
    where: { id: orderId, buyerId },
    select: {
      id: true,
      totalCents: true,
      createdAt: true,
      items: {
        orderBy: [{ productName: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          productId: true,
          productName: true,
          unitPriceCents: true,
          quantity: true,
          product: { select: { ownerId: true, stock: true, imageIds: true } },
        },
      },
    },
  });
  if (!order) return null;
  return {
    id: order.id,
    totalCents: order.totalCents,
    createdAt: order.createdAt,
    lines: order.items.map(({ product, ...item }) => ({
      ...item,
      subtotalCents: item.unitPriceCents * item.quantity,
      isDeleted: product.ownerId === ANONYMOUS_USER_ID,
      stock: product.stock,
      imageId: product.imageIds[0] ?? null,
    })),
  };
}

const SALE_SORTS = ['date', 'product', 'quantity', 'amount'] as const;
export type SaleSort = (typeof SALE_SORTS)[number];
export type SaleListQuery = { sort: SaleSort; order: SortOrder; page: number; perPage: number };

/** The list state of a /sales URL; unknown values fall back to newest first. */
export function parseSaleListQuery(params: URLSearchParams): SaleListQuery {
  const sort = parseChoice(params.get('sort'), SALE_SORTS, 'date');
  return {
    sort,
    order: parseOrder(params.get('order')) ?? defaultSaleOrder(sort),
    page: parsePage(params.get('page')),
    perPage: parsePerPage(params.get('perPage')),
  };
}

/** Products A to Z; the newest, the most units and the largest amounts first. */
export function defaultSaleOrder(sort: SaleSort): SortOrder {
  return sort === 'product' ? 'asc' : 'desc';
}

export type SoldLine = {
  id: string;
  productId: string;
  productName: string;
  isDeleted: boolean;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  buyerName: string;
  createdAt: Date;
};

export type SalesTotals = { lineCount: number; orderCount: number; units: number; amountCents: number };

const SALE_ORDER_COLUMNS: Record<SaleSort, Prisma.Sql> = {
  date: Prisma.sql`o."createdAt"`,
  product: Prisma.sql`lower(i."productName")`,
  quantity: Prisma.sql`i.quantity`,
  amount: Prisma.sql`i."unitPriceCents"::bigint * i.quantity`,
};

/** The seller's sales over all their orders: what the profile's "amount gained" adds up. */
export async function salesTotals(sellerId: string): Promise<SalesTotals> {
  const [row] = await getDb().$queryRaw<{ lines: bigint; orders: bigint; units: bigint; amount: bigint }[]>`
    SELECT count(*) AS lines,
           count(DISTINCT "orderId") AS orders,
           COALESCE(sum(quantity), 0)::bigint AS units,
           COALESCE(sum("unitPriceCents"::bigint * quantity), 0)::bigint AS amount
    FROM "OrderItem" WHERE "sellerId" = ${sellerId}::uuid`;
  return { lineCount: Number(row!.lines), orderCount: Number(row!.orders), units: Number(row!.units), amountCents: centsToNumber(row!.amount) };
}

/**
 * One page of the order lines the seller sold, with the totals over all of them. The amount is
 * sorted on in SQL, which Prisma's orderBy cannot express (a product of two columns).
 */
export async function listSales(sellerId: string, query: SaleListQuery): Promise<PageWindow & { lines: SoldLine[]; totals: SalesTotals }> {
  const totals = salesTotals(sellerId);
  const direction = query.order === 'asc' ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const pageOf = async (window: PageWindow) => {
    const rows = await getDb().$queryRaw<(Omit<SoldLine, 'amountCents' | 'isDeleted'> & { ownerId: string })[]>`
      SELECT i.id, i."productId", i."productName", i.quantity, i."unitPriceCents",
             b.name AS "buyerName", o."createdAt", p."ownerId"
      FROM "OrderItem" i
      JOIN "Order" o ON o.id = i."orderId"
      JOIN "User" b ON b.id = o."buyerId"
      JOIN "Product" p ON p.id = i."productId"
      WHERE i."sellerId" = ${sellerId}::uuid
      ORDER BY ${SALE_ORDER_COLUMNS[query.sort]} ${direction}, o."createdAt" DESC, i.id ASC
      LIMIT ${window.perPage} OFFSET ${window.skip}`;
    return rows.map(({ ownerId, ...row }) => ({
      ...row,
      isDeleted: ownerId === ANONYMOUS_USER_ID,
      amountCents: row.unitPriceCents * row.quantity,
    }));
  };
  const page = await pageInParallelWithTotal(
    query,
    totals.then((sums) => sums.lineCount),
    pageOf,
    'lines',
  );
  return { ...page, totals: await totals };
}
