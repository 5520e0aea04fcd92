// The demo sign-in's session cookie: signed, httpOnly, carrying only a random session token whose
// hash is a row of UserSession (app/models/user-session.server.ts). Its name is not Clerk's
// `__session`, so switching a deployment to Clerk never feeds Clerk a foreign cookie.
import { createCookie } from '@remix-run/node';
import { createUserSession, endAllSessionsOf, endUserSession, findUserBySessionToken, SESSION_ABSOLUTE_MS } from './user-session.server.ts';
import type { SessionUser } from './user.server.ts';
import { cookiesAreSecure, env } from '~/utils/env.server.ts';
import { LruMap } from '~/utils/lru-map.ts';
import { appendResponseCookie } from '~/utils/request-scope.server.ts';

let cookie: ReturnType<typeof createCookie> | undefined;

function sessionCookie() {
  cookie ??= createCookie('reen_session', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: SESSION_ABSOLUTE_MS / 1000,
    secure: cookiesAreSecure(),
    secrets: [sessionSecret()],
  });
  return cookie;
}

function sessionSecret() {
  const secret = env().SESSION_SECRET;
  if (!secret) throw new Error('SESSION_SECRET is not set');
  return secret;
}

/**
 * Tokens read from Cookie headers found validly signed, by header (characters of headers and
 * tokens): reading a header is a pure function of it and the secret, so a browser's next requests,
 * which send the same header, skip the signature's check (an HMAC) and the cookie's decoding.
 * Whether the session still stands is asked of the database every time.
 */
const tokensByCookieHeader = new LruMap<string>(2_000_000);

/** The token of the request's session cookie, when it carries a validly signed one. */
async function sessionToken(request: Request): Promise<string | null> {
  const header = request.headers.get('Cookie');
  if (!header?.includes('reen_session=')) return null;
  const known = tokensByCookieHeader.get(header);
  if (known !== undefined) return known;
  // A cookie signed with another secret, or of the older `{ userId }` kind, reads as no token.
  const value: unknown = await sessionCookie().parse(header);
  if (typeof value !== 'string' || !/^[\w-]{43}$/.test(value)) return null;
  tokensByCookieHeader.set(header, value, header.length + value.length);
  return value;
}

/**
 * The person the request's session cookie signs in, or null. A cookie whose session was ended,
 * expired, or belongs to a deleted account is cleared on the way out: the browser stops sending it.
 */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const header = request.headers.get('Cookie');
  if (!header?.includes('reen_session=')) return null;
  const token = await sessionToken(request);
  const user = token ? await findUserBySessionToken(token) : null;
  if (!user) appendResponseCookie(await clearedCookie());
  return user;
}

/** Starts a session for `userId`; the Set-Cookie value that signs the browser in. `firstOfAccount`: see createUserSession. */
export async function commitUserSession(userId: string, options: { firstOfAccount?: boolean } = {}): Promise<string> {
  return sessionCookie().serialize(await createUserSession(userId, options));
}

/** Ends the request's session (this browser's only); the Set-Cookie value that signs out. */
export async function destroyUserSession(request: Request): Promise<string> {
  const token = await sessionToken(request);
  if (token) await endUserSession(token);
  return clearedCookie();
}

/** Ends every session of the request's person, on every device; the Set-Cookie value that signs this browser out. */
export async function destroyAllUserSessions(request: Request): Promise<string> {
  const token = await sessionToken(request);
  if (token) await endAllSessionsOf(token);
  return clearedCookie();
}

function clearedCookie() {
  return sessionCookie().serialize('', { maxAge: 0, expires: new Date(0) });
}
