// The limit of this machine for our catalog pages: a bare node:http server that does the same work
// per request as the app (check the signed session cookie, look up the viewer, the sidebar counts,
// the page's SQL through `pg`, with the same short-lived cache of the global counts) and answers
// HTML with the same content and the page data as JSON, as the app's hydration does. Asked for
// `<path>.data` (what a JavaScript navigation asks the app for), it answers that JSON alone. No
// framework, no ORM, no React: whatever the app is slower by is what those cost.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { parseOrder, parsePage, parsePerPage, parseSearch, pageWindow } from '~/utils/list-params.ts';
import { formatMoney } from '~/utils/money.ts';
import { cached } from '~/utils/cache.server.ts';
import { GLOBAL_COUNTS_TTL_MS } from '~/models/catalog-counts.server.ts';
import { pageOfDataPath } from '../server/single-fetch.ts';

const ANONYMOUS_USER_ID = '00000000-0000-4000-8000-000000000002';
const IMAGE_URL_TEMPLATE = process.env.IMAGE_URL_TEMPLATE ?? 'https://robohash.org/{id}';
const SESSION_SECRET = process.env.SESSION_SECRET!;

const POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 10);
// As the app's pool (poolMinimum in app/utils/db.server.ts): up to 4 connections stay open while idle.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: POOL_SIZE, min: Math.min(4, POOL_SIZE) });

type Viewer = { id: string; name: string; role: string };
type Counts = { users: number; products: number; myProducts: number; orders: number; cartLines: number };
/**
 * A page's parts: its HTML is laid out from them, its data alone answers a `.data` request (the
 * body's markup is made only for the HTML).
 */
type Page = { title: string; viewer: Viewer | null; counts: Counts; body: () => string; data: unknown };

const listedProducts = cached(GLOBAL_COUNTS_TTL_MS, async () => {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM "Product" WHERE "ownerId" <> $1', [ANONYMOUS_USER_ID]);
  return rows[0]!.n;
});

const peopleByRole = cached(GLOBAL_COUNTS_TTL_MS, async () => {
  const { rows } = await pool.query<{ role: string; n: number }>(
    `SELECT role::text, count(*)::int AS n FROM "User" WHERE "deletedAt" IS NULL AND role IN ('ADMIN', 'NADMIN') GROUP BY role`,
  );
  return { ADMIN: rows.find((row) => row.role === 'ADMIN')?.n ?? 0, NADMIN: rows.find((row) => row.role === 'NADMIN')?.n ?? 0 };
});

/** The session token in our signed `reen_session` cookie (cookie-signature: HMAC-SHA256, base64, no padding). */
function sessionToken(cookieHeader: string | undefined): string | null {
  const raw = cookieHeader?.match(/(?:^|;\s*)reen_session=([^;]+)/)?.[1];
  if (!raw) return null;
  const signed = decodeURIComponent(raw);
  const dot = signed.lastIndexOf('.');
  const value = signed.slice(0, dot);
  const expected = Buffer.from(createHmac('sha256', SESSION_SECRET).update(value).digest('base64').replace(/=+$/, ''));
  const given = Buffer.from(signed.slice(dot + 1));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const token = JSON.parse(decodeURIComponent(escape(atob(value)))) as unknown;
  return typeof token === 'string' ? token : null;
}

async function viewerOf(request: http.IncomingMessage): Promise<Viewer | null> {
  const token = sessionToken(request.headers.cookie);
  if (!token) return null;
  // The stored session, as the app looks it up (by the token's SHA-256).
  const { rows } = await pool.query<Viewer>(
    `SELECT u.id, u.name, u.role::text FROM "UserSession" s JOIN "User" u ON u.id = s."userId"
     WHERE s."tokenHash" = $1 AND s."expiresAt" > now() AND u.role IN ('ADMIN', 'NADMIN') AND u."deletedAt" IS NULL`,
    [createHash('sha256').update(token).digest('hex')],
  );
  return rows[0] ?? null;
}

async function sidebarCounts(viewer: Viewer | null): Promise<Counts> {
  const [products, people, mine] = await Promise.all([
    listedProducts(),
    peopleByRole(),
    viewer
      ? pool
          .query<{ myProducts: number; orders: number; cartLines: number }>(
            `SELECT (SELECT count(*)::int FROM "Product" WHERE "ownerId" = $1) AS "myProducts",
                    (SELECT count(*)::int FROM "Order" WHERE "buyerId" = $1) AS orders,
                    (SELECT count(*)::int FROM "CartItem" WHERE "userId" = $1) AS "cartLines"`,
            [viewer.id],
          )
          .then(({ rows }) => rows[0]!)
      : { myProducts: 0, orders: 0, cartLines: 0 },
  ]);
  return { users: people.ADMIN + people.NADMIN, products, ...mine };
}

const PRODUCT_ORDER: Record<string, (order: string) => string> = {
  newest: (order) => `p."createdAt" ${order}, p.id ${order}`,
  name: (order) => `p.name ${order}, p."createdAt" DESC, p.id ASC`,
  price: (order) => `p."priceCents" ${order}, p."createdAt" DESC, p.id ASC`,
  purchases: (order) => `p."purchasesCount" ${order}, p."createdAt" DESC, p.id ASC`,
};

async function productsPage(url: URL, viewer: Viewer | null): Promise<Page> {
  const params = url.searchParams;
  const q = parseSearch(params.get('q'));
  const sort = params.get('sort') && PRODUCT_ORDER[params.get('sort')!] ? params.get('sort')! : 'newest';
  const order = parseOrder(params.get('order')) ?? (sort === 'newest' ? 'desc' : 'asc');
  const where = q ? `p."ownerId" <> $1 AND p.name ILIKE $2` : `p."ownerId" <> $1`;
  const values: unknown[] = q ? [ANONYMOUS_USER_ID, `%${q.replace(/[\\%_]/g, '\\$&')}%`] : [ANONYMOUS_USER_ID];
  const [total, counts] = await Promise.all([
    q ? pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Product" p WHERE ${where}`, values).then(({ rows }) => rows[0]!.n) : listedProducts(),
    sidebarCounts(viewer),
  ]);
  const window = pageWindow(parsePage(params.get('page')), parsePerPage(params.get('perPage')), total);
  const { rows } = await pool.query<{
    id: string;
    name: string;
    stock: number;
    priceCents: number;
    purchasesCount: number;
    imageIds: string[];
    ownerId: string;
    ownerName: string;
  }>(
    `SELECT p.id, p.name, p.stock, p."priceCents", p."purchasesCount", p."imageIds", p."ownerId", u.name AS "ownerName"
       FROM "Product" p JOIN "User" u ON u.id = p."ownerId"
      WHERE ${where} ORDER BY ${PRODUCT_ORDER[sort]!(order)} LIMIT ${window.perPage} OFFSET ${window.skip}`,
    values,
  );
  const data = {
    q,
    sort,
    order,
    ...window,
    rows: rows.map((row) => ({
      id: row.id,
      name: row.name,
      stock: row.stock,
      priceCents: row.priceCents,
      purchasesCount: row.purchasesCount,
      imageUrl: imageUrl(row.imageIds[0]!),
      imageCount: row.imageIds.length,
      seller: { id: row.ownerId, name: row.ownerName },
    })),
  };
  const body = () => `<h1>Products</h1>
<form method="get"><input type="search" name="q" value="${escapeHtml(q)}" aria-label="Search products by name"><select name="sort">${Object.keys(PRODUCT_ORDER)
    .map((value) => `<option${value === sort ? ' selected' : ''}>${value}</option>`)
    .join('')}</select><button>Apply</button></form>
<table><thead><tr><th>Image</th><th>Name</th><th>Stock</th><th>Price</th><th>Purchases</th><th>Seller</th></tr></thead><tbody>
${data.rows.map((row) => `<tr><td><img src="${escapeHtml(row.imageUrl)}" alt="" width="64" height="64" loading="lazy">${row.imageCount > 1 ? `<span>+${row.imageCount - 1}</span>` : ''}</td><td><a href="/products/${row.id}">${escapeHtml(row.name)}</a></td><td>${row.stock}</td><td>${formatMoney(row.priceCents)}</td><td>${row.purchasesCount}</td><td><a href="/users/${row.seller.id}">${escapeHtml(row.seller.name)}</a></td></tr>`).join('\n')}
</tbody></table>
${pagination(url, window)}`;
  return { title: 'Products', viewer, counts, body, data };
}

async function productPage(id: string, viewer: Viewer | null): Promise<Page | null> {
  const { rows } = await pool.query<{
    id: string;
    name: string;
    description: string;
    priceCents: number;
    stock: number;
    imageIds: string[];
    ownerId: string;
    ownerName: string;
  }>(
    `SELECT p.id, p.name, p.description, p."priceCents", p.stock, p."imageIds", p."ownerId", u.name AS "ownerName"
       FROM "Product" p JOIN "User" u ON u.id = p."ownerId" WHERE p.id = $1`,
    [id],
  );
  const product = rows[0];
  if (!product) return null;
  const [others, inCart, counts] = await Promise.all([
    pool.query<{ id: string; name: string; priceCents: number; imageIds: string[] }>(
      `SELECT id, name, "priceCents", "imageIds" FROM "Product" WHERE "ownerId" = $1 AND id <> $2 ORDER BY "createdAt" DESC, id ASC LIMIT 12`,
      [product.ownerId, product.id],
    ),
    viewer
      ? pool.query('SELECT 1 FROM "CartItem" WHERE "userId" = $1 AND "productId" = $2', [viewer.id, product.id]).then(({ rowCount }) => rowCount === 1)
      : false,
    sidebarCounts(viewer),
  ]);
  const data = {
    product: { ...product, imageUrls: product.imageIds.map(imageUrl) },
    inCart,
    others: others.rows.map((other) => ({ id: other.id, name: other.name, priceCents: other.priceCents, imageUrl: imageUrl(other.imageIds[0]!) })),
  };
  const body = () => `<article><a href="/products">All products</a>
<div>${data.product.imageUrls.map((src) => `<img src="${escapeHtml(src)}" alt="" width="480" height="480">`).join('')}</div>
<h1>${escapeHtml(product.name)}</h1><p>${formatMoney(product.priceCents)}</p><p>${escapeHtml(product.description)}</p>
<dl><dt>In stock</dt><dd>${product.stock}</dd><dt>Seller</dt><dd><a href="/users/${product.ownerId}">${escapeHtml(product.ownerName)}</a></dd></dl>
<form method="post" action="/cart"><input type="hidden" name="intent" value="add"><input type="hidden" name="productId" value="${product.id}"><input type="number" name="quantity" value="1" min="1" max="${product.stock}"><button>${inCart ? 'Add more to cart' : 'Add to cart'}</button></form>
<h2>Other products of ${escapeHtml(product.ownerName)}</h2><ul>${data.others.map((other) => `<li><a href="/products/${other.id}"><img src="${escapeHtml(other.imageUrl)}" alt="" width="160" height="160" loading="lazy">${escapeHtml(other.name)} ${formatMoney(other.priceCents)}</a></li>`).join('')}</ul></article>`;
  return { title: product.name, viewer, counts, body, data };
}

const USER_ORDER: Record<string, (order: string) => string> = {
  name: (order) => `name ${order}, id ASC`,
  role: (order) => `role ${order}, name ASC, id ASC`,
  balance: (order) => `"balanceCents" ${order}, name ASC, id ASC`,
  joined: (order) => `"createdAt" ${order}, id ${order}`,
};

async function usersPage(url: URL, viewer: Viewer): Promise<Page> {
  const params = url.searchParams;
  const roles = ['ADMIN', 'NADMIN'].filter((role) => params.getAll('role').includes(role));
  const sort = params.get('sort') && USER_ORDER[params.get('sort')!] ? params.get('sort')! : 'name';
  const order = parseOrder(params.get('order')) ?? (sort === 'balance' || sort === 'joined' ? 'desc' : 'asc');
  const shown = roles.length ? roles : ['ADMIN', 'NADMIN'];
  const [facets, counts] = await Promise.all([peopleByRole(), sidebarCounts(viewer)]);
  const total = shown.reduce((sum, role) => sum + facets[role as 'ADMIN' | 'NADMIN'], 0);
  const window = pageWindow(parsePage(params.get('page')), parsePerPage(params.get('perPage')), total);
  const { rows } = await pool.query<{ id: string; name: string; role: string; balanceCents: string; createdAt: Date }>(
    `SELECT id, name, role::text, "balanceCents", "createdAt" FROM "User" WHERE "deletedAt" IS NULL AND role::text = ANY($1)
      ORDER BY ${USER_ORDER[sort]!(order)} LIMIT ${window.perPage} OFFSET ${window.skip}`,
    [shown],
  );
  const data = {
    roles,
    sort,
    order,
    roleCounts: facets,
    ...window,
    rows: rows.map((row) => ({ ...row, balanceCents: Number(row.balanceCents), joined: row.createdAt.toISOString().slice(0, 10) })),
  };
  const body = () => `<h1>Users</h1>
<form method="get"><fieldset><legend>Role</legend>${(['ADMIN', 'NADMIN'] as const).map((role) => `<label><input type="checkbox" name="role" value="${role}"${roles.includes(role) ? ' checked' : ''}>${role} <span>${facets[role]}</span></label>`).join('')}</fieldset><button>Apply</button></form>
<table><thead><tr><th>Name</th><th>Role</th><th>Balance</th><th>Date Joined</th><th></th></tr></thead><tbody>
${data.rows.map((row) => `<tr><td><a href="/users/${row.id}">${escapeHtml(row.name)}</a></td><td>${row.role}</td><td>${formatMoney(row.balanceCents)}</td><td>${row.joined}</td><td><a href="/users/${row.id}">View profile</a></td></tr>`).join('\n')}
</tbody></table>
${pagination(url, window)}`;
  return { title: 'Users', viewer, counts, body, data };
}

function pagination(url: URL, window: { page: number; pageCount: number; total: number }) {
  const href = (page: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set('page', String(page));
    return escapeHtml(`${url.pathname}?${params}`);
  };
  return `<nav aria-label="Pagination"><p>${window.total} results</p><p>Page ${window.page} of ${window.pageCount}</p><a href="${href(1)}">«</a><a href="${href(Math.max(1, window.page - 1))}">‹</a><a href="${href(Math.min(window.pageCount, window.page + 1))}">›</a><a href="${href(window.pageCount)}">»</a></nav>`;
}

/** What the page's scripts would read, as the app's hydration data and `.data` answers carry it. */
function pageData({ viewer, counts, data }: Page) {
  return JSON.stringify({ viewer, counts, data });
}

function layout(page: Page) {
  const { title, viewer, counts, body } = page;
  const json = pageData(page).replace(/</g, '\\u003c');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} | REEN</title><link rel="stylesheet" href="/build/app.css"></head><body>
<header><a href="/">REEN</a>${viewer ? `<a href="/profile">${escapeHtml(viewer.name)}</a><form method="post" action="/sign-out"><button>Sign out</button></form>` : '<a href="/sign-in">Sign in</a>'}<a href="/cart">Cart <span>${counts.cartLines}</span></a></header>
<nav aria-label="Main"><a href="/profile">Profile</a><a href="/users">Users <span>${counts.users}</span></a><a href="/products">Products <span>${counts.products}</span></a>${viewer ? `<a href="/products?mine=1">My Products <span>${counts.myProducts}</span></a><a href="/orders">Orders <span>${counts.orders}</span></a>` : ''}</nav>
<main id="main">${body()}</main>
<script type="application/json" id="data">${json}</script></body></html>`;
}

function imageUrl(id: string) {
  return IMAGE_URL_TEMPLATE.replaceAll('{id}', encodeURIComponent(id));
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

type Answer = { status: number; contentType?: string; text: string };

async function pageAt(pathname: string, url: URL, viewer: Viewer | null): Promise<Page | Answer> {
  if (pathname === '/products') return productsPage(url, viewer);
  const productId = pathname.match(/^\/products\/([0-9a-f-]{36})$/)?.[1];
  if (productId) return (await productPage(productId, viewer)) ?? { status: 404, text: 'Not found' };
  if (pathname === '/users') return viewer ? usersPage(url, viewer) : { status: 302, text: '' };
  return { status: 404, text: 'Not found' };
}

async function respond(request: http.IncomingMessage): Promise<Answer> {
  const url = new URL(request.url ?? '/', 'http://baseline');
  const viewer = await viewerOf(request);
  const dataOf = pageOfDataPath(url.pathname);
  const page = await pageAt(dataOf ?? url.pathname, url, viewer);
  if ('status' in page) return page;
  return dataOf ? { status: 200, contentType: 'application/json', text: pageData(page) } : { status: 200, text: layout(page) };
}

const server = http.createServer((request, response) => {
  respond(request).then(
    ({ status, contentType = 'text/html; charset=utf-8', text }) => {
      response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
      response.end(text);
    },
    (error: unknown) => {
      console.error(error);
      response.writeHead(500).end('Internal error');
    },
  );
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`baseline ready at http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
