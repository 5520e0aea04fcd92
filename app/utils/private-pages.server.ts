// Pages for a signed-in person hold their name, balance and orders: no cache may keep them, or Back
// after signing out shows them again from the browser's cache. Signed in means the request carries
// a sign-in cookie (the demo's session, Clerk's session token): known before any loader runs, the
// same for documents and data requests, and a cookie left over only costs a cache miss.
const SIGN_IN_COOKIE = /(?:^|;\s*)(?:reen_session|__session(?:_[\w-]+)?)=[^;\s]/;

const PRIVATE_CACHE_CONTROL = 'private, no-store';

function carriesSignIn(request: Request): boolean {
  return SIGN_IN_COOKIE.test(request.headers.get('Cookie') ?? '');
}

/** Marks the answer to a signed-in person's page or data request as not to be stored anywhere. */
export function keepPrivatePagesOutOfCaches(request: Request, headers: Headers): void {
  if (carriesSignIn(request)) headers.set('Cache-Control', PRIVATE_CACHE_CONTROL);
}

// Pages that are someone's own (their profile, cart, checkouts, orders, sales, product forms), the
// sign-in pages and the development mailbox: no search engine should list them, whoever asks.
const UNINDEXED_PATHS = [
  /^\/(?:profile|cart|checkout|orders|sales|sign-in|sign-up|sign-out|dev|test-payments|theme)(?:[/.]|$)/,
  /^\/products\/(?:new|[^/]+\/(?:edit|delete))\/?$/,
];

function isUnindexedPage(url: URL): boolean {
  // Someone's own products (?mine=1) are listed publicly under ?seller=<id>.
  return UNINDEXED_PATHS.some((path) => path.test(url.pathname)) || (url.pathname === '/products' && url.searchParams.has('mine'));
}

/** Asks search engines not to index a private page (a header, so that it holds for the page whatever its markup). */
export function keepPrivatePagesOutOfSearch(request: Request, headers: Headers): void {
  if (isUnindexedPage(new URL(request.url))) headers.set('X-Robots-Tag', 'noindex, nofollow');
}
