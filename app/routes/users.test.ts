// /users and /users/:id over HTTP, as a browser without JavaScript sees them.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { payFee } from '~/models/ledger.server.ts';
import { ANONYMOUS_USER_ID, PLATFORM_USER_ID } from '~/models/system-accounts.ts';
import { createUser, DEMO_EMAIL_DOMAIN } from '~/models/user.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { cookiesFrom, formPost, useTestServer } from '../../test/http.ts';
import { pageText } from '../../test/page-text.ts';

const tag = `usr${randomUUID().slice(0, 8)}`;
type Person = { id: string; name: string; email: string };
const people: Person[] = [];
let viewer: Person & { cookie: string };

useDatabase();

const server = useTestServer();

beforeAll(async () => {
  // Two ADMINs and three NADMINs with the tag in their names, joined a minute apart, with balances
  // in an order of their own.
  const roles = ['ADMIN', 'NADMIN', 'ADMIN', 'NADMIN', 'NADMIN'] as const;
  for (const [i, role] of roles.entries()) {
    const name = `${['Eve', 'Bob', 'Dan', 'Amy', 'Cat'][i]} ${tag}`;
    const email = `${randomUUID()}@${DEMO_EMAIL_DOMAIN}`;
    const { id } = await createUser({ name, email, role });
    await getDb().user.update({ where: { id }, data: { createdAt: new Date(Date.now() - (10 - i) * 60_000) } });
    // Fees of $100 x 1, 4, 2, 5, 3 (through the ledger: balances only ever change there).
    await serializable((tx) => payFee(tx, { kind: 'LISTING_FEE', userId: id, amountCents: 100_00 * (((i * 3) % 5) + 1) }));
    people.push({ id, name, email });
  }
  const name = `Viewer ${randomUUID().slice(0, 8)}`;
  const email = `${randomUUID()}@${DEMO_EMAIL_DOMAIN}`;
  const { id } = await createUser({ name, email });
  const response = await server.request('/sign-in', formPost({ intent: 'pick', userId: id, redirectTo: '/' }));
  viewer = { id, name, email, cookie: cookiesFrom(response) };
});

async function get(path: string, cookie = viewer.cookie) {
  const response = await server.request(path, { headers: { Cookie: cookie } });
  const html = await response.text();
  const text = pageText(html);
  return { status: response.status, location: response.headers.get('location'), html, text };
}

/** Names of the listed people, top to bottom. */
const names = (html: string) => [...html.matchAll(/data-testid="user-row"[\s\S]*?<a [^>]*><bdi>([^<]+)<\/bdi><\/a>/g)].map((match) => match[1]);
const facet = (html: string, role: string) => Number(html.match(new RegExp(`data-testid="facet-${role}"[^>]*>(\\d+)<`))?.[1]);

describe('GET /users', () => {
  it('asks a signed-out visitor to sign in', async () => {
    const response = await get('/users', '');
    expect(response.status).toBe(302);
    expect(response.location).toBe('/sign-in?redirectTo=%2Fusers');
  });

  it('searches by name and counts each role among the matches', async () => {
    const page = await get(`/users?q=${tag}`);
    expect(page.status).toBe(200);
    expect(names(page.html)).toEqual(people.map((p) => p.name).sort());
    expect(facet(page.html, 'ADMIN')).toBe(2);
    expect(facet(page.html, 'NADMIN')).toBe(3);
  });

  it('filters by one role or both, keeping the facet counts', async () => {
    const admins = await get(`/users?q=${tag}&role=ADMIN`);
    expect(names(admins.html)).toEqual([`Dan ${tag}`, `Eve ${tag}`]);
    expect(facet(admins.html, 'ADMIN')).toBe(2);
    expect(facet(admins.html, 'NADMIN')).toBe(3);
    expect(admins.html).toContain('<input type="checkbox" name="role" checked="" value="ADMIN"/>');
    expect(admins.html).toContain('<input type="checkbox" name="role" value="NADMIN"/>');
    expect(admins.text).toContain('Reset');
    const nonAdmins = await get(`/users?q=${tag}&role=NADMIN`);
    expect(names(nonAdmins.html)).toEqual([`Amy ${tag}`, `Bob ${tag}`, `Cat ${tag}`]);
    const both = await get(`/users?q=${tag}&role=NADMIN&role=ADMIN&role=ANONYMOUS`);
    expect(names(both.html)).toHaveLength(5);
  });

  it('sorts by name, role, balance and date joined', async () => {
    const order = async (query: string) => names((await get(`/users?q=${tag}&${query}`)).html);
    expect(await order('sort=name&order=desc')).toEqual(
      people
        .map((p) => p.name)
        .sort()
        .reverse(),
    );
    // NADMIN comes before ADMIN (the order roles are declared in); ties by name.
    expect(await order('sort=role&order=asc')).toEqual([`Amy ${tag}`, `Bob ${tag}`, `Cat ${tag}`, `Dan ${tag}`, `Eve ${tag}`]);
    expect(await order('sort=role&order=desc')).toEqual([`Dan ${tag}`, `Eve ${tag}`, `Amy ${tag}`, `Bob ${tag}`, `Cat ${tag}`]);
    // The one who paid the smallest fee is the richest.
    expect(await order('sort=balance&order=desc')).toEqual([`Eve ${tag}`, `Dan ${tag}`, `Cat ${tag}`, `Bob ${tag}`, `Amy ${tag}`]);
    expect(await order('sort=balance&order=asc')).toEqual([`Amy ${tag}`, `Bob ${tag}`, `Cat ${tag}`, `Dan ${tag}`, `Eve ${tag}`]);
    expect(await order('sort=joined&order=asc')).toEqual(people.map((p) => p.name));
    expect(await order('sort=joined')).toEqual(people.map((p) => p.name).reverse());
    expect(await order('sort=shoe-size&order=sideways')).toEqual(people.map((p) => p.name).sort());
  });

  it('keeps the page in range', async () => {
    const pastTheEnd = await get(`/users?q=${tag}&perPage=7&page=3`);
    expect(pastTheEnd.status).toBe(200);
    expect(pastTheEnd.text).toContain('Page 1 of 1');
    const everyone = await get('/users?page=-1&perPage=10');
    expect(everyone.status).toBe(200);
    expect(everyone.text).toContain('Page 1 of');
  });

  it('never lists the system rows nor shows an email or auth id', async () => {
    const all = await get('/users?perPage=50&q=a');
    for (const id of [ANONYMOUS_USER_ID, PLATFORM_USER_ID]) expect(all.html).not.toContain(id);
    const page = await get(`/users?q=${tag}`);
    for (const person of people) expect(page.html).not.toContain(person.email);
    expect(page.html).not.toContain('@');
    expect(page.html).not.toMatch(/clerk/i);
  });
});

describe('GET /users/:id', () => {
  it('shows another person’s profile without their email', async () => {
    const eve = people[0]!;
    const page = await get(`/users/${eve.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Eve ${tag}'s Profile`);
    expect(page.text).toContain('ADMIN');
    expect(page.text).toContain('$3,999,900.00');
    expect(page.html).toContain(`href="/products?seller=${eve.id}"`);
    expect(page.html).not.toContain(eve.email);
  });

  it('redirects your own id to /profile and the anonymous owner to /users; 404 otherwise', async () => {
    expect(await get(`/users/${viewer.id}`)).toMatchObject({ status: 302, location: '/profile' });
    expect(await get(`/users/${ANONYMOUS_USER_ID}`)).toMatchObject({ status: 302, location: '/users' });
    for (const id of [randomUUID(), PLATFORM_USER_ID, 'nope']) expect((await get(`/users/${id}`)).status).toBe(404);
  });
});
