// Parts of a page sent as markup the server rendered before, when their data reads the same: a
// table's rows (docs/decisions/027-table-rows-rendered-once.md) and a page's content
// (docs/decisions/028-page-content-kept-from-the-page.md). The browser hydrates them as React's own.
import { useLocation } from '@remix-run/react';
import { createContext, Fragment, useContext, type HTMLAttributes, type ReactNode } from 'react';
import { NoResultsRow } from './list-controls.tsx';

/** Markup kept on the server for a part of a page, by the data it shows. */
export type MarkupKeeper = {
  /**
   * The markup `render` gave for `part` with this `data`, if kept; otherwise nothing, and the
   * keeper may render it later, outside the page's render, for the next request.
   */
  markupOf(part: string, data: unknown, render: () => ReactNode): string | undefined;
  /**
   * The markup kept for a page's content `part` with this `data`, if any; otherwise nothing, and
   * the keeper may cut it from this page once rendered, for the next request.
   */
  partOf(part: string, data: unknown): string | undefined;
};

/** Given on the server only: in the browser every part renders as usual. */
export const MarkupKeeperContext = createContext<MarkupKeeper | null>(null);

type KeptTableBodyProps<Row extends { id: string }> = Omit<HTMLAttributes<HTMLTableSectionElement>, 'children' | 'dangerouslySetInnerHTML'> & {
  /** Names the rows' component: two tables with the same rows must not share markup. */
  part: string;
  /** Everything the rows show: `renderRow` must be a pure function of its row (no hooks, no context). */
  rows: Row[];
  renderRow: (row: Row) => ReactNode;
  /** The table's columns, for the "No results." row an empty list shows. */
  columns: number;
};

/** A list table's `<tbody>`, whose rows the server renders once per their data and then sends as kept markup. */
export function KeptTableBody<Row extends { id: string }>({ part, rows, renderRow, columns, ...props }: KeptTableBodyProps<Row>) {
  const keeper = useContext(MarkupKeeperContext);
  const render = () => (rows.length === 0 ? <NoResultsRow columns={columns} /> : rows.map((row) => <Fragment key={row.id}>{renderRow(row)}</Fragment>));
  const markup = keeper?.markupOf(part, rows, render);
  if (markup === undefined) return <tbody {...props}>{render()}</tbody>;
  return <tbody {...props} dangerouslySetInnerHTML={{ __html: markup }} />;
}

/** Marks a kept part's element, on the server and in the browser alike. */
export const KEPT_PART_ATTRIBUTE = 'data-kept-part';

type KeptPartProps = Omit<HTMLAttributes<HTMLElement>, 'children' | 'dangerouslySetInnerHTML'> & {
  /** The element around the content; one per page for each part. */
  as: 'article' | 'section' | 'div';
  /** Names the content (lower-case letters and dashes): one route's content, or one component's. */
  part: string;
  /**
   * Everything the content shows but the URL (which is added): usually the route's loader data.
   * The content must read nothing else: no root data, no cookie, no clock.
   */
  data: unknown;
  children: ReactNode;
};

/**
 * A page's content that the server sends as the markup it rendered for the same data and URL
 * before. Unlike table rows it may use the router's hooks (links, forms, fetchers): the server
 * keeps it by cutting it from a page it rendered in full, so it is never rendered apart.
 */
export function KeptPart({ as: Element, part, data, children, ...props }: KeptPartProps) {
  const keeper = useContext(MarkupKeeperContext);
  const { pathname, search } = useLocation();
  const markup = keeper?.partOf(part, { data, pathname, search });
  const marked = { [KEPT_PART_ATTRIBUTE]: part, ...props };
  if (markup === undefined) return <Element {...marked}>{children}</Element>;
  return <Element {...marked} dangerouslySetInnerHTML={{ __html: markup }} />;
}
