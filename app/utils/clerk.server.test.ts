// Clerk mode over HTTP, against the built server: session tokens minted with a test RSA key (the
// server verifies them networkless with CLERK_JWT_KEY) and Clerk's Backend API mocked with msw.
import { describe, expect, it } from 'vitest';
import { cookiesFrom, formPost, useTestServer } from '../../test/http.ts';
import { decodeEntities } from '../../test/page-text.ts';
import { clerkCookies, generateClerkTestKeys, mintHandshakeToken, mintSessionToken, newTestSession, signJwt, type TestSession } from '../../test/clerk.ts';
import { createProduct } from '../../test/factories.ts';
import { useClerkBackend } from '../../test/clerk-mode.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { ensureClerkUser } from '~/models/user.server.ts';
import { getDb } from './db.server.ts';
import { RESUBMIT_MESSAGE, SUBMISSION_GRACE_MS } from './clerk.server.ts';

const { keys, clerk } = useClerkBackend();

useDatabase();
useJobQueue();

const server = useTestServer();

/** What a browser sends with a page request (Clerk renews tokens only for these). */
const PAGE = { 'Sec-Fetch-Dest': 'document', Accept: 'text/html' };
const nowSeconds = () => Math.floor(Date.now() / 1000);

function newSession(profile: TestSession['profile'] | null = { name: `Clerk ${randomTag()}`, email: `${randomTag()}@example.test` }) {
  return newTestSession(server.origin, profile ?? undefined);
}

function randomTag() {
  return Math.random().toString(36).slice(2, 10);
}

/** The browser's cookies for a token issued `ageSeconds` ago (it lives 60 seconds). */
function cookiesFor(session: TestSession, ageSeconds = 0) {
  const issuedAt = nowSeconds() - ageSeconds;
  return clerkCookies(mintSessionToken(keys, session, issuedAt), issuedAt - 60);
}

async function localUser(clerkId: string) {
  return getDb().user.findUnique({ where: { clerkId }, select: { id: true, name: true, email: true, balanceCents: true } });
}

async function grantsOf(userId: string) {
  return getDb().ledgerEntry.count({ where: { kind: 'GRANT', toUserId: userId } });
}

describe('the first authenticated request', () => {
  it('creates the user with the $4,000,000 grant, from the session token’s claims, without any webhook', async () => {
    const session = newSession();
    const response = await server.request('/profile', { headers: { ...PAGE, Cookie: cookiesFor(session) } });
    expect(response.status).toBe(200);
    expect(decodeEntities(await response.text())).toContain(session.profile!.name);
    const user = await localUser(session.clerkUserId);
    expect(user).toMatchObject({ name: session.profile!.name, email: session.profile!.email, balanceCents: 400_000_000n });
    expect(await grantsOf(user!.id)).toBe(1);
    // Clerk's Backend API was not needed: the token carried the profile.
    expect(clerk.requestsTo('GET', `/users/${session.clerkUserId}`)).toHaveLength(0);
  });

  it('asks Clerk’s Backend API for the name and email when the token does not carry them', async () => {
    const session = newSession(null);
    const email = `${randomTag()}@example.test`;
    clerk.putUser(session.clerkUserId, { name: 'Grace Backend', email });
    const response = await server.request('/profile', { headers: { ...PAGE, Cookie: cookiesFor(session) } });
    expect(response.status).toBe(200);
    expect(await localUser(session.clerkUserId)).toMatchObject({ name: 'Grace Backend', email });
    expect(clerk.requestsTo('GET', `/users/${session.clerkUserId}`)).toHaveLength(1);
  });

  it('answers 503 with a message (and creates nobody) when Clerk cannot be asked who the user is', async () => {
    const session = newSession(null);
    clerk.state.down = true;
    try {
      const response = await server.request('/profile', { headers: { ...PAGE, Cookie: cookiesFor(session) } });
      expect(response.status).toBe(503);
      expect(decodeEntities(await response.text())).toContain('the sign-in service cannot be reached');
    } finally {
      clerk.state.down = false;
    }
    expect(await localUser(session.clerkUserId)).toBeNull();
  });

  it('grants once when first requests and the user.created job race (one user, by constraint)', async () => {
    const session = newSession();
    const profile = { clerkId: session.clerkUserId, name: session.profile!.name, email: session.profile!.email };
    const requests = Array.from({ length: 4 }, () => server.request('/profile', { headers: { ...PAGE, Cookie: cookiesFor(session) } }));
    const [responses, outcomes] = await Promise.all([Promise.all(requests), Promise.all([ensureClerkUser(profile), ensureClerkUser(profile)])]);
    for (const response of responses) expect(response.status).toBe(200);
    expect(outcomes.filter((outcome) => outcome === 'created').length).toBeLessThanOrEqual(1);
    const users = await getDb().user.findMany({ where: { clerkId: session.clerkUserId }, select: { id: true } });
    expect(users).toHaveLength(1);
    expect(await grantsOf(users[0]!.id)).toBe(1);
  });

  it('does not bring back an account whose Clerk id was deleted', async () => {
    const session = newSession();
    await getDb().deletedClerkId.create({ data: { clerkId: session.clerkUserId } });
    const response = await server.request('/profile', { headers: { ...PAGE, Cookie: cookiesFor(session) } });
    expect(response).toRedirectTo('/sign-in?redirectTo=%2Fprofile', 302);
    expect(await localUser(session.clerkUserId)).toBeNull();
  });
});

describe('tokens the server refuses', () => {
  it('treats a token for another site (azp), or one signed with another key, as signed out', async () => {
    const session = newSession();
    const otherSite = { ...session, origin: 'https://evil.example' };
    const foreign = await server.request('/profile', { headers: { ...PAGE, Cookie: clerkCookies(mintSessionToken(keys, otherSite)) } });
    expect(foreign.status).toBe(302);
    expect(foreign.headers.get('location')).toMatch(/^\/sign-in\?/);

    const forger = generateClerkTestKeys();
    const forged = await server.request('/profile', { headers: { ...PAGE, Cookie: clerkCookies(mintSessionToken(forger, session)) } });
    expect(forged.status).toBe(302);
    expect(await localUser(session.clerkUserId)).toBeNull();
  });
});

describe('an expired token without JavaScript', () => {
  it('sends a page request through Clerk’s handshake, and back to the page with renewed cookies', async () => {
    const session = newSession();
    const stale = cookiesFor(session, 3600);
    const out = await server.request('/profile?tab=x', { headers: { ...PAGE, Cookie: stale } });
    expect(out.status).toBe(303);
    const handshake = new URL(out.headers.get('location')!);
    expect(handshake.origin).toBe('https://clerk.reen.test');
    expect(handshake.pathname).toBe('/v1/client/handshake');
    expect(handshake.searchParams.get('redirect_url')).toBe(`${server.origin}/profile?tab=x`);

    // Clerk's Frontend API answers with a signed handshake carrying a fresh session token.
    const issuedAt = nowSeconds();
    const fresh = mintSessionToken(keys, session, issuedAt);
    const payload = mintHandshakeToken(keys, [`__session=${fresh}; Path=/; SameSite=Lax`, `__client_uat=${issuedAt - 60}; Path=/; SameSite=Lax`]);
    const back = await server.request(`/profile?tab=x&__clerk_handshake=${payload}`, { headers: { ...PAGE, Cookie: stale } });
    expect(back).toRedirectTo('/profile?tab=x', 303);
    const renewed = cookiesFrom(back);
    expect(renewed).toContain(`__session=${fresh}`);

    const page = await server.request('/profile?tab=x', { headers: { ...PAGE, Cookie: renewed } });
    expect(page.status).toBe(200);
    expect(decodeEntities(await page.text())).toContain(session.profile!.name);
  });

  describe('on a form post', () => {
    async function shopWithSignedInBuyer() {
      const session = newSession();
      await server.request('/profile', { headers: { ...PAGE, Cookie: cookiesFor(session) } });
      const buyer = (await localUser(session.clerkUserId))!;
      const { id: productId } = await createProduct();
      return { session, buyerId: buyer.id, productId };
    }

    const addToCart = (productId: string, cookie: string) => {
      const post = formPost({ intent: 'add', productId, quantity: '2', redirectTo: `/products/${productId}` }, cookie);
      return server.request('/cart', { ...post, headers: { ...post.headers, ...PAGE, Referer: `${server.origin}/products/${productId}` } });
    };

    it('keeps what the shopper did when the token expired a few minutes ago', async () => {
      const { session, buyerId, productId } = await shopWithSignedInBuyer();
      const ageSeconds = 60 + SUBMISSION_GRACE_MS / 1000 / 2;
      const response = await addToCart(productId, cookiesFor(session, ageSeconds));
      expect(response).toRedirectTo(`/products/${productId}`, 303);
      expect(await getDb().cartItem.findUnique({ where: { userId_productId: { userId: buyerId, productId } }, select: { quantity: true } })).toEqual({
        quantity: 2,
      });
    });

    it('renders the page with the form’s error (not a handshake) when such a post is refused', async () => {
      const { session } = await shopWithSignedInBuyer();
      const post = formPost({ intent: 'add', productId: 'no-such-product', quantity: '1', redirectTo: '/cart' }, cookiesFor(session, 120));
      const response = await server.request('/cart', { ...post, headers: { ...post.headers, ...PAGE } });
      expect(response.status).toBe(400);
      const html = decodeEntities(await response.text());
      expect(html).toContain('This product does not exist.');
      expect(html).toContain(session.profile!.name);
    });

    it('sends the shopper back to the page with a message to send it again when the token is older, changing nothing', async () => {
      const { session, buyerId, productId } = await shopWithSignedInBuyer();
      const response = await addToCart(productId, cookiesFor(session, 3600));
      expect(response).toRedirectTo(`/products/${productId}`, 303);
      expect(await getDb().cartItem.count({ where: { userId: buyerId } })).toBe(0);
      // The page shows the message once the handshake has renewed the sign-in.
      const renewed = clerkCookies(mintSessionToken(keys, session), nowSeconds() - 60);
      const page = await server.request(`/products/${productId}`, { headers: { ...PAGE, Cookie: `${renewed}; ${cookiesFrom(response)}` } });
      expect(decodeEntities(await page.text())).toContain(RESUBMIT_MESSAGE);
    });

    it('refuses a recent token issued before the browser signed in again (an older session)', async () => {
      const { session, buyerId, productId } = await shopWithSignedInBuyer();
      const issuedAt = nowSeconds() - 120;
      const cookie = clerkCookies(mintSessionToken(keys, session, issuedAt), issuedAt + 30);
      const response = await addToCart(productId, cookie);
      expect(response.status).toBe(303);
      expect(await getDb().cartItem.count({ where: { userId: buyerId } })).toBe(0);
    });
  });
});

describe('sign-out', () => {
  it('ends the session at Clerk and removes the session cookie', async () => {
    const session = newSession();
    const response = await server.request('/sign-out', formPost({}, cookiesFor(session)));
    expect(response.status).toBe(303);
    expect(response.headers.getSetCookie().some((cookie) => /^__session=;.*Max-Age=0/.test(cookie))).toBe(true);
    expect(clerk.requestsTo('POST', `/sessions/${session.sessionId}/revoke`)).toHaveLength(1);
  });

  it('still signs out when Clerk cannot be reached', async () => {
    clerk.state.down = true;
    try {
      const response = await server.request('/sign-out', formPost({}, cookiesFor(newSession())));
      expect(response.status).toBe(303);
      expect(response.headers.getSetCookie().some((cookie) => /^__session=;.*Max-Age=0/.test(cookie))).toBe(true);
    } finally {
      clerk.state.down = false;
    }
  });
});

describe('Delete my account in Clerk mode', () => {
  it('deletes the user at Clerk, then the account here at once, and signs out', async () => {
    const session = newSession();
    clerk.putUser(session.clerkUserId, { name: session.profile!.name, email: session.profile!.email });
    await server.request('/profile', { headers: { ...PAGE, Cookie: cookiesFor(session) } });
    const { id } = (await localUser(session.clerkUserId))!;

    const response = await server.request('/profile/delete', formPost({ intent: 'delete', confirm: 'yes' }, cookiesFor(session)));
    expect(response.status).toBe(303);
    expect(clerk.requestsTo('DELETE', `/users/${session.clerkUserId}`)).toHaveLength(1);
    expect(response.headers.getSetCookie().some((cookie) => /^__session=;.*Max-Age=0/.test(cookie))).toBe(true);
    expect(await getDb().user.findUniqueOrThrow({ where: { id }, select: { clerkId: true, deletedAt: true } })).toMatchObject({
      clerkId: null,
      deletedAt: expect.any(Date),
    });
    expect(await getDb().deletedClerkId.findUnique({ where: { clerkId: session.clerkUserId } })).not.toBeNull();
    // Its session token is still valid for a minute: it signs nobody in.
    expect((await server.request('/profile', { headers: { ...PAGE, Cookie: cookiesFor(session) } })).status).toBe(302);
  });

  it('deletes nothing when Clerk cannot be reached, and says so', async () => {
    const session = newSession();
    await server.request('/profile', { headers: { ...PAGE, Cookie: cookiesFor(session) } });
    clerk.state.down = true;
    try {
      const response = await server.request('/profile/delete', formPost({ intent: 'delete', confirm: 'yes' }, cookiesFor(session)));
      expect(response.status).toBe(503);
      expect(decodeEntities(await response.text())).toContain('nothing was deleted');
    } finally {
      clerk.state.down = false;
    }
    expect(await localUser(session.clerkUserId)).not.toBeNull();
  });
});

describe('pages in Clerk mode', () => {
  it('shows Clerk’s sign-in, which says it needs JavaScript when it is off', async () => {
    const html = decodeEntities(await (await server.request('/sign-in', { headers: PAGE })).text());
    expect(html).toContain('Signing in needs JavaScript');
    expect(html).not.toContain('Demo accounts');
    const post = await server.request('/sign-in', formPost({ intent: 'create', name: 'Eve', email: 'eve@example.test' }));
    expect(post.status).toBe(404);
  });

  it('has a sign-up page that comes back to where the visitor was going', async () => {
    const response = await server.request('/sign-up?redirectTo=%2Fcart', { headers: PAGE });
    expect(response.status).toBe(200);
    expect(decodeEntities(await response.text())).toContain('Sign up');
  });

  it('treats a cookie that is not even a JWT as signed out', async () => {
    const response = await server.request('/profile', { headers: { ...PAGE, Cookie: clerkCookies(signJwt({}, keys.signingKey).slice(0, 20)) } });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^\/sign-in\?/);
  });
});
