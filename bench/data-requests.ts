// A JavaScript navigation does not ask for the page's HTML: Remix's single fetch asks for
// `<path>.data` (`/_root.data` for `/`), the loaders' data alone, with the query string kept. The
// bench asks for what a browser would, and the bare server answers the same URL with its page
// data as JSON (it reads such a URL with the server's own `pageOfDataPath`).

/** The URL path a client-side navigation to `pagePath` fetches. */
export function singleFetchPath(pagePath: string): string {
  const url = new URL(pagePath, 'http://bench');
  url.pathname = url.pathname === '/' ? '/_root.data' : `${url.pathname.replace(/\/$/, '')}.data`;
  return `${url.pathname}${url.search}`;
}
