// /profile and the role change over HTTP, as a browser without JavaScript sees them.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { releaseCheckout } from '~/models/checkout/release.server.ts';
import { payFee } from '~/models/ledger.server.ts';
import { createUser, DEMO_EMAIL_DOMAIN, signUpLocally } from '~/models/user.server.ts';
import { credentialKey } from '~/utils/password.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { formatHumanDate } from '~/utils/dates.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { createProduct, createSeller, sessionCookie } from '../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { cookiesFrom, formPost, useTestServer } from '../../test/http.ts';
import { pageText } from '../../test/page-text.ts';
import { paidCheckout, placeOrder } from '../../test/orders.ts';

useDatabase();
useJobQueue();

const server = useTestServer();

async function signedIn(role: 'ADMIN' | 'NADMIN' = 'NADMIN') {
  const name = `Profile ${randomUUID().slice(0, 8)}`;
  const { id } = await createUser({ name, email: `${randomUUID()}@${DEMO_EMAIL_DOMAIN}`, role });
  const response = await server.request('/sign-in', formPost({ intent: 'pick', userId: id, redirectTo: '/' }));
  return { id, name, cookie: cookiesFrom(response) };
}

async function get(path: string, cookie: string) {
  const response = await server.request(path, { headers: { Cookie: cookie } });
  const html = await response.text();
  const text = pageText(html);
  return { status: response.status, location: response.headers.get('location'), html, text };
}

const stat = (html: string, name: string) => html.match(new RegExp(`data-testid="stat-${name}"[^>]*>(.*?)</p>`))?.[1]?.replace(/<[^>]+>/g, '');

/** The Transactions list's rows, as HTML and as text, newest first. */
const transactionRows = (html: string) =>
  [...html.matchAll(/data-testid="transaction-row"[\s\S]*?<\/tr>/g)].map((m) =>
    m[0]
      .replace(/<!-- -->/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

describe('GET /profile', () => {
  it('welcomes you with your figures and your transactions, newest first', async () => {
    const me = await signedIn();
    const product = await getDb().product.create({
      data: { name: `Listed ${randomUUID().slice(0, 6)}`, description: 'd', priceCents: 100, stock: 1, imageIds: [randomUUID()], ownerId: me.id },
    });
    await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: me.id, amountCents: 4, productId: product.id }));
    const page = await get('/profile', me.cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Welcome back, ${me.name}`);
    expect(page.text).toContain('Your Profile');
    expect(stat(page.html, 'balance')).toBe('$3,999,999.96');
    expect(stat(page.html, 'amount-spent')).toBe('$0.04');
    expect(stat(page.html, 'products-count')).toBe('1');
    expect(page.html).toContain('href="/products?mine=1"');
    const rows = transactionRows(page.html);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(`Listing fee: ${product.name}`);
    expect(rows[0]).toContain('-$0.04');
    expect(rows[1]).toContain('Starting balance');
    expect(rows[1]).toContain('+$4,000,000.00');
    // The balance over time: a chart with today's balance as the last row of its table.
    const chart = page.html.slice(page.html.indexOf('data-testid="chart-balance"'));
    expect(chart).toMatch(/<svg[^>]*role="img"/);
    const table = chart.slice(chart.indexOf('<tbody'), chart.indexOf('</tbody>'));
    expect(table.slice(table.lastIndexOf('<tr'))).toContain('$3,999,999.96');
  });

  it("names a paid checkout's hold as a purchase linked to its order, a pending one as held, a released one beside its release", async () => {
    const me = await signedIn();
    const { id: sellerId } = await createSeller();
    const [{ id: bought }, { id: dropped }, { id: waiting }] = await Promise.all([
      createProduct({ ownerId: sellerId, priceCents: 10_00 }),
      createProduct({ ownerId: sellerId, priceCents: 20_00 }),
      createProduct({ ownerId: sellerId, priceCents: 30_00 }),
    ]);
    const orderId = await placeOrder(me.id, [{ productId: bought, quantity: 1 }]);
    const { checkoutId: releasedId } = await paidCheckout(me.id, [{ productId: dropped, quantity: 1 }]);
    await releaseCheckout(releasedId);
    // The released line is still in the cart, so the pending checkout holds both.
    await paidCheckout(me.id, [{ productId: waiting, quantity: 1 }]);

    const page = await get('/profile', me.cookie);
    const rows = transactionRows(page.html);
    const described = [
      'Payment held for checkout in progress -$50.00',
      'Held payment released +$20.00',
      'Payment held for checkout -$20.00',
      `Purchase: order ${orderId.slice(0, 8)} -$10.00`,
      'Starting balance +$4,000,000.00',
    ];
    expect(rows).toHaveLength(described.length);
    described.forEach((description, i) => expect(rows[i]).toContain(description));
    // A page past the end shows the last one.
    const last = await get('/profile?page=9', me.cookie);
    expect(last.text).toContain('Page 1 of 1');
    expect(transactionRows(last.html)).toEqual(rows);
    expect(page.html).toContain(`href="/orders/${orderId}"`);
    // The ledger itself is unchanged: the paid checkout's entry is still its HOLD.
    const kinds = await getDb().ledgerEntry.findMany({ where: { fromUserId: me.id }, select: { kind: true } });
    expect(kinds.map((entry) => entry.kind)).toEqual(['HOLD', 'HOLD', 'HOLD']);
  });

  it('shows dates in the time zone of the tz cookie, and in UTC without a valid one', async () => {
    const me = await signedIn();
    const grant = await getDb().ledgerEntry.findFirstOrThrow({ where: { toUserId: me.id, kind: 'GRANT' } });
    const tokyo = await get('/profile', `${me.cookie}; tz=Asia%2FTokyo`);
    expect(tokyo.text).toContain(formatHumanDate(grant.createdAt, 'Asia/Tokyo'));
    const utc = await get('/profile', `${me.cookie}; tz=Not%2FA_Zone`);
    expect(utc.text).toContain(formatHumanDate(grant.createdAt, 'UTC'));
    // Tokyo is 9 hours ahead: the two renderings cannot agree.
    expect(formatHumanDate(grant.createdAt, 'Asia/Tokyo')).not.toBe(formatHumanDate(grant.createdAt, 'UTC'));
  });

  it('asks a signed-out visitor to sign in', async () => {
    expect(await get('/profile', '')).toMatchObject({ status: 302, location: '/sign-in?redirectTo=%2Fprofile' });
    expect(await get('/profile/role', '')).toMatchObject({ status: 302, location: '/sign-in?redirectTo=%2Fprofile%2Frole' });
  });
});

describe('POST /profile/role', () => {
  const post = (cookie: string, intent: string) => server.request('/profile/role', formPost({ intent }, cookie));

  it('upgrades with a confirmation page first, then refuses a second upgrade', async () => {
    const me = await signedIn();
    const confirm = await get('/profile/role', me.cookie);
    expect(confirm.text).toContain('Become an ADMIN');
    expect(confirm.text).toContain('$160,000.00');
    expect(confirm.text).toContain('Remaining after upgrade $3,840,000.00');

    const upgraded = await post(me.cookie, 'upgrade');
    expect(upgraded).toRedirectTo('/profile', 303);
    const profile = await get('/profile', `${me.cookie}; ${cookiesFrom(upgraded)}`);
    expect(profile.text).toContain('Your role has been updated successfully');
    expect(stat(profile.html, 'balance')).toBe('$3,840,000.00');
    expect(profile.text).toContain('Upgrade to ADMIN');
    expect(profile.text).toContain('-$160,000.00');

    const again = await post(me.cookie, 'upgrade');
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('You are already an ADMIN');
    const user = await getDb().user.findUniqueOrThrow({ where: { id: me.id } });
    expect(user.balanceCents).toBe(3_840_000_00n);
  });

  it('refuses a short balance with a clear message, charging nothing', async () => {
    const me = await signedIn();
    await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: me.id, amountCents: 3_900_000_00 }));
    const confirm = await get('/profile/role', me.cookie);
    expect(confirm.text).toContain('Insufficient funds');
    const response = await post(me.cookie, 'upgrade');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Your balance is too low to become an ADMIN');
    const user = await getDb().user.findUniqueOrThrow({ where: { id: me.id } });
    expect(user).toMatchObject({ role: 'NADMIN', balanceCents: 100_000_00n });
  });

  it('charges once for two upgrade requests at the same time', async () => {
    const me = await signedIn();
    const responses = await Promise.all([post(me.cookie, 'upgrade'), post(me.cookie, 'upgrade')]);
    expect(responses.map((r) => r.status).sort()).toEqual([303, 409]);
    const fees = await getDb().ledgerEntry.count({ where: { fromUserId: me.id, kind: 'UPGRADE_FEE' } });
    expect(fees).toBe(1);
  });

  it('steps down for free, and refuses what is not a role change', async () => {
    const me = await signedIn('ADMIN');
    const response = await post(me.cookie, 'step-down');
    expect(response.status).toBe(303);
    const user = await getDb().user.findUniqueOrThrow({ where: { id: me.id } });
    expect(user).toMatchObject({ role: 'NADMIN', balanceCents: 4_000_000_00n });
    expect((await post(me.cookie, 'step-down')).status).toBe(409);
    expect((await post(me.cookie, 'promote-me')).status).toBe(400);
    expect((await server.request('/profile/role', formPost({ intent: 'upgrade' }))).status).toBe(302);
  });
});

describe('POST /profile (your name and email)', () => {
  /** An account of one's own, as the demo sign-in's "Create an account" makes it. */
  const PASSWORD = 'correct horse battery';
  async function ownAccount() {
    const name = `Own ${randomUUID().slice(0, 8)}`;
    const email = `own-${randomUUID()}@example.test`;
    const { id } = await signUpLocally({ name, email, key: await credentialKey(email, PASSWORD) });
    return { id, name, email, cookie: await sessionCookie(id) };
  }
  const change = (cookie: string, fields: Record<string, string>) => server.request('/profile?index', formPost({ intent: 'details', ...fields }, cookie));

  it('saves a new name and email; the header, sales, emails and the users list show the new name', async () => {
    const me = await ownAccount();
    const { id: sellerId } = await createSeller();
    const { id: productId } = await createProduct({ ownerId: sellerId, priceCents: 4_00 });
    await placeOrder(me.id, [{ productId, quantity: 1 }]);

    const form = await get('/profile', me.cookie);
    expect(form.html).toContain(`value="${me.name}"`);
    expect(form.html).toContain(`value="${me.email}"`);
    const newName = `Renamed ${randomUUID().slice(0, 8)}`;
    const newEmail = `Renamed-${randomUUID()}@Example.test`;
    const saved = await change(me.cookie, { name: `  ${newName} `, email: newEmail, password: PASSWORD });
    expect(saved).toRedirectTo('/profile', 303);
    expect(saved).toHaveFlash('Your name and email are saved.');

    const profile = await get('/profile', me.cookie);
    expect(profile.text).toContain(`Welcome back, ${newName}`);
    expect(profile.html).toContain(`value="${newEmail.toLowerCase()}"`);
    expect((await get(`/users?q=${encodeURIComponent(newName)}`, me.cookie)).text).toContain(newName);
    const sellerCookie = await sessionCookie(sellerId);
    expect((await get('/sales', sellerCookie)).text).toContain(newName);
    // An order made from then on: the seller's email names the buyer by the new name.
    await placeOrder(me.id, [{ productId, quantity: 1 }]);
    const [notice] = await getDb().emailMessage.findMany({ where: { userId: sellerId }, orderBy: { createdAt: 'desc' }, take: 1 });
    expect(notice!.text).toContain(`${newName} just bought`);
    const [confirmation] = await getDb().emailMessage.findMany({ where: { userId: me.id }, orderBy: { createdAt: 'desc' }, take: 1 });
    expect(confirmation!.toAddress).toBe(newEmail.toLowerCase());
  });

  it('refuses an email another account uses (409), control characters and a bad email (400), re-rendering what was typed and changing nothing', async () => {
    const me = await ownAccount();
    const other = await ownAccount();
    const cases: [Record<string, string>, number, string][] = [
      [
        { name: 'Someone New', email: other.email.toUpperCase(), password: PASSWORD },
        409,
        'Another account opens with this email and this password: choose another email.',
      ],
      [{ name: 'Someone New', email: `${randomUUID()}@example.test` }, 400, 'Enter your password to change your email'],
      [{ name: 'Someone New', email: `${randomUUID()}@example.test`, password: 'not the password' }, 401, 'That is not the password of this account.'],
      [{ name: 'Line\nbreak', email: `${randomUUID()}@example.test` }, 400, 'A name cannot contain control or invisible characters'],
      [{ name: 'Zero\u200bwidth', email: `${randomUUID()}@example.test` }, 400, 'A name cannot contain control or invisible characters'],
      [{ name: 'Someone New', email: 'not an email' }, 400, 'Enter a valid email address.'],
      [{ name: '   ', email: `${randomUUID()}@example.test` }, 400, 'Enter your name.'],
      [{ name: 'x'.repeat(101), email: `${randomUUID()}@example.test` }, 400, 'Use at most 100 characters.'],
      [{ name: 'Someone New', email: `me@${DEMO_EMAIL_DOMAIN}` }, 409, 'belong to the demo accounts'],
    ];
    for (const [fields, status, message] of cases) {
      const response = await change(me.cookie, fields);
      expect(response.status).toBe(status);
      const html = await response.text();
      expect(html.replace(/&#x27;/g, "'")).toContain(message);
      expect(html).toContain('aria-invalid="true"');
    }
    expect(await getDb().user.findUniqueOrThrow({ where: { id: me.id }, select: { name: true, email: true } })).toEqual({ name: me.name, email: me.email });
    expect((await server.request('/profile?index', formPost({ intent: 'nope', name: 'A', email: 'a@example.test' }, me.cookie))).status).toBe(400);
    expect((await server.request('/profile?index', formPost({ intent: 'details', name: 'A', email: 'a@example.test' }))).status).toBe(302);
  });

  it("says a shared demo persona's name and email stay as they are, and refuses to change them", async () => {
    const persona = await signedIn();
    const page = await get('/profile', persona.cookie);
    expect(page.text).toContain('This demo account is shared, so its name and email stay as they are.');
    expect(page.html).not.toContain('name="email"');
    const refused = await change(persona.cookie, { name: 'Taken Over', email: `${randomUUID()}@example.test` });
    expect(refused.status).toBe(403);
    expect((await getDb().user.findUniqueOrThrow({ where: { id: persona.id } })).name).toBe(persona.name);
  });
});
