// Hostile input, table-driven, over real HTTP: for every action and webhook route, requests a
// browser's form would never send (missing, extra and repeated fields, wrong types, negative, zero,
// huge and fractional numbers, 10,000-character and non-UTF-8 strings, NUL characters, markup, SQL,
// bodies that are not forms, oversized bodies). Each must be answered with a 4xx (or the route's
// refusal redirect) and a message a person can read, and must leave every row of every table as
// it was: the file has a database of its own, fingerprinted before and after each request.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createCookieSessionStorage } from '@remix-run/node';
import Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { startCheckout } from '~/models/checkout/checkout.server.ts';
import { payFee } from '~/models/ledger.server.ts';
import { createUser, DEMO_EMAIL_DOMAIN } from '~/models/user.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { credentialKey } from '~/utils/password.server.ts';
import { STARTING_BALANCE_CENTS } from '~/utils/money.ts';
import { webhookSigningSecret } from '~/utils/payments/provider.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { addToCart, createProduct, createSeller, createUser as createTestUser, sessionCookie } from '../test/factories.ts';
import { useJobQueue, useScratchDatabase } from '../test/database-hooks.ts';
import { databaseDigest } from '../test/databases.ts';
import { flashOf, useTestServer } from '../test/http.ts';
import { pageText } from '../test/page-text.ts';
import { useTally } from '../test/reliability.ts';

const FORM = 'application/x-www-form-urlencoded';
const LONG = 'x'.repeat(10_000);
const SCRIPT = '<script>alert("pwned")</script>';
const SQL = `' OR '1'='1'; DROP TABLE "User"; --`;

/** What the requests act on; filled in beforeAll. */
const shop = {
  sellerCookie: '',
  productId: '',
  otherSellerCookie: '',
  poorSellerCookie: '',
  buyerCookie: '',
  buyerLineId: '',
  checkoutId: '',
  sessionId: '',
  otherCookie: '',
  otherLineId: '',
  emptyCartCookie: '',
  poorCookie: '',
  localId: '',
  localEmail: '',
  passwordlessEmail: '',
  personaName: '',
  personaEmail: '',
  revokedCookie: '',
  expiredCookie: '',
  deletedAccountCookie: '',
  oldStyleCookie: '',
  othersMailId: '',
};

useScratchDatabase();
useJobQueue();
const tally = useTally('hostile input');
const server = useTestServer();

beforeAll(async () => {
  const { id: sellerId } = await createSeller();
  shop.sellerCookie = await sessionCookie(sellerId);
  shop.productId = (await createProduct({ ownerId: sellerId, priceCents: 12_34, stock: 5 })).id;
  shop.otherSellerCookie = await sessionCookie((await createSeller()).id);
  const { id: poorSellerId } = await createSeller();
  await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: poorSellerId, amountCents: STARTING_BALANCE_CENTS - 10_00 }));
  shop.poorSellerCookie = await sessionCookie(poorSellerId);
  const { id: buyerId } = await createTestUser();
  shop.buyerCookie = await sessionCookie(buyerId);
  await addToCart(buyerId, shop.productId, 1);
  ({ checkoutId: shop.checkoutId } = await startCheckout(buyerId, {
    successUrl: `${server.origin}/checkout/success`,
    cancelUrl: `${server.origin}/checkout/cancel`,
    webhookUrl: `${server.origin}/webhooks/stripe`,
  }));
  shop.sessionId = (await getDb().checkout.findUniqueOrThrow({ where: { id: shop.checkoutId } })).paymentSessionId!;
  shop.buyerLineId = (await getDb().cartItem.findFirstOrThrow({ where: { userId: buyerId } })).id;
  const { id: otherId } = await createTestUser();
  shop.otherCookie = await sessionCookie(otherId);
  await addToCart(otherId, shop.productId, 1);
  shop.otherLineId = (await getDb().cartItem.findFirstOrThrow({ where: { userId: otherId } })).id;
  shop.emptyCartCookie = await sessionCookie((await createTestUser()).id);
  const { id: poorId } = await createTestUser();
  await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: poorId, amountCents: STARTING_BALANCE_CENTS - 1_000_00 }));
  shop.poorCookie = await sessionCookie(poorId);

  // Accounts of the demo sign-in: one with a password, one made before passwords, a persona.
  shop.localEmail = `local-${randomUUID().slice(0, 8)}@example.test`;
  shop.localId = (
    await createUser({ name: 'Local Person', email: shop.localEmail, passwordHash: await credentialKey(shop.localEmail, 'the right password') })
  ).id;
  shop.passwordlessEmail = `old-${randomUUID().slice(0, 8)}@example.test`;
  await createUser({ name: 'Old Person', email: shop.passwordlessEmail });
  shop.personaName = 'Ada Lovelace';
  shop.personaEmail = `ada-${randomUUID().slice(0, 8)}@${DEMO_EMAIL_DOMAIN}`;
  await createUser({ name: shop.personaName, email: shop.personaEmail });
  // Sessions that sign nobody in any more.
  const { id: revokedId } = await createTestUser();
  shop.revokedCookie = await sessionCookie(revokedId);
  await getDb().userSession.deleteMany({ where: { userId: revokedId } });
  const { id: expiredId } = await createTestUser();
  shop.expiredCookie = await sessionCookie(expiredId);
  await getDb().userSession.updateMany({ where: { userId: expiredId }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const { id: deletedId } = await createTestUser();
  shop.deletedAccountCookie = await sessionCookie(deletedId);
  await getDb().user.update({ where: { id: deletedId }, data: { deletedAt: new Date() } });
  shop.oldStyleCookie = await oldStyleSessionCookie(otherId);
  shop.othersMailId = (
    await getDb().emailMessage.create({
      data: {
        dedupeKey: randomUUID(),
        kind: 'test',
        messageId: `<${randomUUID()}@reen.test>`,
        toAddress: 'other@example.test',
        subject: 'Yours only',
        html: '<p>Hi</p>',
        text: 'Hi',
        userId: otherId,
      },
      select: { id: true },
    })
  ).id;
});

/** The cookie the demo sign-in set before sessions were stored: a signed `{ userId }`, valid until the secret changed. */
async function oldStyleSessionCookie(userId: string) {
  const storage = createCookieSessionStorage({ cookie: { name: 'reen_session', secrets: [process.env.SESSION_SECRET!] } });
  const session = await storage.getSession();
  session.set('userId', userId);
  return (await storage.commitSession(session)).split(';')[0]!;
}

function post(path: string, body: BodyInit, { cookie, type = FORM }: { cookie?: string; type?: string } = {}) {
  return server.request(path, { method: 'POST', headers: { 'Content-Type': type, ...(cookie ? { Cookie: cookie } : {}) }, body });
}

/** A urlencoded body whose `field` is the bytes given, which are not UTF-8. */
function notUtf8(before: string, after = '') {
  return new Uint8Array([...Buffer.from(before), 0xff, 0xfe, 0x80, ...Buffer.from(after)]);
}

function signed(payload: string) {
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSigningSecret() });
  return server.request('/webhooks/stripe', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature }, body: payload });
}

/** What a person reads in the answer: the flash message of a redirect, else the page's text. */
async function messageOf(response: Response) {
  if (response.status >= 300 && response.status < 400) return flashOf(response)?.message ?? `(a redirect to ${response.headers.get('location')})`;
  return pageText(await response.text());
}

type Attempt = { name: string; send: () => Promise<Response>; status: number; message: RegExp };

function attempts(route: string, list: Attempt[]) {
  describe(route, () => {
    it.each(list)('$name: $status', async ({ send, status, message }) => {
      const before = await databaseDigest();
      const response = await send();
      tally.badInputs++;
      tally.operations++;
      if (response.status >= 500) tally.serverErrors++;
      expect(response.status).toBe(status);
      expect(await messageOf(response)).toMatch(message);
      tally.invariantChecks++;
      expect(await databaseDigest(), 'no table may change').toEqual(before);
    });
  });
}

const wholeNumber = /Enter a whole number of at least 1/;
const cartForm = (fields: string, cookie = shop.buyerCookie) => post('/cart', fields, { cookie });

const NAME_INVISIBLE = /A name cannot contain control or invisible characters/;
const EMAIL_INVISIBLE = /An email address cannot contain control or invisible characters/;
const create = (name: string, email = 'ada@example.test') =>
  post('/sign-in', new URLSearchParams({ intent: 'create', name, email, newPassword: 'long enough secret' }).toString());
const signIn = (accountEmail: string, password: string) => post('/sign-in', new URLSearchParams({ intent: 'password', accountEmail, password }).toString());

attempts('POST /sign-in', [
  {
    name: 'no intent',
    send: () => post('/sign-in', 'name=Ada&email=ada%40example.test'),
    status: 400,
    message: /Pick a demo account, sign in or create an account/,
  },
  {
    name: 'an unknown intent',
    send: () => post('/sign-in', 'intent=admin&name=Ada'),
    status: 400,
    message: /Pick a demo account, sign in or create an account/,
  },
  {
    name: 'the old email-only sign-in',
    send: () => post('/sign-in', `intent=email&accountEmail=${encodeURIComponent(shop.localEmail)}`),
    status: 400,
    message: /Pick a demo account, sign in or create an account/,
  },
  {
    name: 'create without a name',
    send: () => post('/sign-in', 'intent=create&email=ada%40example.test&newPassword=long+enough+secret'),
    status: 400,
    message: /Enter your name/,
  },
  { name: 'create with a blank name', send: () => create('   '), status: 400, message: /Enter your name/ },
  {
    name: 'create without a password',
    send: () => post('/sign-in', 'intent=create&name=Ada&email=ada%40example.test'),
    status: 400,
    message: /Choose a password of at least 8 characters/,
  },
  {
    name: 'create with a short password',
    send: () => post('/sign-in', 'intent=create&name=Ada&email=ada%40example.test&newPassword=1234567'),
    status: 400,
    message: /Choose a password of at least 8 characters/,
  },
  {
    name: 'create with a 10,000-character password',
    send: () => post('/sign-in', `intent=create&name=Ada&email=ada%40example.test&newPassword=${LONG}`),
    status: 400,
    message: /at most 200 characters/,
  },
  { name: 'a 10,000-character name', send: () => create(LONG), status: 400, message: /at most 100 characters/ },
  { name: 'markup for an email', send: () => create('Ada', SCRIPT), status: 400, message: /Enter a valid email address/ },
  { name: 'a 10,000-character email', send: () => create('Ada', `${LONG}@example.test`), status: 400, message: /Enter a valid email address/ },
  { name: 'a CR LF in the name', send: () => create('Ada\r\nRole: ADMIN'), status: 400, message: NAME_INVISIBLE },
  { name: 'a tab in the name', send: () => create('Ada\tLovelace'), status: 400, message: NAME_INVISIBLE },
  { name: 'a right-to-left override in the name', send: () => create('Ada \u202eecalevoL'), status: 400, message: NAME_INVISIBLE },
  { name: 'a zero-width space in the name', send: () => create('Ada\u200bLovelace'), status: 400, message: NAME_INVISIBLE },
  { name: 'a zero-width joiner in the name', send: () => create('Grace\u200dHopper'), status: 400, message: NAME_INVISIBLE },
  { name: 'a byte-order mark in the name', send: () => create('\ufeffAda'), status: 400, message: NAME_INVISIBLE },
  { name: 'a line separator in the name', send: () => create('Ada\u2028Lovelace'), status: 400, message: NAME_INVISIBLE },
  { name: 'an escape character in the name', send: () => create('Ada\u001b[31m'), status: 400, message: NAME_INVISIBLE },
  { name: 'a LF in the email', send: () => create('Ada', 'ada@example.test\nBcc: eve@example.test'), status: 400, message: EMAIL_INVISIBLE },
  { name: 'a zero-width space in the email', send: () => create('Ada', 'ada\u200b@example.test'), status: 400, message: EMAIL_INVISIBLE },
  { name: 'a bidi override in the sign-in email', send: () => signIn('\u202eada@example.test', 'long enough secret'), status: 400, message: EMAIL_INVISIBLE },
  { name: 'a demo persona’s name', send: () => create(shop.personaName), status: 409, message: /name of a demo account/ },
  {
    name: 'a demo persona’s name in full-width capitals and extra spaces',
    send: () =>
      create(
        `  ${shop.personaName
          .toUpperCase()
          .replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
          .replace(' ', '   ')}`,
      ),
    status: 409,
    message: /name of a demo account/,
  },
  {
    name: 'an email of the demo personas’ domain',
    send: () => create('Eve', `eve-${randomUUID().slice(0, 8)}@demo.reen.local`),
    status: 409,
    message: /belong to the demo accounts/,
  },
  {
    name: 'SQL for an account id, with extra fields',
    send: () => post('/sign-in', `intent=pick&userId=${encodeURIComponent(SQL)}&role=ADMIN&balanceCents=99`),
    status: 400,
    message: /Pick one of the demo accounts/,
  },
  {
    name: 'an account that does not exist',
    send: () => post('/sign-in', `intent=pick&userId=${randomUUID()}`),
    status: 404,
    message: /That demo account does not exist/,
  },
  {
    name: 'picking an account that is not a demo persona',
    send: () => post('/sign-in', `intent=pick&userId=${shop.localId}`),
    status: 404,
    message: /That demo account does not exist/,
  },
  { name: 'sign in without an email', send: () => post('/sign-in', 'intent=password&password=x'), status: 400, message: /Enter a valid email address/ },
  {
    name: 'sign in without a password',
    send: () => post('/sign-in', `intent=password&accountEmail=${encodeURIComponent(shop.localEmail)}`),
    status: 400,
    message: /Enter your password/,
  },
  { name: 'sign in with SQL for an email', send: () => signIn(SQL, 'x'), status: 400, message: /Enter a valid email address/ },
  { name: 'sign in as a persona by email', send: () => signIn(shop.personaEmail, ''), status: 400, message: /Enter your password/ },
  // Refused alike, whatever is wrong, so that the answer does not tell which accounts exist.
  ...(
    [
      ['sign in with SQL for a password', () => signIn(shop.localEmail, SQL)],
      ['sign in with a wrong password', () => signIn(shop.localEmail, 'not the password')],
      ['sign in by an email no account has', () => signIn(`${randomUUID()}@example.test`, 'long enough secret')],
      ['sign in as a persona by email and any password', () => signIn(shop.personaEmail, 'anything at all')],
      ['sign in as an account made before passwords', () => signIn(shop.passwordlessEmail, 'anything at all')],
    ] as const
  ).map(([name, send]) => ({ name, send, status: 401, message: /That email and password do not match an account made here/ })),
  {
    name: 'a NUL in the name',
    send: () => post('/sign-in', 'intent=create&name=Ada%00Lovelace&email=ada%40example.test'),
    status: 400,
    message: /NUL character/,
  },
  {
    name: 'bytes that are not UTF-8',
    send: () => post('/sign-in', notUtf8('intent=create&email=ada%40example.test&name=')),
    status: 400,
    message: /not valid UTF-8/,
  },
  {
    name: 'percent-encoded bytes that are not UTF-8',
    send: () => post('/sign-in', 'intent=create&name=%FF%FE%80&email=ada%40example.test'),
    status: 400,
    message: /not valid UTF-8/,
  },
  {
    name: 'JSON instead of a form',
    send: () => post('/sign-in', '{"intent":"create","name":"Ada"}', { type: 'application/json' }),
    status: 400,
    message: /could not be read as a form/,
  },
  {
    name: 'a broken multipart body',
    send: () => post('/sign-in', '--x\r\nbroken', { type: 'multipart/form-data; boundary=x' }),
    status: 400,
    message: /could not be read as a form/,
  },
  {
    name: 'a 200 KB body',
    send: () => post('/sign-in', `intent=create&email=ada%40example.test&name=${'x'.repeat(200 * 1024)}`),
    status: 413,
    message: /too large/,
  },
]);

// A session cookie that signs nobody in is a signed-out visitor: sent to sign in, nothing changed.
attempts('a session cookie that is not valid', [
  {
    name: 'a session ended by sign-out',
    send: () => post('/profile/role', 'intent=upgrade', { cookie: shop.revokedCookie }),
    status: 302,
    message: /redirect to \/sign-in/,
  },
  {
    name: 'a session past its expiry',
    send: () => post('/profile/role', 'intent=upgrade', { cookie: shop.expiredCookie }),
    status: 302,
    message: /redirect to \/sign-in/,
  },
  {
    name: 'a session of a deleted account',
    send: () => post('/cart', `intent=add&productId=${shop.productId}&quantity=1`, { cookie: shop.deletedAccountCookie }),
    status: 303,
    message: /redirect to \/sign-in/,
  },
  {
    name: 'an old-style signed { userId } cookie',
    send: () => post('/profile/role', 'intent=upgrade', { cookie: shop.oldStyleCookie }),
    status: 302,
    message: /redirect to \/sign-in/,
  },
  {
    name: 'a token signed with another secret',
    send: () => post('/profile/role', 'intent=upgrade', { cookie: `reen_session=${encodeURIComponent(`${btoa(JSON.stringify('x'.repeat(43)))}.forged`)}` }),
    status: 302,
    message: /redirect to \/sign-in/,
  },
  {
    name: 'garbage for a cookie',
    send: () => post('/profile/role', 'intent=upgrade', { cookie: `reen_session=${encodeURIComponent(SQL)}` }),
    status: 302,
    message: /redirect to \/sign-in/,
  },
]);

attempts('GET /dev/mail/:id', [
  {
    name: 'another person’s message',
    send: () => server.request(`/dev/mail/${shop.othersMailId}`, { headers: { Cookie: shop.buyerCookie } }),
    status: 404,
    message: /Not found|not found/,
  },
  {
    name: 'SQL for an id',
    send: () => server.request(`/dev/mail/${encodeURIComponent(SQL)}`, { headers: { Cookie: shop.buyerCookie } }),
    status: 404,
    message: /Not found|not found/,
  },
]);

attempts('POST /theme', [
  { name: 'no theme', send: () => post('/theme', 'redirectTo=%2F'), status: 400, message: /Choose light, dark or system/ },
  { name: 'markup for a theme', send: () => post('/theme', `theme=${encodeURIComponent(SCRIPT)}`), status: 400, message: /Choose light, dark or system/ },
  { name: 'a 10,000-character theme', send: () => post('/theme', `theme=${LONG}`), status: 400, message: /Choose light, dark or system/ },
  { name: 'a NUL in the redirect', send: () => post('/theme', 'theme=dark&redirectTo=%2F%00'), status: 400, message: /NUL character/ },
]);

attempts('POST /cart', [
  { name: 'no intent', send: () => cartForm(`productId=${shop.productId}&quantity=1`), status: 400, message: /The cart cannot do that/ },
  { name: 'an unknown intent', send: () => cartForm(`intent=buy&productId=${shop.productId}&quantity=1`), status: 400, message: /The cart cannot do that/ },
  { name: 'add without a product', send: () => cartForm('intent=add&quantity=1'), status: 400, message: /This product does not exist/ },
  {
    name: 'add SQL for a product id',
    send: () => cartForm(`intent=add&quantity=1&productId=${encodeURIComponent(SQL)}`),
    status: 400,
    message: /This product does not exist/,
  },
  {
    name: 'add markup for a product id',
    send: () => cartForm(`intent=add&quantity=1&productId=${encodeURIComponent(SCRIPT)}`),
    status: 400,
    message: /This product does not exist/,
  },
  {
    name: 'add a 10,000-character product id',
    send: () => cartForm(`intent=add&quantity=1&productId=${LONG}`),
    status: 400,
    message: /This product does not exist/,
  },
  {
    name: 'add a product that does not exist',
    send: () => cartForm(`intent=add&quantity=1&productId=${randomUUID()}`),
    status: 404,
    message: /This product does not exist/,
  },
  { name: 'add without a quantity', send: () => cartForm(`intent=add&productId=${shop.productId}`), status: 400, message: wholeNumber },
  { name: 'add an empty quantity', send: () => cartForm(`intent=add&productId=${shop.productId}&quantity=`), status: 400, message: wholeNumber },
  { name: 'add a word for a quantity', send: () => cartForm(`intent=add&productId=${shop.productId}&quantity=three`), status: 400, message: wholeNumber },
  { name: 'add a negative quantity', send: () => cartForm(`intent=add&productId=${shop.productId}&quantity=-3`), status: 400, message: wholeNumber },
  { name: 'add zero', send: () => cartForm(`intent=add&productId=${shop.productId}&quantity=0`), status: 400, message: wholeNumber },
  { name: 'add a fraction', send: () => cartForm(`intent=add&productId=${shop.productId}&quantity=1.5`), status: 400, message: wholeNumber },
  { name: 'add an infinite quantity', send: () => cartForm(`intent=add&productId=${shop.productId}&quantity=1e400`), status: 400, message: wholeNumber },
  {
    name: 'add a quantity past 2^53',
    send: () => cartForm(`intent=add&productId=${shop.productId}&quantity=99999999999999999999999`),
    status: 400,
    message: /more than any product has in stock/,
  },
  {
    name: 'add two quantities, the last not a number',
    send: () => cartForm(`intent=add&productId=${shop.productId}&quantity=1&quantity=x`),
    status: 400,
    message: wholeNumber,
  },
  {
    name: 'add your own product',
    send: () => cartForm(`intent=add&productId=${shop.productId}&quantity=1`, shop.sellerCookie),
    status: 403,
    message: /can't buy your own product/,
  },
  {
    name: "update someone else's line",
    send: () => cartForm(`intent=update&lineId=${shop.otherLineId}&quantity=1`),
    status: 404,
    message: /This line is not in your cart/,
  },
  { name: 'update a line to zero', send: () => cartForm(`intent=update&lineId=${shop.buyerLineId}&quantity=0`), status: 400, message: wholeNumber },
  // 4 in stock and 1 held by the buyer's own pending checkout, which checking out again gives back.
  {
    name: 'update a line past the stock',
    send: () => cartForm(`intent=update&lineId=${shop.buyerLineId}&quantity=2000`),
    status: 409,
    message: /Only 5 in stock/,
  },
  {
    name: 'update a line to 2^31',
    send: () => cartForm(`intent=update&lineId=${shop.buyerLineId}&quantity=2147483648`),
    status: 409,
    message: /Only 5 in stock/,
  },
  {
    name: 'remove a line that is not a line id',
    send: () => cartForm(`intent=remove&lineId=${encodeURIComponent(SQL)}`),
    status: 400,
    message: /This line is not in your cart/,
  },
  {
    name: "remove someone else's line",
    send: () => cartForm(`intent=remove&lineId=${shop.otherLineId}`),
    status: 404,
    message: /This line is not in your cart/,
  },
  { name: 'a NUL in the product id', send: () => cartForm(`intent=add&quantity=1&productId=${shop.productId}%00`), status: 400, message: /NUL character/ },
  {
    name: 'bytes that are not UTF-8',
    send: () => post('/cart', notUtf8('intent=add&quantity=1&productId='), { cookie: shop.buyerCookie }),
    status: 400,
    message: /not valid UTF-8/,
  },
  {
    name: 'JSON instead of a form',
    send: () =>
      post('/cart', JSON.stringify({ intent: 'add', productId: shop.productId, quantity: 1 }), { cookie: shop.buyerCookie, type: 'application/json' }),
    status: 400,
    message: /could not be read as a form/,
  },
  { name: 'a 200 KB body', send: () => cartForm(`intent=add&quantity=1&productId=${'x'.repeat(200 * 1024)}`), status: 413, message: /too large/ },
]);

/** A product form: valid unless the test changes a field. */
function productForm(changes: Record<string, string>, intent = 'create') {
  return new URLSearchParams({ intent, name: 'Thing', description: 'A thing.', price: '12.34', quantity: '3', images: '1', ...changes }).toString();
}
const newProduct = (changes: Record<string, string>, cookie = shop.sellerCookie) => post('/products/new', productForm(changes), { cookie });
const editProduct = (changes: Record<string, string>, cookie = shop.sellerCookie, productId = shop.productId) =>
  post(`/products/${productId}/edit`, productForm(changes, 'update'), { cookie });
const price = /Enter a price in dollars and cents|The price must be from \$1\.00 to \$2,000\.00/;

attempts('POST /products/new', [
  { name: 'no intent', send: () => newProduct({ intent: '' }), status: 400, message: /Unknown action/ },
  { name: 'no name', send: () => newProduct({ name: '' }), status: 400, message: /Enter a name/ },
  { name: 'a 10,000-character name', send: () => newProduct({ name: LONG }), status: 400, message: /at most 100 characters/ },
  { name: 'a 10,000-character description', send: () => newProduct({ description: LONG }), status: 400, message: /at most 2,000 characters/ },
  { name: 'a negative price', send: () => newProduct({ price: '-5' }), status: 400, message: price },
  { name: 'a zero price', send: () => newProduct({ price: '0' }), status: 400, message: price },
  { name: 'a price in fractions of a cent', send: () => newProduct({ price: '12.345' }), status: 400, message: price },
  { name: 'a price over $2,000', send: () => newProduct({ price: '2000.01' }), status: 400, message: price },
  { name: 'a huge price', send: () => newProduct({ price: '99999999999999999999999' }), status: 400, message: price },
  { name: 'a price in scientific notation', send: () => newProduct({ price: '1e3' }), status: 400, message: price },
  { name: 'SQL for a price', send: () => newProduct({ price: SQL }), status: 400, message: price },
  { name: 'zero units', send: () => newProduct({ quantity: '0' }), status: 400, message: /Enter a whole number from 1 to 2,000/ },
  { name: 'a negative quantity', send: () => newProduct({ quantity: '-1' }), status: 400, message: /Enter a whole number from 1 to 2,000/ },
  { name: 'a fractional quantity', send: () => newProduct({ quantity: '1.5' }), status: 400, message: /Enter a whole number from 1 to 2,000/ },
  { name: 'a huge quantity', send: () => newProduct({ quantity: '99999999999' }), status: 400, message: /Enter a whole number from 1 to 2,000/ },
  { name: 'seven images', send: () => newProduct({ images: '7' }), status: 400, message: /Choose from 1 to 6 images/ },
  { name: 'markup in the name, with a bad price', send: () => newProduct({ name: SCRIPT, price: 'free' }), status: 400, message: price },
  {
    name: 'extra fields (owner, stock, fee), with a bad price',
    send: () => newProduct({ ownerId: randomUUID(), stock: '999', feeCents: '0', price: '0' }),
    status: 400,
    message: price,
  },
  { name: 'a NUL in the description', send: () => newProduct({ description: 'A\u0000B' }), status: 400, message: /NUL character/ },
  {
    name: 'bytes that are not UTF-8',
    send: () => post('/products/new', notUtf8(`${productForm({})}&name=`), { cookie: shop.sellerCookie }),
    status: 400,
    message: /not valid UTF-8/,
  },
  {
    name: 'a fee the balance does not cover',
    send: () => newProduct({ price: '2000.00', quantity: '2000' }, shop.poorSellerCookie),
    status: 409,
    message: /does not cover the listing fee/,
  },
  { name: 'a NADMIN', send: () => newProduct({}, shop.buyerCookie), status: 403, message: /Only ADMINs/ },
  { name: 'a 200 KB body', send: () => newProduct({ description: 'x'.repeat(200 * 1024) }), status: 413, message: /too large/ },
]);

attempts('POST /products/:id/edit', [
  { name: 'no intent', send: () => editProduct({ intent: '' }), status: 400, message: /Unknown action/ },
  { name: 'a negative quantity', send: () => editProduct({ quantity: '-1' }), status: 400, message: /Enter a whole number from 0 to 2,000/ },
  { name: 'a zero price', send: () => editProduct({ price: '0.00' }), status: 400, message: price },
  { name: 'a 10,000-character name', send: () => editProduct({ name: LONG }), status: 400, message: /at most 100 characters/ },
  { name: "another seller's product", send: () => editProduct({}, shop.otherSellerCookie), status: 403, message: /belongs to another seller/ },
  { name: 'a product that does not exist', send: () => editProduct({}, shop.sellerCookie, randomUUID()), status: 404, message: /Page not found/ },
  { name: 'SQL for a product id', send: () => editProduct({}, shop.sellerCookie, encodeURIComponent(SQL)), status: 404, message: /Page not found/ },
  { name: 'a NUL in the name', send: () => editProduct({ name: 'A\u0000' }), status: 400, message: /NUL character/ },
]);

attempts('POST /products/:id/delete', [
  {
    name: 'no intent',
    send: () => post(`/products/${shop.productId}/delete`, '', { cookie: shop.sellerCookie }),
    status: 400,
    message: /Unknown action: use the Delete button/,
  },
  {
    name: 'another intent',
    send: () => post(`/products/${shop.productId}/delete`, 'intent=destroy', { cookie: shop.sellerCookie }),
    status: 400,
    message: /Unknown action: use the Delete button/,
  },
  {
    name: "another seller's product",
    send: () => post(`/products/${shop.productId}/delete`, 'intent=delete', { cookie: shop.otherSellerCookie }),
    status: 403,
    message: /belongs to another seller/,
  },
  {
    name: 'a product that does not exist',
    send: () => post(`/products/${randomUUID()}/delete`, 'intent=delete', { cookie: shop.sellerCookie }),
    status: 404,
    message: /Page not found/,
  },
]);

attempts('POST /checkout', [
  {
    name: 'a JSON body and an empty cart',
    send: () => post('/checkout', '{"total":1}', { cookie: shop.emptyCartCookie, type: 'application/json' }),
    status: 303,
    message: /Your cart is empty/,
  },
  {
    name: 'extra fields (another buyer, a total) and an empty cart',
    send: () => post('/checkout', `buyerId=${randomUUID()}&totalCents=1`, { cookie: shop.emptyCartCookie }),
    status: 303,
    message: /Your cart is empty/,
  },
  { name: 'a 200 KB body', send: () => post('/checkout', `x=${'x'.repeat(200 * 1024)}`, { cookie: shop.buyerCookie }), status: 413, message: /too large/ },
]);

attempts('POST /checkout/cancel', [
  {
    name: 'no checkout id',
    send: () => post('/checkout/cancel', 'intent=cancel', { cookie: shop.buyerCookie }),
    status: 400,
    message: /not a checkout you can cancel/,
  },
  {
    name: 'SQL for a checkout id',
    send: () => post('/checkout/cancel', `intent=cancel&checkoutId=${encodeURIComponent(SQL)}`, { cookie: shop.buyerCookie }),
    status: 400,
    message: /not a checkout you can cancel/,
  },
  {
    name: 'an unknown intent',
    send: () => post('/checkout/cancel', `intent=refund&checkoutId=${shop.checkoutId}`, { cookie: shop.buyerCookie }),
    status: 400,
    message: /not a checkout you can cancel/,
  },
  {
    name: "someone else's checkout",
    send: () => post('/checkout/cancel', `intent=cancel&checkoutId=${shop.checkoutId}`, { cookie: shop.otherCookie }),
    status: 404,
    message: /not yours to see/,
  },
  {
    name: 'a NUL in the checkout id',
    send: () => post('/checkout/cancel', `intent=cancel&checkoutId=${shop.checkoutId}%00`, { cookie: shop.buyerCookie }),
    status: 400,
    message: /NUL character/,
  },
]);

attempts('POST /profile/role', [
  { name: 'no intent', send: () => post('/profile/role', '', { cookie: shop.buyerCookie }), status: 400, message: /Choose to upgrade or to step down/ },
  {
    name: 'a role for an intent',
    send: () => post('/profile/role', 'intent=ADMIN&role=ADMIN', { cookie: shop.buyerCookie }),
    status: 400,
    message: /Choose to upgrade or to step down/,
  },
  {
    name: 'markup for an intent',
    send: () => post('/profile/role', `intent=${encodeURIComponent(SCRIPT)}`, { cookie: shop.buyerCookie }),
    status: 400,
    message: /Choose to upgrade or to step down/,
  },
  {
    name: 'stepping down as a NADMIN',
    send: () => post('/profile/role', 'intent=step-down', { cookie: shop.buyerCookie }),
    status: 409,
    message: /not an ADMIN/,
  },
  {
    name: 'upgrading as an ADMIN',
    send: () => post('/profile/role', 'intent=upgrade', { cookie: shop.sellerCookie }),
    status: 409,
    message: /already an ADMIN/,
  },
  {
    name: 'upgrading without the balance',
    send: () => post('/profile/role', 'intent=upgrade', { cookie: shop.poorCookie }),
    status: 400,
    message: /balance is too low/,
  },
]);

attempts('POST /profile/delete', [
  {
    name: 'no intent',
    send: () => post('/profile/delete', 'confirm=yes', { cookie: shop.buyerCookie }),
    status: 400,
    message: /This form can only delete your account/,
  },
  {
    name: 'another intent',
    send: () => post('/profile/delete', 'intent=drop&confirm=yes', { cookie: shop.buyerCookie }),
    status: 400,
    message: /This form can only delete your account/,
  },
  {
    name: 'not confirmed',
    send: () => post('/profile/delete', 'intent=delete', { cookie: shop.buyerCookie }),
    status: 400,
    message: /Tick the box to confirm/,
  },
  {
    name: 'confirmed with something else',
    send: () => post('/profile/delete', 'intent=delete&confirm=true', { cookie: shop.buyerCookie }),
    status: 400,
    message: /Tick the box to confirm/,
  },
  {
    name: "someone else's id, unconfirmed",
    send: () => post('/profile/delete', `intent=delete&userId=${randomUUID()}`, { cookie: shop.buyerCookie }),
    status: 400,
    message: /Tick the box to confirm/,
  },
  {
    name: 'a NUL in the confirmation',
    send: () => post('/profile/delete', 'intent=delete&confirm=yes%00', { cookie: shop.buyerCookie }),
    status: 400,
    message: /NUL character/,
  },
]);

attempts('POST /test-payments/:sessionId', [
  { name: 'no intent', send: () => post(`/test-payments/${shop.sessionId}`, 'card=4242424242424242'), status: 400, message: /Use the Pay button of this page/ },
  { name: 'no card', send: () => post(`/test-payments/${shop.sessionId}`, 'intent=pay'), status: 400, message: /Enter a 16-digit card number/ },
  {
    name: 'letters for a card',
    send: () => post(`/test-payments/${shop.sessionId}`, 'intent=pay&card=abcdabcdabcdabcd'),
    status: 400,
    message: /Enter a 16-digit card number/,
  },
  {
    name: 'a 10,000-digit card',
    send: () => post(`/test-payments/${shop.sessionId}`, `intent=pay&card=${'4'.repeat(10_000)}`),
    status: 400,
    message: /Enter a 16-digit card number/,
  },
  { name: 'a declined card', send: () => post(`/test-payments/${shop.sessionId}`, 'intent=pay&card=4000000000000002'), status: 402, message: /declined/ },
  {
    name: 'another card',
    send: () => post(`/test-payments/${shop.sessionId}`, 'intent=pay&card=5555555555554444'),
    status: 400,
    message: /Only the test card/,
  },
  {
    name: 'a session that does not exist',
    send: () => post('/test-payments/cs_test_nope', 'intent=pay&card=4242424242424242'),
    status: 404,
    message: /Page not found/,
  },
  {
    name: 'a NUL in the address',
    send: () => post(`/test-payments/${shop.sessionId}%00`, 'intent=pay&card=4242424242424242'),
    status: 400,
    message: /NUL character/,
  },
  {
    name: 'an address that is not UTF-8',
    send: () => post(`/test-payments/${shop.sessionId}%FF`, 'intent=pay&card=4242424242424242'),
    status: 400,
    message: /not valid UTF-8/,
  },
]);

attempts('POST /webhooks/stripe', [
  {
    name: 'no signature',
    send: () => server.request('/webhooks/stripe', { method: 'POST', body: '{"id":"evt_1"}' }),
    status: 400,
    message: /Missing Stripe-Signature header/,
  },
  {
    name: 'a forged signature',
    send: () => server.request('/webhooks/stripe', { method: 'POST', headers: { 'Stripe-Signature': 't=1,v1=00' }, body: '{"id":"evt_1"}' }),
    status: 400,
    message: /Invalid signature/,
  },
  { name: 'signed, but not JSON', send: () => signed('not json'), status: 400, message: /the body is not JSON/ },
  { name: 'signed, an array', send: () => signed('[1,2,3]'), status: 400, message: /id, type and data.object are required/ },
  {
    name: 'signed, without data.object',
    send: () => signed('{"id":"evt_a","type":"checkout.session.completed","data":{}}'),
    status: 400,
    message: /id, type and data.object are required/,
  },
  {
    name: 'signed, without an id',
    send: () => signed('{"type":"checkout.session.completed","data":{"object":{}}}'),
    status: 400,
    message: /id, type and data.object are required/,
  },
  {
    name: 'signed, numbers for id and type',
    send: () => signed('{"id":5,"type":7,"data":{"object":{}}}'),
    status: 400,
    message: /id, type and data.object are required/,
  },
  {
    name: 'signed, a 10,000-character id',
    send: () => signed(JSON.stringify({ id: `evt_${LONG}`, type: 'customer.created', data: { object: {} } })),
    status: 400,
    message: /id, type and data.object are required/,
  },
  {
    name: 'signed, a NUL in the id',
    send: () => signed(JSON.stringify({ id: 'evt_\u0000', type: 'customer.created', data: { object: {} } })),
    status: 400,
    message: /id, type and data.object are required/,
  },
  {
    name: 'a 2 MB body',
    send: () => server.request('/webhooks/stripe', { method: 'POST', headers: { 'Stripe-Signature': 't=1,v1=00' }, body: 'x'.repeat(2 * 1024 * 1024) }),
    status: 413,
    message: /too large/,
  },
  { name: 'GET', send: () => server.request('/webhooks/stripe'), status: 405, message: /Method not allowed/ },
]);

attempts('a method a page has no handler for', [
  {
    name: 'POST to a page without an action',
    send: () => post('/products', 'a=b', { cookie: shop.buyerCookie }),
    status: 405,
    message: /Method not allowed.*only shows things/,
  },
  {
    name: 'DELETE on a page',
    send: () => server.request('/orders', { method: 'DELETE', headers: { Cookie: shop.buyerCookie } }),
    status: 405,
    message: /Method not allowed/,
  },
  { name: 'POST to an address no page has', send: () => post('/no-such-page', 'a=b', { cookie: shop.buyerCookie }), status: 404, message: /does not exist/ },
]);

/**
 * Redirect targets a request may carry (the sanitiser's own table is in
 * app/utils/safe-redirect.server.test.ts). Each must send the browser to one of our own pages,
 * never to another origin, and never answer 500 (a newline or a vertical tab in a Location did).
 */
const HOSTILE_REDIRECTS: [string, string][] = [
  ['a tab between the slashes', '/\t/evil.example'],
  ['a newline between the slashes', '/\n/evil.example'],
  ['a carriage return and a header', '/\r\nSet-Cookie: a=b'],
  ['a vertical tab', '/\v/evil.example'],
  ['a NUL', '/\0/evil.example'],
  ['a percent-encoded tab', '/%09/evil.example'],
  ['a backslash', '/\\evil.example'],
  ['a scheme-relative URL', '//evil.example'],
  ['another origin', 'https://evil.example/'],
  ['javascript:', 'javascript:alert(1)'],
  ['a fullwidth solidus', '/\uff0fevil.example'],
  ['a non-breaking space', '/\u00a0/evil.example'],
  ['malformed percent-encoding', '/%E0%A4%A'],
];
// A NUL in a form is refused with 400 before any route reads it (the tables above); in a query it is dropped.
const HOSTILE_FORM_REDIRECTS = HOSTILE_REDIRECTS.filter(([, target]) => !target.includes('\0'));

describe('redirect targets from a request', () => {
  /** Where the answer sends the browser: a same-site path, resolved as a browser would. */
  function landing(response: Response) {
    tally.badInputs++;
    tally.operations++;
    if (response.status >= 500) tally.serverErrors++;
    const location = response.headers.get('location');
    return { status: response.status, location, origin: location === null ? null : new URL(location, server.origin).origin };
  }

  it.each(HOSTILE_FORM_REDIRECTS)('POST /theme with %s goes back home', async (_, target) => {
    const answer = landing(await post('/theme', new URLSearchParams({ theme: 'dark', redirectTo: target }).toString()));
    expect(answer).toEqual({ status: 302, location: '/', origin: server.origin });
  });

  it.each(HOSTILE_REDIRECTS)('GET /sign-in?redirectTo= %s, signed in, goes home', async (_, target) => {
    const response = await server.request(`/sign-in?${new URLSearchParams({ redirectTo: target })}`, { headers: { Cookie: shop.buyerCookie } });
    expect(landing(response)).toEqual({ status: 302, location: '/', origin: server.origin });
  });

  it.each(HOSTILE_FORM_REDIRECTS)('POST /sign-in with %s signs in and goes home', async (_, target) => {
    // A new account each time (signing up signs in), with the hostile target to go to after.
    const email = `redirect-${randomUUID().slice(0, 8)}@example.test`;
    const response = await post(
      '/sign-in',
      new URLSearchParams({ intent: 'create', name: 'Redirected', email, newPassword: 'long enough secret', redirectTo: target }).toString(),
    );
    expect(landing(response)).toEqual({ status: 302, location: '/', origin: server.origin });
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('reen_session='))).toBe(true);
  });

  it.each(HOSTILE_FORM_REDIRECTS)('POST /cart with %s answers on the cart', async (_, target) => {
    const before = await databaseDigest();
    // A product that does not exist: refused, with the message shown where the form says to go back.
    const response = await post('/cart', new URLSearchParams({ intent: 'add', productId: randomUUID(), quantity: '1', redirectTo: target }).toString(), {
      cookie: shop.buyerCookie,
    });
    const answer = landing(response);
    expect(answer.status).toBe(404);
    expect(answer.location).toBeNull();
    expect(await messageOf(response)).toMatch(/This product does not exist/);
    expect(await databaseDigest()).toEqual(before);
  });
});

/** A request with exactly these headers: fetch sends its own Host whatever it is given. */
function rawRequest(pathname: string, { method = 'GET', headers = {}, body = '' }: { method?: string; headers?: Record<string, string>; body?: string }) {
  const { hostname, port } = new URL(server.origin);
  return new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
    const sent = http.request({
      host: hostname,
      port,
      path: pathname,
      method,
      agent: false,
      headers: { 'Content-Type': FORM, 'Content-Length': String(Buffer.byteLength(body)), ...headers },
    });
    sent.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode!, location: response.headers.location }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

describe('the host a request names', () => {
  it.each([
    ['Host', { Host: 'evil.example' }],
    ['X-Forwarded-Host', { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' }],
    ['Forwarded', { Forwarded: 'host=evil.example;proto=https' }],
    ['all of them, with a port', { Host: 'evil.example:8443', 'X-Forwarded-Host': 'evil.example:8443', Forwarded: 'host=evil.example:8443' }],
  ])('%s does not reach the payment page, return or webhook URLs: they are built on the configured origin', async (_, headers) => {
    const { id: buyerId } = await createTestUser();
    await addToCart(buyerId, shop.productId, 1);
    const cookie = await sessionCookie(buyerId);
    const started = await rawRequest('/checkout', { method: 'POST', headers: { ...headers, Cookie: cookie } });
    tally.badInputs++;
    tally.operations++;
    expect(started.status).toBe(303);
    expect(new URL(started.location!).origin).toBe(server.origin);
    const checkout = await getDb().checkout.findFirstOrThrow({ where: { buyerId } });
    const session = await getDb().testPaymentSession.findUniqueOrThrow({ where: { checkoutId: checkout.id } });
    expect(session.webhookUrl).toBe(`${server.origin}/webhooks/stripe`);
    expect(new URL(session.successUrl).origin).toBe(server.origin);
    expect(new URL(session.cancelUrl).origin).toBe(server.origin);
    const again = await rawRequest('/checkout/continue', { headers: { ...headers, Cookie: cookie } });
    expect(again.status).toBe(303);
    expect(new URL(again.location!).origin).toBe(server.origin);
  });
});

describe('the address a request names', () => {
  it.each([
    ['X-Forwarded-For', { 'X-Forwarded-For': '198.51.100.77' }],
    ['Fly-Client-IP', { 'Fly-Client-IP': '198.51.100.77' }],
    ['X-Real-IP and Forwarded', { 'X-Real-IP': '198.51.100.77', Forwarded: 'for=198.51.100.77' }],
    ['an IPv6 X-Forwarded-For', { 'X-Forwarded-For': '2001:db8:77::1' }],
  ])('%s is not believed without a proxy configured: the sign-in attempt counts for the connection', async (_, headers) => {
    const before = await getDb().rateLimitWindow.findMany({ where: { key: 'sign-in:127.0.0.1' }, select: { count: true, windowStart: true } });
    const response = await rawRequest('/sign-in', { method: 'POST', headers, body: 'intent=email&accountEmail=not-an-email' });
    tally.badInputs++;
    tally.operations++;
    expect(response.status).toBe(400);
    const keys = (await getDb().rateLimitWindow.findMany({ select: { key: true } })).map((row) => row.key);
    expect(keys.some((key) => key.includes('198.51.100.77') || key.includes('2001:db8:77'))).toBe(false);
    const after = await getDb().rateLimitWindow.findMany({ where: { key: 'sign-in:127.0.0.1' }, select: { count: true } });
    expect(after.reduce((sum, row) => sum + row.count, 0)).toBe(before.reduce((sum, row) => sum + row.count, 0) + 1);
  });
});

describe('what hostile input may legitimately do', () => {
  it('ignores extra fields: a new account is a NADMIN with the starting balance, whatever the form says', async () => {
    const email = `extra-${randomUUID().slice(0, 8)}@example.test`;
    const response = await post(
      '/sign-in',
      `intent=create&name=Eve&email=${encodeURIComponent(email)}&newPassword=long+enough+secret&role=ADMIN&balanceCents=999999999999&id=${randomUUID()}&passwordHash=x`,
    );
    tally.badInputs++;
    expect(response.status).toBe(302);
    const user = await getDb().user.findFirstOrThrow({ where: { email }, select: { role: true, balanceCents: true, passwordHash: true } });
    expect(user).toMatchObject({ role: 'NADMIN', balanceCents: BigInt(STARTING_BALANCE_CENTS) });
    expect(user.passwordHash).toMatch(/^scrypt\$/);
  });

  it('stores a signed event that carries a NUL, without the NUL, instead of failing', async () => {
    const eventId = `evt_${randomUUID()}`;
    const response = await signed(JSON.stringify({ id: eventId, type: 'customer.created', data: { object: { id: 'cus_1', name: 'Ada\u0000Lovelace' } } }));
    tally.badInputs++;
    expect(response.status).toBe(200);
    const stored = await getDb().webhookEvent.findFirstOrThrow({ where: { eventId } });
    expect(stored.payload).toMatchObject({ data: { object: { name: 'AdaLovelace' } } });
  });
});

describe('searching with SQL metacharacters', () => {
  const names = ['100% cotton', 'snake_case guide', 'back\\slash', "O'Reilly", 'plain'];
  const found = (html: string) => names.filter((name) => html.includes(name.replace("'", '&#x27;')));

  it.each([
    ['%', ['100% cotton']],
    ['_', ['snake_case guide']],
    ['\\', ['back\\slash']],
    ["'", ["O'Reilly"]],
    [SQL, []],
    ['%_%', []],
  ])('/products?q=%s finds only names that contain it literally', async (q, expected) => {
    const { id: sellerId } = await createSeller(`Search seller ${randomUUID().slice(0, 6)}`);
    for (const name of names) await createProduct({ ownerId: sellerId, name });
    const response = await server.request(`/products?${new URLSearchParams({ q, seller: sellerId, perPage: '50' })}`);
    tally.badInputs++;
    expect(response.status).toBe(200);
    expect(found(await response.text())).toEqual(expected);
    await getDb().product.deleteMany({ where: { ownerId: sellerId } });
  });

  it('answers a search of 10,000 characters, of markup, of a NUL or of bytes that are not UTF-8 with a page, not an error', async () => {
    const cookie = shop.buyerCookie;
    const answers = await Promise.all([
      server.request(`/products?q=${LONG}`),
      server.request(`/users?q=${LONG}`, { headers: { Cookie: cookie } }),
      server.request(`/products?q=${encodeURIComponent(SCRIPT)}`),
      server.request(`/users?q=${encodeURIComponent(SQL)}&role=PLATFORM&sort=${encodeURIComponent(SQL)}`, { headers: { Cookie: cookie } }),
      server.request('/products?q=%00'),
      server.request('/users?q=%E0%A4%A', { headers: { Cookie: cookie } }),
    ]);
    tally.badInputs += answers.length;
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const echoed = await answers[2]!.text();
    expect(echoed).not.toContain(SCRIPT);
    expect(echoed).toContain('&lt;script&gt;');
  });
});

describe('markup in names', () => {
  it('renders product and person names with <script> escaped on every page that shows them', async () => {
    const { id: sellerId } = await createSeller(`<img src=x onerror=alert(1)> ${randomUUID().slice(0, 4)}`);
    const { id: productId } = await createProduct({ ownerId: sellerId, name: SCRIPT });
    const { id: buyerId } = await createTestUser();
    await addToCart(buyerId, productId, 1);
    const cookie = await sessionCookie(buyerId);

    for (const path of ['/products', `/products/${productId}`, '/cart', '/users', `/users/${sellerId}`]) {
      const response = await server.request(path, { headers: { Cookie: cookie } });
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).not.toContain(SCRIPT);
      expect(html, path).not.toContain('<img src=x');
      expect(html, path).toMatch(/&lt;script&gt;|&lt;img src=x/);
    }
  });
});
