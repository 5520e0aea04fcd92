// /profile and the role change over HTTP, as a browser without JavaScript sees them.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { releaseCheckout } from '~/models/checkout/release.server.ts';
import { payFee } from '~/models/ledger.server.ts';
import { createUser, DEMO_EMAIL_DOMAIN } from '~/models/user.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { formatHumanDate } from '~/utils/dates.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { cookiesFrom, formPost, useTestServer } from '../../test/http.ts';
import { paidCheckout, placeOrder } from '../../test/orders.ts';
import { createProduct, createSeller } from '../../test/shop.ts';

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
  const text = html.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');
  return { status: response.status, location: response.headers.get('location'), html, text };
}

const stat = (html: string, name: string) => html.match(new RegExp(`data-testid="stat-${name}"[^>]*>(.*?)</p>`))?.[1]?.replace(/<[^>]+>/g, '');

/** The Transactions list's rows, as HTML and as text, newest first. */
const transactionRows = (html: string) =>
  [...html.matchAll(/data-testid="transaction-row"[\s\S]*?<\/tr>/g)].map((m) => m[0].replace(/<!-- -->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());

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
  });

  it("names a paid checkout's hold as a purchase linked to its order, a pending one as held, a released one beside its release", async () => {
    const me = await signedIn();
    const sellerId = await createSeller();
    const [bought, dropped, waiting] = await Promise.all([
      createProduct(sellerId, { priceCents: 10_00 }),
      createProduct(sellerId, { priceCents: 20_00 }),
      createProduct(sellerId, { priceCents: 30_00 }),
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
    expect(upgraded.status).toBe(303);
    expect(upgraded.headers.get('location')).toBe('/profile');
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
