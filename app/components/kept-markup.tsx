// A table's rows sent as markup the server rendered before, when their data reads the same
// (docs/decisions/027-table-rows-rendered-once.md). The browser hydrates them as React's own.
import { Fragment, useContext, type HTMLAttributes, type ReactNode } from 'react';
import { NoResultsRow } from './list-controls.tsx';
import { MarkupKeeperContext } from './markup-keeper-context.ts';

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
