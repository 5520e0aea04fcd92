import type { AnchorHTMLAttributes } from 'react';

type PlainLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & {
  /** A path from the root ("/products/1?tab=2"): an href, which the browser resolves against the page's address, not the route's. */
  to: string;
  /** Keep the scroll position, as Remix's `preventScrollReset` does (a range switch that only redraws a chart). */
  preventScrollReset?: boolean;
};

/**
 * A link to one of our pages: a bare `<a href>`, which the router follows on a click once the page
 * has hydrated (RouterLinks, rendered once in the root layout) and the browser before that or
 * without JavaScript. We use it instead of Remix's `<Link>`, which runs about a dozen hooks per link
 * on the server to resolve its path and set up prefetching: a catalog page has fifty-five links
 * at ten rows, over two hundred at fifty, and they were a fifth of its render (bench/README.md,
 * "Links without hooks").
 */
export function PlainLink({ to, preventScrollReset, children, ...props }: PlainLinkProps) {
  return (
    <a href={to} data-router-link={preventScrollReset ? 'keep-scroll' : ''} {...props}>
      {children}
    </a>
  );
}
