// The open-loop rows of the report (bench/latency.ts): a table of their own and one target.
import { OPEN_LOOP_P99_TARGET_MS, OPEN_LOOP_RATES, type OpenLoopRow } from './latency.ts';
import { alignedText, markdownTable, type Target } from './tables.ts';

const HIGHEST_RATE = Math.max(...OPEN_LOOP_RATES);

const met = (row: OpenLoopRow) => row.ours.p99Ms < OPEN_LOOP_P99_TARGET_MS && row.ours.errors + row.ours.non2xx === 0;

export function openLoopTarget(rows: OpenLoopRow[]): Target {
  const atHighest = rows.filter((row) => row.ratePerSecond === HIGHEST_RATE);
  const worst = atHighest.reduce<OpenLoopRow | undefined>((slowest, row) => (!slowest || !(row.ours.p99Ms <= slowest.ours.p99Ms) ? row : slowest), undefined);
  const errors = atHighest.reduce((sum, row) => sum + row.ours.errors + row.ours.non2xx, 0);
  return {
    name: `open-loop p99 at ${HIGHEST_RATE} req/s, every page, 0 errors`,
    target: `< ${OPEN_LOOP_P99_TARGET_MS} ms, 0 errors`,
    measured: worst ? `worst ${worst.ours.p99Ms} ms (${worst.page}), ${errors} errors` : 'not measured',
    met: atHighest.length > 0 && atHighest.every(met),
  };
}

const HEADER = [
  'Page (open loop, signed in)',
  'Rate req/s',
  'Answered req/s',
  'p50 ms',
  'p99 ms',
  'Errors',
  'Full GCs',
  'Bare p50 ms',
  'Bare p99 ms',
  'Target',
  'Met',
];

function cells(rows: OpenLoopRow[]): string[][] {
  return rows.map((row) => [
    `${row.page} (${row.path})`,
    String(row.ratePerSecond),
    row.ours.requestsPerSecond.toFixed(0),
    row.ours.p50Ms.toFixed(1),
    row.ours.p99Ms.toFixed(1),
    String(row.ours.errors + row.ours.non2xx),
    row.fullCollections === undefined ? '' : String(row.fullCollections),
    row.baseline.p50Ms.toFixed(1),
    row.baseline.p99Ms.toFixed(1),
    row.ratePerSecond === HIGHEST_RATE ? `p99 < ${OPEN_LOOP_P99_TARGET_MS} ms, 0 errors` : '',
    row.ratePerSecond === HIGHEST_RATE ? (met(row) ? 'met' : 'not met') : '',
  ]);
}

export function openLoopText(rows: OpenLoopRow[]): string {
  return alignedText([HEADER, ...cells(rows)], (column) => column === 0 || column >= 9);
}

export function openLoopMarkdown(rows: OpenLoopRow[]): string {
  if (rows.length === 0) return '';
  const table = markdownTable([HEADER, ...cells(rows)]);
  return `## Latency at fixed rates (open loop)

Requests leave on a fixed schedule whatever the answers; each latency counts from when the request was due, so queueing shows. The bare server gets the same schedule right after ours, for comparison. "Full GCs" counts our web processes' full garbage collections during the run: the slowest answers come in runs around them.

${table}

`;
}
