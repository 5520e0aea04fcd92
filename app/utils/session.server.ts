// The signed, httpOnly session cookie of the demo sign-in, carrying the signed-in user's id. Its name
// is not Clerk's `__session`, so switching a deployment to Clerk never feeds Clerk a foreign cookie.
import { createCookieSessionStorage } from '@remix-run/node';
import { cookiesAreSecure, env } from './env.server.ts';

const USER_ID_KEY = 'userId';

type SessionData = { userId: string };

let storage: ReturnType<typeof createCookieSessionStorage<SessionData>> | undefined;

function sessionStorage() {
  storage ??= createCookieSessionStorage<SessionData>({
    cookie: {
      name: 'reen_session',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: 60 * 60 * 24 * 30,
      secure: cookiesAreSecure(),
      secrets: [sessionSecret()],
    },
  });
  return storage;
}

function sessionSecret() {
  // The server entry provides one (generated into the data folder) when the environment has none.
  const secret = env().SESSION_SECRET ?? process.env.SESSION_SECRET;
  if (!secret) throw new Error('SESSION_SECRET is not set');
  return secret;
}

export async function getSessionUserId(request: Request): Promise<string | null> {
  const session = await sessionStorage().getSession(request.headers.get('Cookie'));
  const userId = session.get(USER_ID_KEY);
  return typeof userId === 'string' ? userId : null;
}

/** Set-Cookie value that signs the user in. */
export async function commitUserSession(request: Request, userId: string) {
  const session = await sessionStorage().getSession(request.headers.get('Cookie'));
  session.set(USER_ID_KEY, userId);
  return sessionStorage().commitSession(session);
}

/** Set-Cookie value that signs out. */
export async function destroyUserSession(request: Request) {
  const session = await sessionStorage().getSession(request.headers.get('Cookie'));
  return sessionStorage().destroySession(session);
}
