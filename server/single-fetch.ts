// Remix's single fetch: a JavaScript navigation or revalidation asks for a page's data at
// `<path>.data` (the home page's at `/_root.data`), with the page's query string, not for its HTML.

/** The path and query a client-side navigation to `pagePath` fetches (the bench asks for it as a browser would). */
export function singleFetchPath(pagePath: string): string {
  const url = new URL(pagePath, 'http://reen.invalid');
  url.pathname = url.pathname === '/' ? '/_root.data' : `${url.pathname.replace(/\/$/, '')}.data`;
  return `${url.pathname}${url.search}`;
}

/** The page whose data `pathname` asks for, or null when it is not a data request. */
export function pageOfDataPath(pathname: string): string | null {
  if (!pathname.endsWith('.data')) return null;
  const page = pathname.slice(0, -'.data'.length);
  return page === '/_root' ? '/' : page;
}
