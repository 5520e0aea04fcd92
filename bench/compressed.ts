// Pages as browsers ask for them. Every browser sends Accept-Encoding with Brotli, and the server
// compresses each page as it leaves (server/app.ts): work the other catalog runs, which ask for no
// encoding, leave out. The products list signed in and signed out (from the page cache), each with
// and without compression, one run after the other on the same server.
import type { LoadSummary } from './load-types.ts';
import { fixed, markdownTable } from './tables.ts';

type MeasuredRun = LoadSummary & { cpuMsPerRequest?: { node: number } };

/** What Chrome and Firefox send. */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

export type CompressedRow = {
  page: string;
  path: string;
  connections: number;
  /** Asked with BROWSER_ACCEPT_ENCODING: answered with Brotli. */
  compressed: MeasuredRun;
  /** The same page asked without Accept-Encoding, right before. */
  uncompressed: MeasuredRun;
};

export function compressedMarkdown(rows: CompressedRow[]): string {
  if (rows.length === 0) return '';
  const cells = rows.map((row) => [
    `${row.page} (${row.path})`,
    String(row.connections),
    fixed(row.compressed.requestsPerSecond, 0),
    fixed(row.compressed.p99Ms, 1),
    fixed(row.compressed.cpuMsPerRequest?.node ?? NaN, 2),
    fixed(row.compressed.bytesPerRequest, 0),
    fixed(row.uncompressed.requestsPerSecond, 0),
    fixed(row.uncompressed.cpuMsPerRequest?.node ?? NaN, 2),
    fixed(row.uncompressed.bytesPerRequest, 0),
  ]);
  const header = ['Page', 'Conns', 'Brotli: req/s', 'p99 ms', 'Node CPU ms', 'Bytes per answer', 'Plain: req/s', 'Node CPU ms', 'Bytes per answer'];
  return `## Pages as browsers ask for them

Browsers accept Brotli, and every page is compressed as it leaves: the other rows ask for no encoding and leave that work out. The Node CPU counts the compression, done in the same process; the bytes include the headers.

${markdownTable([header, ...cells])}

`;
}
