// Pages for a signed-in person hold their name, balance and orders: no cache may keep them, or Back
// after signing out shows them again from the browser's cache. Signed in means the request carries
// a sign-in cookie (the demo's session, Clerk's session token): known before any loader runs, the
// same for documents and data requests, and a cookie left over only costs a cache miss.
const SIGN_IN_COOKIE = /(?:^|;\s*)(?:reen_session|__session(?:_[\w-]+)?)=[^;\s]/;

export const PRIVATE_CACHE_CONTROL = 'private, no-store';

export function carriesSignIn(request: Request): boolean {
  return SIGN_IN_COOKIE.test(request.headers.get('Cookie') ?? '');
}

/** Marks the answer to a signed-in person's page or data request as not to be stored anywhere. */
export function keepPrivatePagesOutOfCaches(request: Request, headers: Headers): void {
  if (carriesSignIn(request)) headers.set('Cache-Control', PRIVATE_CACHE_CONTROL);
}
