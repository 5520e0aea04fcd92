// The authorization matrix: every route against every kind of visitor (signed out, a NADMIN, the
// ADMIN who owns the product, another ADMIN, the buyer whose cart and checkout it is, another buyer),
// with the status each must get, in one table. A request that is refused (or that is not its
// sender's to make) must also leave every table unchanged, and what belongs to the buyer (their
// checkout, their payment page) must show to nobody else. Each row gets a fresh shop, on a
// database of this file's own.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { startCheckout } from '~/models/checkout/checkout.server.ts';
import { completeCheckout } from '~/models/checkout/complete.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { addToCart, createProduct, createSeller, createUser, sessionCookie } from '../test/factories.ts';
import { useJobQueue, useScratchDatabase } from '../test/database-hooks.ts';
import { databaseDigest } from '../test/databases.ts';
import { formPost, useTestServer } from '../test/http.ts';
import { useTally } from '../test/reliability.ts';

const ACTORS = ['signedOut', 'nadmin', 'adminOwner', 'adminOther', 'buyer', 'otherBuyer', 'revoked', 'expired'] as const;
type Actor = (typeof ACTORS)[number];
/** Actors whose cookie once signed someone in: a session ended by sign-out, and one past its expiry. They are signed out. */
const STALE: Actor[] = ['revoked', 'expired'];

useScratchDatabase();
useJobQueue();
const tally = useTally('authorization matrix');
const server = useTestServer();

/** A small shop: the owner's product in the buyer's cart and pending checkout, another ADMIN's in another buyer's cart. */
async function createShop() {
  const ownerEmailTag = randomUUID().slice(0, 8);
  const ids = {
    nadmin: (await createUser()).id,
    adminOwner: (await createSeller(`Owner ${ownerEmailTag}`)).id,
    adminOther: (await createSeller()).id,
    buyer: (await createUser()).id,
    otherBuyer: (await createUser()).id,
  };
  const { id: stranger } = await createUser();
  const productName = `Owned ${ownerEmailTag}`;
  const { id: productId } = await createProduct({ ownerId: ids.adminOwner, priceCents: 87_65, stock: 10, name: productName });
  const { id: otherProductId } = await createProduct({ ownerId: ids.adminOther, priceCents: 3_00, stock: 10 });
  const urls = {
    successUrl: `${server.origin}/checkout/success`,
    cancelUrl: `${server.origin}/checkout/cancel`,
    webhookUrl: `${server.origin}/webhooks/stripe`,
  };
  // An order of the buyer's (one unit, paid), then a second checkout of theirs left pending.
  await addToCart(ids.buyer, productId, 1);
  const paid = await startCheckout(ids.buyer, urls);
  const completed = await completeCheckout({ checkoutId: paid.checkoutId, paymentIntentId: 'pi_matrix', amountTotal: 87_65 });
  if (completed.outcome !== 'completed') throw new Error(`the shop's order did not complete: ${completed.outcome}`);
  await addToCart(ids.buyer, productId, 1);
  await addToCart(ids.otherBuyer, otherProductId, 1);
  const { checkoutId } = await startCheckout(ids.buyer, urls);
  const { paymentSessionId } = await getDb().checkout.findUniqueOrThrow({ where: { id: checkoutId } });
  const buyerLineId = (await getDb().cartItem.findFirstOrThrow({ where: { userId: ids.buyer } })).id;
  const cookies: Record<Actor, string | undefined> = { signedOut: undefined } as Record<Actor, string | undefined>;
  for (const [actor, id] of Object.entries(ids)) cookies[actor as Actor] = await sessionCookie(id);
  // Two people whose cookies were copied before their sessions ended (signed out; expired).
  const staleName = `Stale ${ownerEmailTag}`;
  const { id: revokedId } = await createUser({ name: staleName });
  cookies.revoked = await sessionCookie(revokedId);
  await getDb().userSession.deleteMany({ where: { userId: revokedId } });
  const { id: expiredId } = await createUser({ name: staleName });
  cookies.expired = await sessionCookie(expiredId);
  await getDb().userSession.updateMany({ where: { userId: expiredId }, data: { expiresAt: new Date(Date.now() - 1000) } });
  // A message of the buyer's in the dev mailbox (the checkout's order emails go through jobs).
  const buyerMailId = (
    await getDb().emailMessage.create({
      data: {
        dedupeKey: randomUUID(),
        kind: 'test',
        messageId: `<${randomUUID()}@reen.test>`,
        toAddress: `buyer-${ownerEmailTag}@example.test`,
        subject: `For the buyer ${ownerEmailTag}`,
        html: '<p>Hi</p>',
        text: 'Hi',
        userId: ids.buyer,
      },
      select: { id: true },
    })
  ).id;
  const ownerEmail = (await getDb().user.findUniqueOrThrow({ where: { id: ids.adminOwner } })).email!;
  return {
    ids,
    stranger,
    productId,
    productName,
    otherProductId,
    orderId: completed.orderId,
    checkoutId,
    sessionId: paymentSessionId!,
    buyerLineId,
    cookies,
    ownerEmail,
    staleName,
    buyerMailId,
    buyerMailSubject: `For the buyer ${ownerEmailTag}`,
  };
}

type Shop = Awaited<ReturnType<typeof createShop>>;
type Statuses = { [A in Actor]: number };
type Row = {
  route: string;
  request: (shop: Shop, cookie: string | undefined) => [path: string, init?: RequestInit];
  /** The stale actors (STALE) must get what signedOut gets. */
  expect: [signedOut: number, nadmin: number, adminOwner: number, adminOther: number, buyer: number, otherBuyer: number];
  /** Who may change the database with this request; for everyone else every table must stay as it was. */
  changes?: Actor[];
  /** Text (in the page or the redirect) that only these actors may see. */
  private?: { text: (shop: Shop) => string; to: Actor[] };
  /** The route never asks who is signed in, so it has no stale session cookie to clear. */
  anonymous?: true;
};

const get =
  (path: (shop: Shop) => string) =>
  (shop: Shop, cookie?: string): [string, RequestInit] => [path(shop), { headers: cookie ? { Cookie: cookie } : undefined }];
const post =
  (path: string, fields: (shop: Shop) => Record<string, string> = () => ({})) =>
  (shop: Shop, cookie?: string): [string, RequestInit] => [path, formPost(fields(shop), cookie)];

const ALL_OK = [200, 200, 200, 200, 200, 200] as Row['expect'];
const SIGNED_IN = [302, 200, 200, 200, 200, 200] as Row['expect'];

const MATRIX: Row[] = [
  { route: 'GET /', request: get(() => '/'), expect: ALL_OK },
  { route: 'GET /healthz', request: get(() => '/healthz'), expect: ALL_OK, anonymous: true },
  { route: 'GET /sign-in', request: get(() => '/sign-in'), expect: [200, 302, 302, 302, 302, 302] },
  // Signing out ends the sender's own session (a row of UserSession), nobody else's.
  {
    route: 'POST /sign-out',
    request: post('/sign-out'),
    expect: [303, 303, 303, 303, 303, 303],
    changes: ['nadmin', 'adminOwner', 'adminOther', 'buyer', 'otherBuyer', 'expired'],
  },
  {
    route: 'POST /sign-out everywhere',
    request: post('/sign-out', () => ({ scope: 'everywhere' })),
    expect: [303, 303, 303, 303, 303, 303],
    // An expired session removes its own row, and ends no other.
    changes: ['nadmin', 'adminOwner', 'adminOther', 'buyer', 'otherBuyer', 'expired'],
  },
  { route: 'POST /theme', request: post('/theme', () => ({ theme: 'dark' })), expect: [302, 302, 302, 302, 302, 302], changes: [], anonymous: true },
  { route: 'GET /products', request: get(() => '/products'), expect: ALL_OK },
  { route: 'GET /products/:id', request: get((shop) => `/products/${shop.productId}`), expect: ALL_OK },
  { route: 'GET /products/new', request: get(() => '/products/new'), expect: [302, 403, 200, 200, 403, 403] },
  {
    route: 'POST /products/new',
    request: post('/products/new', () => ({ intent: 'create', name: 'New thing', description: 'New.', price: '5.00', quantity: '2', images: '1' })),
    expect: [302, 403, 303, 303, 403, 403],
    changes: ['adminOwner', 'adminOther'],
  },
  { route: 'GET /products/:id/edit', request: get((shop) => `/products/${shop.productId}/edit`), expect: [302, 403, 200, 403, 403, 403] },
  {
    route: 'POST /products/:id/edit',
    request: (shop, cookie) => [
      `/products/${shop.productId}/edit`,
      formPost({ intent: 'update', name: 'Renamed', description: 'Changed.', price: '90.00', quantity: '12', images: '2' }, cookie),
    ],
    expect: [302, 403, 303, 403, 403, 403],
    changes: ['adminOwner'],
  },
  { route: 'GET /products/:id/delete', request: get((shop) => `/products/${shop.productId}/delete`), expect: [302, 403, 200, 403, 403, 403] },
  {
    route: 'POST /products/:id/delete',
    request: (shop, cookie) => [`/products/${shop.productId}/delete`, formPost({ intent: 'delete' }, cookie)],
    expect: [302, 403, 303, 403, 403, 403],
    changes: ['adminOwner'],
  },
  { route: 'GET /placeholder-images/:id', request: get(() => `/placeholder-images/${randomUUID()}`), expect: ALL_OK, anonymous: true },
  { route: 'GET /users', request: get(() => '/users'), expect: SIGNED_IN, private: { text: (shop) => shop.ownerEmail, to: [] } },
  { route: 'GET /users/:id', request: get((shop) => `/users/${shop.stranger}`), expect: SIGNED_IN },
  {
    route: 'GET /users/:owner',
    request: get((shop) => `/users/${shop.ids.adminOwner}`),
    expect: [302, 200, 302, 200, 200, 200],
    private: { text: (shop) => shop.ownerEmail, to: [] },
  },
  { route: 'GET /profile', request: get(() => '/profile'), expect: SIGNED_IN },
  {
    // Everyone changes their own name and email only.
    route: 'POST /profile (name and email)',
    request: post('/profile?index', () => ({ intent: 'details', name: 'Renamed Person', email: `${randomUUID()}@example.test` })),
    expect: [302, 303, 303, 303, 303, 303],
    changes: ['nadmin', 'adminOwner', 'adminOther', 'buyer', 'otherBuyer'],
  },
  { route: 'GET /profile/role', request: get(() => '/profile/role'), expect: SIGNED_IN },
  {
    route: 'POST /profile/role upgrade',
    request: post('/profile/role', () => ({ intent: 'upgrade' })),
    expect: [302, 303, 409, 409, 303, 303],
    changes: ['nadmin', 'buyer', 'otherBuyer'],
  },
  {
    route: 'POST /profile/role step-down',
    request: post('/profile/role', () => ({ intent: 'step-down' })),
    expect: [302, 409, 303, 303, 409, 409],
    changes: ['adminOwner', 'adminOther'],
  },
  { route: 'GET /cart', request: get(() => '/cart'), expect: SIGNED_IN, private: { text: () => '$87.65', to: ['buyer'] } },
  {
    route: 'POST /cart add',
    request: post('/cart', (shop) => ({ intent: 'add', productId: shop.productId, quantity: '1' })),
    expect: [303, 303, 403, 303, 303, 303],
    changes: ['nadmin', 'adminOther', 'buyer', 'otherBuyer'],
  },
  {
    route: "POST /cart update (the buyer's line)",
    request: post('/cart', (shop) => ({ intent: 'update', lineId: shop.buyerLineId, quantity: '2' })),
    expect: [303, 404, 404, 404, 303, 404],
    changes: ['buyer'],
  },
  {
    route: "POST /cart remove (the buyer's line)",
    request: post('/cart', (shop) => ({ intent: 'remove', lineId: shop.buyerLineId })),
    expect: [303, 404, 404, 404, 303, 404],
    changes: ['buyer'],
  },
  { route: 'GET /checkout', request: get(() => '/checkout'), expect: [302, 302, 302, 302, 302, 302], anonymous: true },
  // Everyone signed in may start a checkout of their own cart (an empty cart is refused with a message).
  { route: 'POST /checkout', request: post('/checkout'), expect: [302, 303, 303, 303, 303, 303], changes: ['buyer', 'otherBuyer'] },
  {
    route: "GET /checkout/continue (the buyer's pending checkout)",
    request: get(() => '/checkout/continue'),
    expect: [302, 303, 303, 303, 303, 303],
    changes: [],
    private: { text: (shop) => shop.sessionId, to: ['buyer'] },
  },
  {
    route: "GET /checkout/success (the buyer's session)",
    request: get((shop) => `/checkout/success?session_id=${shop.sessionId}`),
    expect: [302, 404, 404, 404, 200, 404],
    changes: [],
    private: { text: () => 'Processing your payment', to: ['buyer'] },
  },
  {
    // The payment page's cancel link: coming back by it cancels the buyer's own checkout, nobody else's.
    route: "GET /checkout/cancel (the buyer's checkout)",
    request: get((shop) => `/checkout/cancel?checkout_id=${shop.checkoutId}`),
    expect: [302, 404, 404, 404, 200, 404],
    changes: ['buyer'],
    private: { text: () => '$87.65', to: ['buyer'] },
  },
  {
    route: "POST /checkout/cancel (the buyer's checkout)",
    request: post('/checkout/cancel', (shop) => ({ intent: 'cancel', checkoutId: shop.checkoutId })),
    expect: [302, 404, 404, 404, 303, 404],
    changes: ['buyer'],
  },
  // The payment page stands in for Stripe's hosted page: whoever has its address may open it.
  { route: 'GET /test-payments/:session', request: get((shop) => `/test-payments/${shop.sessionId}`), expect: ALL_OK },
  {
    route: 'POST /webhooks/stripe (unsigned)',
    request: (_shop, cookie) => ['/webhooks/stripe', { method: 'POST', body: '{}', headers: cookie ? { Cookie: cookie } : undefined }],
    expect: [400, 400, 400, 400, 400, 400],
    changes: [],
    anonymous: true,
  },
  { route: 'GET /dev/mail', request: get(() => '/dev/mail'), expect: SIGNED_IN, private: { text: (shop) => shop.buyerMailSubject, to: ['buyer'] } },
  {
    route: "GET /dev/mail/:id (the buyer's message)",
    request: get((shop) => `/dev/mail/${shop.buyerMailId}`),
    expect: [302, 404, 404, 404, 200, 404],
    private: { text: (shop) => shop.buyerMailSubject, to: ['buyer'] },
  },
  { route: 'GET /sign-up (demo mode: the sign-in page)', request: get(() => '/sign-up'), expect: [302, 302, 302, 302, 302, 302] },
  { route: 'GET /profile/delete', request: get(() => '/profile/delete'), expect: SIGNED_IN },
  // Everyone signed in may delete their own account, and only their own.
  {
    route: 'POST /profile/delete',
    request: post('/profile/delete', () => ({ intent: 'delete', confirm: 'yes' })),
    expect: [302, 303, 303, 303, 303, 303],
    changes: ['nadmin', 'adminOwner', 'adminOther', 'buyer', 'otherBuyer'],
  },
  {
    route: 'POST /webhooks/clerk (unsigned; Clerk not configured in demo mode)',
    request: (_shop, cookie) => ['/webhooks/clerk', { method: 'POST', body: '{}', headers: cookie ? { Cookie: cookie } : undefined }],
    expect: [404, 404, 404, 404, 404, 404],
    changes: [],
    anonymous: true,
  },
  { route: 'GET /orders', request: get(() => '/orders'), expect: SIGNED_IN, private: { text: (shop) => `/orders/${shop.orderId}`, to: ['buyer'] } },
  {
    route: "GET /orders/:id (the buyer's order)",
    request: get((shop) => `/orders/${shop.orderId}`),
    expect: [302, 404, 404, 404, 200, 404],
    private: { text: (shop) => shop.productName, to: ['buyer'] },
  },
  { route: 'GET /sales', request: get(() => '/sales'), expect: SIGNED_IN, private: { text: (shop) => shop.productName, to: ['adminOwner'] } },
  // What a request may not choose: where it is sent after a form or sign-in, and the host that
  // return and webhook URLs are built on. Nobody sees evil.example in an answer.
  {
    route: 'GET /sign-in?redirectTo=/<tab>/evil.example',
    request: get(() => `/sign-in?${new URLSearchParams({ redirectTo: '/\t/evil.example' })}`),
    expect: [200, 302, 302, 302, 302, 302],
    // The target as it was sent (the page's own links carry it percent-encoded, which is harmless).
    private: { text: () => '\t/evil.example', to: [] },
  },
  {
    route: 'POST /theme redirectTo=//evil.example',
    request: post('/theme', () => ({ theme: 'dark', redirectTo: '//evil.example' })),
    expect: [302, 302, 302, 302, 302, 302],
    changes: [],
    private: { text: () => 'evil.example', to: [] },
    anonymous: true,
  },
  {
    route: 'POST /checkout naming another host (X-Forwarded-Host)',
    request: (_shop, cookie) => {
      const init = formPost({}, cookie);
      return ['/checkout', { ...init, headers: { ...(init.headers as Record<string, string>), 'X-Forwarded-Host': 'evil.example' } }];
    },
    expect: [302, 303, 303, 303, 303, 303],
    changes: ['buyer', 'otherBuyer'],
    private: { text: () => 'evil.example', to: [] },
  },
];

it('answers every route for every kind of visitor as the matrix says, changing nothing it refuses and showing nobody what is not theirs', async () => {
  const actual: Record<string, Statuses> = {};
  const expected: Record<string, Statuses> = {};
  const problems: string[] = [];

  for (const row of MATRIX) {
    const shop = await createShop();
    expected[row.route] = Object.fromEntries(ACTORS.map((actor, index) => [actor, STALE.includes(actor) ? row.expect[0] : row.expect[index]])) as Statuses;
    const statuses = {} as Statuses;
    actual[row.route] = statuses;
    // The actors a row lets change things go last, so that the refused ones meet the shop intact.
    const order = [...ACTORS].sort((a, b) => Number(row.changes?.includes(a) ?? false) - Number(row.changes?.includes(b) ?? false));
    for (const actor of order) {
      const [path, init] = row.request(shop, shop.cookies[actor]);
      const checkUnchanged = row.changes !== undefined && !row.changes.includes(actor);
      const before = checkUnchanged ? await databaseDigest() : null;
      const response = await server.request(path, init);
      tally.operations++;
      if (response.status >= 500) tally.serverErrors++;
      statuses[actor] = response.status;
      if (before) {
        tally.invariantChecks++;
        const after = await databaseDigest();
        const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
        if (changed.length) problems.push(`${row.route} by ${actor} changed ${changed.join(', ')}`);
      }
      const body = `${response.headers.get('location') ?? ''}\n${await response.text()}`;
      if (row.private) {
        const seen = body.includes(row.private.text(shop));
        if (seen !== row.private.to.includes(actor)) problems.push(`${row.route}: ${actor} ${seen ? 'sees' : 'does not see'} "${row.private.text(shop)}"`);
      }
      if (STALE.includes(actor)) {
        // Signed out for good: no trace of the person on the page, and the browser told to drop the cookie.
        if (body.includes(shop.staleName)) problems.push(`${row.route}: ${actor} sees the name of the session's person`);
        const cleared = response.headers.getSetCookie().some((cookie) => /^reen_session=;/.test(cookie));
        if (!cleared && !row.anonymous) problems.push(`${row.route}: ${actor}'s cookie is not cleared`);
      }
    }
  }

  expect(actual).toEqual(expected);
  expect(problems).toEqual([]);
}, 300_000);
