// Stored sessions of the demo sign-in, over real HTTP against the real server and database: a
// copied cookie stops working once its session ends (sign-out, sign-out of all devices, account
// deletion, idle or absolute expiry), only a hash of the token is stored, lastSeen is written at most
// every few minutes, and the scheduled job prunes what expired. Also: nobody signs into an account
// someone else created, and the dev mailbox shows each person only their own mail.
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '~/models/user-session.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { handleSessionsPrune } from '../jobs/sessions.ts';
import { createUser, sessionCookie } from '../test/factories.ts';
import { useDatabase } from '../test/database-hooks.ts';
import { cookiesFrom, formPost, useTestServer } from '../test/http.ts';

useDatabase();
const server = useTestServer();

const PASSWORD = 'a password of my own';
const MINUTE = 60_000;

/** Signs up through the sign-in form; returns the account and its cookie. */
async function signUp(name = `Person ${randomUUID().slice(0, 8)}`) {
  const email = `sessions-${randomUUID()}@example.test`;
  const response = await server.request('/sign-in', formPost({ intent: 'create', name, email, newPassword: PASSWORD }));
  expect(response.status).toBe(302);
  const { id } = await getDb().user.findFirstOrThrow({ where: { email }, select: { id: true } });
  return { id, name, email, cookie: cookiesFrom(response) };
}

/** Signs in again with email and password, as from another device. */
async function signInAgain(email: string) {
  const response = await server.request('/sign-in', formPost({ intent: 'password', accountEmail: email, password: PASSWORD }));
  expect(response.status).toBe(302);
  return cookiesFrom(response);
}

/** What a page shows to `cookie`: signed in as whom, and whether the cookie was cleared. */
async function visit(cookie: string, path = '/profile') {
  const response = await server.request(path, { headers: { Cookie: cookie } });
  const html = await response.text();
  return {
    status: response.status,
    location: response.headers.get('location'),
    cleared: response.headers.getSetCookie().some((value) => /^reen_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i.test(value)),
    html,
  };
}

const sessionsOf = (userId: string) => getDb().userSession.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });

describe('a copied cookie', () => {
  it('stops working when its browser signs out, and the server clears it', async () => {
    const person = await signUp();
    const copied = person.cookie;
    expect((await visit(copied)).status).toBe(200);

    const signOut = await server.request('/sign-out', formPost({}, person.cookie));
    expect(signOut.status).toBe(303);
    expect(await sessionsOf(person.id)).toEqual([]);

    const after = await visit(copied);
    expect(after.status).toBe(302);
    expect(after.location).toBe('/sign-in?redirectTo=%2Fprofile');
    expect(after.cleared).toBe(true);
    const home = await visit(copied, '/');
    expect(home.status).toBe(200);
    expect(home.html).not.toContain(person.name);
    expect(home.html).toContain('href="/sign-in"');
  });

  it('stops working on every device after "Sign out of all devices", and only that person’s', async () => {
    const person = await signUp();
    const laptop = person.cookie;
    const phone = await signInAgain(person.email);
    const bystander = await signUp();
    expect(await sessionsOf(person.id)).toHaveLength(2);
    expect((await visit(laptop)).html).toContain('Sign out of all devices');

    const response = await server.request('/sign-out', formPost({ scope: 'everywhere' }, phone));
    expect(response.status).toBe(303);
    expect(await sessionsOf(person.id)).toEqual([]);
    for (const cookie of [laptop, phone]) expect((await visit(cookie)).status).toBe(302);
    expect((await visit(bystander.cookie)).status).toBe(200);
  });

  it('stops working when the account is deleted from another device', async () => {
    const person = await signUp();
    const other = await signInAgain(person.email);
    const deleted = await server.request('/profile/delete', formPost({ intent: 'delete', confirm: 'yes' }, person.cookie));
    expect(deleted.status).toBe(303);
    expect(await sessionsOf(person.id)).toEqual([]);
    const after = await visit(other);
    expect(after.status).toBe(302);
    expect(after.cleared).toBe(true);
    // Nor can the password sign into the anonymised account again.
    const again = await server.request('/sign-in', formPost({ intent: 'password', accountEmail: person.email, password: PASSWORD }));
    expect(again.status).toBe(401);
  });

  it('of the old kind (a signed { userId }) signs nobody in', async () => {
    const { createCookieSessionStorage } = await import('@remix-run/node');
    const storage = createCookieSessionStorage({ cookie: { name: 'reen_session', secrets: [process.env.SESSION_SECRET!] } });
    const session = await storage.getSession();
    session.set('userId', (await createUser()).id);
    const old = (await storage.commitSession(session)).split(';')[0]!;
    const after = await visit(old);
    expect(after.status).toBe(302);
    expect(after.cleared).toBe(true);
  });
});

describe('signing in again', () => {
  it('in a browser that was signed in ends its earlier session', async () => {
    const person = await signUp();
    const response = await server.request('/sign-in', formPost({ intent: 'password', accountEmail: person.email, password: PASSWORD }, person.cookie));
    expect(response.status).toBe(302);
    expect(await sessionsOf(person.id)).toHaveLength(1);
    expect((await visit(person.cookie)).status).toBe(302);
    expect((await visit(cookiesFrom(response))).status).toBe(200);
  });
});

describe('the session store', () => {
  it('keeps only a SHA-256 of the token the cookie carries', async () => {
    const person = await signUp();
    const [session] = await sessionsOf(person.id);
    const signed = decodeURIComponent(/(?:^|; )reen_session=([^;]+)/.exec(person.cookie)![1]!);
    const token = JSON.parse(Buffer.from(signed.slice(0, signed.lastIndexOf('.')), 'base64').toString('utf8')) as string;
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(session!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(session)).not.toContain(token);
  });

  it('ends a session unused for the idle time, and one older than the absolute limit however busy', async () => {
    const { id: idle } = await createUser();
    const idleCookie = await sessionCookie(idle);
    const { id: busy } = await createUser();
    const busyCookie = await sessionCookie(busy);
    const now = Date.now();
    // Idle: last seen just over the idle time ago.
    await getDb().userSession.updateMany({
      where: { userId: idle },
      data: { createdAt: new Date(now - SESSION_IDLE_MS - MINUTE), lastSeenAt: new Date(now - SESSION_IDLE_MS - MINUTE), expiresAt: new Date(now - MINUTE) },
    });
    // Busy, but signed in a minute before the absolute limit: a request may not extend it past that.
    await getDb().userSession.updateMany({
      where: { userId: busy },
      data: { createdAt: new Date(now - SESSION_ABSOLUTE_MS + MINUTE), lastSeenAt: new Date(now - 10 * MINUTE), expiresAt: new Date(now + 10 * MINUTE) },
    });
    expect((await visit(idleCookie)).status).toBe(302);
    expect((await visit(busyCookie)).status).toBe(200);
    const [busySession] = await sessionsOf(busy);
    expect(busySession!.expiresAt.getTime()).toBe(busySession!.createdAt.getTime() + SESSION_ABSOLUTE_MS);
    await getDb().userSession.updateMany({ where: { userId: busy }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await visit(busyCookie)).status).toBe(302);
  });

  it('slides the idle expiry, writing lastSeen at most every few minutes', async () => {
    const { id: person } = await createUser();
    const cookie = await sessionCookie(person);
    const [fresh] = await sessionsOf(person);
    await visit(cookie);
    await visit(cookie, '/');
    expect(await sessionsOf(person)).toEqual([fresh]); // no write for a fresh session

    const tenMinutesAgo = new Date(Date.now() - 10 * MINUTE);
    await getDb().userSession.updateMany({
      where: { userId: person },
      data: { lastSeenAt: tenMinutesAgo, expiresAt: new Date(tenMinutesAgo.getTime() + SESSION_IDLE_MS) },
    });
    const before = Date.now();
    await visit(cookie);
    const [refreshed] = await sessionsOf(person);
    expect(refreshed!.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(refreshed!.expiresAt.getTime()).toBeGreaterThanOrEqual(before + SESSION_IDLE_MS - 1000);
  });

  it('is pruned of expired sessions by the scheduled job, keeping live ones', async () => {
    const { id: expired } = await createUser();
    await sessionCookie(expired);
    await getDb().userSession.updateMany({ where: { userId: expired }, data: { expiresAt: new Date(Date.now() - MINUTE) } });
    const { id: live } = await createUser();
    await sessionCookie(live);
    await handleSessionsPrune();
    expect(await sessionsOf(expired)).toEqual([]);
    expect(await sessionsOf(live)).toHaveLength(1);
  });
});

describe('the demo sign-in', () => {
  it('lets nobody sign into an account someone else created: the email alone, or with a wrong password, is refused', async () => {
    const victim = await signUp();
    const byEmailOnly = await server.request('/sign-in', formPost({ intent: 'email', accountEmail: victim.email }));
    expect(byEmailOnly.status).toBe(400);
    const wrong = await server.request('/sign-in', formPost({ intent: 'password', accountEmail: victim.email, password: 'a guess' }));
    expect(wrong.status).toBe(401);
    for (const response of [byEmailOnly, wrong]) expect(response.headers.getSetCookie().filter((cookie) => cookie.startsWith('reen_session='))).toEqual([]);
    expect(await sessionsOf(victim.id)).toHaveLength(1); // the victim's own
  });

  it('offers one-click buttons only for the seeded personas, and says they are shared', async () => {
    const person = await signUp();
    const html = await (await server.request('/sign-in')).text();
    expect(html).not.toContain(`Continue as ${person.name}`);
    expect(html).toMatch(/These accounts are shared: anyone can continue as them/);
  });
});

describe('the dev mailbox', () => {
  it('shows a signed-in person only the messages addressed to them', async () => {
    const [ada, bob] = [await signUp(), await signUp()];
    const message = (userId: string, subject: string) =>
      getDb().emailMessage.create({
        data: {
          dedupeKey: randomUUID(),
          kind: 'test',
          messageId: `<${randomUUID()}@reen.test>`,
          toAddress: `${subject}@example.test`,
          subject,
          html: '<p>Hi</p>',
          text: 'Hi',
          userId,
        },
        select: { id: true },
      });
    const adaSubject = `for-ada-${randomUUID().slice(0, 8)}`;
    const bobSubject = `for-bob-${randomUUID().slice(0, 8)}`;
    const adas = await message(ada.id, adaSubject);
    await message(bob.id, bobSubject);

    const list = await visit(ada.cookie, '/dev/mail');
    expect(list.status).toBe(200);
    expect(list.html).toContain(adaSubject);
    expect(list.html).not.toContain(bobSubject);
    expect((await visit(ada.cookie, `/dev/mail/${adas.id}`)).status).toBe(200);
    expect((await visit(bob.cookie, `/dev/mail/${adas.id}`)).status).toBe(404);
  });
});
