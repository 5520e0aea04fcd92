// Clerk mode (docs/product-rules.md, section 8): Clerk's session cookie verified on our server (networkless with
// CLERK_JWT_KEY, else with Clerk's published keys), Clerk's handshake for browsers without
// JavaScript, and the few Backend API calls REEN makes. auth.server.ts is the only caller for
// sign-in; models call the Backend API helpers.
import type { ClerkClient, User as ClerkUser } from '@clerk/remix/api.server';
import { publicOrigin } from './app-url.server.ts';
import { clerkServerSdk } from './clerk-sdk.server.ts';
import { env } from './env.server.ts';
import { redirectWithFlash } from './flash.server.ts';
import { logger } from './logger.server.ts';
import { oncePerRequest, requestMemo } from './request-scope.server.ts';

/**
 * A verified Clerk session: who (Clerk's user id), which session, the profile claims when the
 * session token carries them, and whether the token had expired (a form post within the grace).
 */
export type ClerkSession = { clerkUserId: string; sessionId: string | null; name: string | null; email: string | null; expired: boolean };

/** What REEN keeps of a Clerk user. */
export type ClerkProfile = { clerkId: string; name: string; email: string | null };

/**
 * How long after its expiry a Clerk session token still signs a form post. Clerk's tokens live one
 * minute and JavaScript renews them; without JavaScript nothing renews the token of a page that is
 * open while a form is filled in. GET requests are never let through this way: they renew the token
 * through Clerk's handshake, which also notices a session ended at Clerk.
 */
export const SUBMISSION_GRACE_MS = 10 * 60_000;

export const RESUBMIT_MESSAGE = 'Your sign-in had to be renewed, so that form was not sent. Nothing was changed: please send it again.';

const HANDSHAKE_PARAMS = ['__clerk_handshake', '__clerk_handshake_nonce', '__clerk_help', '__clerk_db_jwt'];

let client: ClerkClient | undefined;

function clerkKeys() {
  const { CLERK_SECRET_KEY, CLERK_PUBLISHABLE_KEY, CLERK_JWT_KEY } = env();
  if (!CLERK_SECRET_KEY || !CLERK_PUBLISHABLE_KEY) throw new Error('Clerk is not configured (CLERK_SECRET_KEY, CLERK_PUBLISHABLE_KEY)');
  return { secretKey: CLERK_SECRET_KEY, publishableKey: CLERK_PUBLISHABLE_KEY, jwtKey: CLERK_JWT_KEY };
}

async function clerkClient(): Promise<ClerkClient> {
  const keys = clerkKeys();
  const { api } = await clerkServerSdk();
  client ??= api.createClerkClient(keys);
  return client;
}

/** Options shared by our own verification and @clerk/remix's rootAuthLoader. */
export function clerkAuthOptions(request: Request) {
  return { ...clerkKeys(), authorizedParties: [publicOrigin(request)], signInUrl: '/sign-in', signUpUrl: '/sign-up' };
}

// Verified once per HTTP request: its action and loaders see the same answer (the loaders after a
// form post get a GET request of their own, which alone would ask for a handshake).
const sessions = requestMemo<Promise<ClerkSession | null>>('Clerk session');

/**
 * The request's verified Clerk session, or null when signed out. Throws the redirects of Clerk's
 * handshake: out to Clerk when the token of a page request needs renewing, and back to the clean
 * URL with the renewed cookies once Clerk answered.
 */
export function clerkSession(request: Request): Promise<ClerkSession | null> {
  return oncePerRequest(sessions, () => verifyClerkSession(request));
}

async function verifyClerkSession(request: Request): Promise<ClerkSession | null> {
  // Clerk copies the request it is given, which fails once an action has read the body: it needs the headers only.
  const headersOnly = new Request(request.url, { method: request.method, headers: request.headers });
  const state = await (await clerkClient()).authenticateRequest(headersOnly, clerkAuthOptions(request));
  if (state.status === 'signed-in') {
    const url = new URL(request.url);
    if (state.headers.has('Set-Cookie') && HANDSHAKE_PARAMS.some((name) => url.searchParams.has(name))) {
      // Back from Clerk's handshake: keep the renewed cookies, drop the handshake from the URL.
      for (const name of HANDSHAKE_PARAMS) url.searchParams.delete(name);
      const headers = new Headers(state.headers);
      headers.set('Location', `${url.pathname}${url.search}`);
      headers.set('Cache-Control', 'no-store');
      throw new Response(null, { status: 303, headers });
    }
    return sessionFromClaims(state.toAuth().sessionClaims, false);
  }
  if (isSubmission(request)) {
    const recent = await recentlyExpiredSession(request);
    if (recent) return recent;
    // The post cannot be trusted, and a redirect to Clerk would lose its body: send the person back
    // to the page, whose GET renews the sign-in through the handshake, and say what happened.
    if (state.status === 'handshake') throw await redirectWithFlash(pageOf(request), { kind: 'info', message: RESUBMIT_MESSAGE });
    return null;
  }
  // 303, not Clerk's 307: a document POST whose page then renders must not be re-posted to Clerk.
  if (state.status === 'handshake') throw new Response(null, { status: 303, headers: state.headers });
  return null;
}

function isSubmission(request: Request) {
  return request.method !== 'GET' && request.method !== 'HEAD';
}

/** Where a form was posted from (our own pages only), else the URL it was posted to. */
function pageOf(request: Request): string {
  const url = new URL(request.url);
  const referer = request.headers.get('Referer');
  if (referer && URL.canParse(referer)) {
    const from = new URL(referer);
    if (from.origin === publicOrigin(request) || from.origin === url.origin) return `${from.pathname}${from.search}`;
  }
  return `${url.pathname}${url.search}`;
}

/**
 * A form post whose session token expired at most SUBMISSION_GRACE_MS ago: the signature proves
 * Clerk issued it to this browser, and the client cookie shows the browser is still signed in with
 * a session no older than the token (Clerk's own rule for a token issued before a sign-out).
 */
async function recentlyExpiredSession(request: Request): Promise<ClerkSession | null> {
  const cookies = parseCookies(request.headers.get('Cookie'));
  const options = { ...clerkAuthOptions(request), clockSkewInMs: SUBMISSION_GRACE_MS };
  const { verifyToken } = (await clerkServerSdk()).api;
  for (const [name, token] of cookies) {
    if (name !== '__session' && !name.startsWith('__session_')) continue;
    const clientUat = Number(cookies.get(`__client_uat${name.slice('__session'.length)}`) ?? 0);
    if (!clientUat) continue;
    const claims = await verifyToken(token, options).catch(() => null);
    if (claims && claims.iat >= clientUat) return sessionFromClaims(claims, true);
  }
  return null;
}

function sessionFromClaims(claims: { sub: string; [claim: string]: unknown }, expired: boolean): ClerkSession {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  return { clerkUserId: claims.sub, sessionId: text(claims.sid), name: text(claims.name), email: text(claims.email)?.toLowerCase() ?? null, expired };
}

function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header?.split(';') ?? []) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    try {
      if (!cookies.has(name)) cookies.set(name, decodeURIComponent(value));
    } catch {
      // A cookie that is not URI-encoded is not one of Clerk's.
    }
  }
  return cookies;
}

/**
 * Signs the browser out: the session ends at Clerk (best effort: its token dies within a minute
 * anyway) and the session cookies go; the next page's handshake then finds the client signed out.
 */
export async function signOutOfClerk(request: Request): Promise<string[]> {
  const session = await clerkSession(request).catch(() => null);
  if (session?.sessionId) {
    try {
      await (await clerkClient()).sessions.revokeSession(session.sessionId);
    } catch (error) {
      logger().error({ err: error, clerkSessionId: session.sessionId }, 'could not end the session at Clerk');
    }
  }
  const names = [...parseCookies(request.headers.get('Cookie')).keys()].filter((name) => name === '__session' || name.startsWith('__session_'));
  return names.map((name) => `${name}=; Max-Age=0; Path=/; SameSite=Lax`);
}

/** A Clerk user's name and primary email, fresh from the Backend API; null once deleted there. */
export async function fetchClerkProfile(clerkId: string): Promise<ClerkProfile | null> {
  try {
    return profileOf(await (await clerkClient()).users.getUser(clerkId));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * The profile of a session's user, for their first request: from the session token's custom claims
 * (`name`, `email`) when the dashboard adds them, else from the Backend API. Null once deleted at
 * Clerk; a 503 page when Clerk cannot be reached.
 */
export async function profileForSession(session: ClerkSession): Promise<ClerkProfile | null> {
  if (session.name) return { clerkId: session.clerkUserId, name: displayName(session.name, session.email), email: session.email };
  try {
    return await fetchClerkProfile(session.clerkUserId);
  } catch (error) {
    logger().error({ err: error, clerkId: session.clerkUserId }, "could not read the user from Clerk's Backend API");
    throw new Response('Your account could not be set up: the sign-in service cannot be reached right now. Please try again in a moment.', { status: 503 });
  }
}

/** Deletes the user at Clerk; Clerk then sends user.deleted. An unknown user counts as deleted. */
export async function deleteClerkUser(clerkId: string): Promise<void> {
  try {
    await (await clerkClient()).users.deleteUser(clerkId);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

function profileOf(user: ClerkUser): ClerkProfile {
  const email = user.primaryEmailAddress?.emailAddress ?? user.emailAddresses[0]?.emailAddress ?? null;
  const name = user.fullName ?? ([user.firstName, user.lastName].filter(Boolean).join(' ') || user.username);
  return { clerkId: user.id, name: displayName(name, email), email: email?.toLowerCase() ?? null };
}

/** A person always has a name (at most 100 characters); Clerk may have none. */
function displayName(name: string | null, email: string | null): string {
  const chosen = name?.trim() || email?.split('@')[0] || 'Clerk user';
  return chosen.slice(0, 100);
}

function isNotFound(error: unknown) {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 404;
}
