// A page's content sent as markup the server cut from a page it rendered before for the same data
// and URL (docs/decisions/028-page-content-kept-from-the-page.md). The browser hydrates it as React's own.
import { useLoaderData, useLocation } from '@remix-run/react';
import { useContext, type HTMLAttributes, type ReactNode } from 'react';
import { MarkupKeeperContext } from './markup-keeper-context.ts';

/** Marks a kept part's element, on the server and in the browser alike. */
export const KEPT_PART_ATTRIBUTE = 'data-kept-part';

type KeptPartProps = Omit<HTMLAttributes<HTMLElement>, 'children' | 'dangerouslySetInnerHTML'> & {
  /** The element around the content; one per page for each part. */
  as: 'article' | 'section' | 'div';
  /** Names the route's content (lower-case letters and dashes). */
  part: string;
  /** The content: it must show the route's loader data and the URL only (no root data, no cookie, no clock). */
  children: ReactNode;
};

/**
 * A route's content that the server sends as the markup it rendered for the same loader data and
 * URL before, both read here: the key is everything the content may show. Unlike table rows it may
 * use the router's hooks (links, forms, fetchers): the server keeps it by cutting it from a page it
 * rendered in full, so it is never rendered apart.
 */
export function KeptPart({ as: Element, part, children, ...props }: KeptPartProps) {
  const keeper = useContext(MarkupKeeperContext);
  const data = useLoaderData();
  const { pathname, search } = useLocation();
  const markup = keeper?.partOf(part, { data, pathname, search });
  const marked = { [KEPT_PART_ATTRIBUTE]: part, ...props };
  if (markup === undefined) return <Element {...marked}>{children}</Element>;
  return <Element {...marked} dangerouslySetInnerHTML={{ __html: markup }} />;
}
