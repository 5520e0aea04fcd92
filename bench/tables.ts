// The two ways the bench prints a table: aligned plain text for the terminal, and Markdown for the
// committed results; and a row of its Targets table.

/** A figure with `digits` decimals and thousands separated, as every table shows them ('n/a' if not a number). */
export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
}

/** One target of the Targets table: what is wanted, what was measured, and whether it was met. */
export type Target = { name: string; target: string; measured: string; met: boolean };

/** Columns padded to their widest cell; the columns `leftAligned` names read from the left, the rest (figures) from the right. */
export function alignedText(rows: string[][], leftAligned: (column: number) => boolean): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (leftAligned(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The first row as the header; a `|` inside a cell is escaped. */
export function markdownTable(rows: string[][]): string {
  const [header, ...body] = rows;
  return [header!, header!.map(() => '---'), ...body].map((row) => `| ${row.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`).join('\n');
}
