// Who is asking. Routes call only these three; behind them is either Clerk (Clerk mode: its keys
// are set) or the local demo sign-in (a session stored in PostgreSQL, named by a signed cookie).
import { redirect } from '@remix-run/node';
import { findOrCreateClerkUser, type SessionUser } from './user.server.ts';
import { clerkSession, profileForSession } from '~/utils/clerk.server.ts';
import { isClerkMode } from '~/utils/env.server.ts';
import { oncePerRequest, requestMemo } from '~/utils/request-scope.server.ts';
import { getSessionUser } from './session.server.ts';

export async function getUser(request: Request): Promise<SessionUser | null> {
  if (isClerkMode()) return clerkUser(request);
  return oncePerRequest(sessionUsers, () => getSessionUser(request));
}

// The root loader and the page's loader both ask: one query per request. An action that changes
// the user redirects (every form does), so the pages after it are read by a request of their own.
const sessionUsers = requestMemo<Promise<SessionUser | null>>('session user');

// The root and the page loaders of one request ask at the same time: the first one may create the
// user (asking Clerk's Backend API for the profile), the others wait for it, then read the row.
const firstLookups = requestMemo<Promise<SessionUser | null>>('first Clerk user lookup');

/**
 * The person behind the request's Clerk session, created here on their first request (from the
 * session token's claims when configured, else from Clerk's Backend API): no webhook needed.
 */
async function clerkUser(request: Request): Promise<SessionUser | null> {
  const session = await clerkSession(request);
  if (!session) return null;
  const lookup = () => findOrCreateClerkUser(session.clerkUserId, session.sessionId, () => profileForSession(session));
  let isFirst = false;
  const first = oncePerRequest(firstLookups, () => {
    isFirst = true;
    return lookup();
  });
  if (isFirst) return first;
  await first.catch(() => null);
  return lookup();
}

/** The signed-in user; otherwise a redirect to the sign-in page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  throw redirect(`/sign-in?${params}`);
}

/** The signed-in ADMIN; otherwise 403 with a page that says why. */
export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== 'ADMIN') {
    throw new Response('Only ADMINs can do this. Become an ADMIN from your profile first.', { status: 403 });
  }
  return user;
}

// Every route imports the sanitiser from here; it lives in its own module (see there).
export { safeRedirectPath } from '~/utils/safe-redirect.server.ts';
