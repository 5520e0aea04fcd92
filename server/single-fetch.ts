// Remix's single fetch: a JavaScript navigation or revalidation asks for a page's data at
// `<path>.data` (the home page's at `/_root.data`), not for its HTML.

/** The page whose data `pathname` asks for, or null when it is not a data request. */
export function pageOfDataPath(pathname: string): string | null {
  if (!pathname.endsWith('.data')) return null;
  const page = pathname.slice(0, -'.data'.length);
  return page === '/_root' ? '/' : page;
}
