// A table's rows sent as markup the server rendered before, when their data reads the same
// (docs/decisions/027-table-rows-rendered-once.md). The browser hydrates them as React's own.
import { createContext, useContext, type HTMLAttributes, type ReactNode } from 'react';

/** Markup kept on the server for a part of a page, by the data it shows. */
export type MarkupKeeper = {
  /**
   * The markup `render` gave for `part` with this `data`, if kept; otherwise nothing, and the
   * keeper may render it later, outside the page's render, for the next request.
   */
  markupOf(part: string, data: unknown, render: () => ReactNode): string | undefined;
};

/** Given on the server only: in the browser every part renders as usual. */
export const MarkupKeeperContext = createContext<MarkupKeeper | null>(null);

type KeptTableBodyProps = Omit<HTMLAttributes<HTMLTableSectionElement>, 'children' | 'dangerouslySetInnerHTML'> & {
  /** Names the rows' component: two tables with the same data must not share markup. */
  part: string;
  /** Everything the rows show: they must be a pure function of it (no hooks, no context). */
  data: unknown;
  rows: () => ReactNode;
};

/** A `<tbody>` whose rows the server renders once per `data` and then sends as kept markup. */
export function KeptTableBody({ part, data, rows, ...props }: KeptTableBodyProps) {
  const keeper = useContext(MarkupKeeperContext);
  const markup = keeper?.markupOf(part, data, rows);
  if (markup === undefined) return <tbody {...props}>{rows()}</tbody>;
  return <tbody {...props} dangerouslySetInnerHTML={{ __html: markup }} />;
}
