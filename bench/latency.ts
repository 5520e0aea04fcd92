// Latency as people feel it: each catalog page at fixed rates (open loop, bench/open-loop.ts),
// signed in as the closed-loop runs are, its p50 and p99 beside the throughput figures. The bare
// server gets the same schedule right after ours: a delay it shows too is not our rendering's (the
// machine, PostgreSQL, connections opened on the way).
import type { LoadSummary, OpenLoopRun } from './load-types.ts';

export const OPEN_LOOP_RATES = [50, 100] as const;
/** At the highest rate, every page's p99 stays under this. */
export const OPEN_LOOP_P99_TARGET_MS = 20;

export type OpenLoopRow = {
  page: string;
  path: string;
  ratePerSecond: number;
  ours: LoadSummary;
  baseline: LoadSummary;
  /** Full (mark-compact) collections in our web processes during our run; undefined when their metrics could not be read. */
  fullCollections?: number;
};

type Page = { page: string; path: string };

export async function runOpenLoop(
  fire: (run: OpenLoopRun) => Promise<LoadSummary>,
  {
    pages,
    origins,
    bareOrigin,
    headers,
    durationSeconds,
  }: { pages: Page[]; origins: string[]; bareOrigin: string; headers: Record<string, string>; durationSeconds: number },
  log: (message: string) => void,
): Promise<OpenLoopRow[]> {
  const rows: OpenLoopRow[] = [];
  for (const { page, path } of pages) {
    for (const ratePerSecond of OPEN_LOOP_RATES) {
      const collectionsBefore = await fullCollections(origins);
      const ours = await fire({ urls: origins.map((origin) => `${origin}${path}`), ratePerSecond, durationSeconds, headers });
      const collectionsAfter = await fullCollections(origins);
      const baseline = await fire({ urls: [`${bareOrigin}${path}`], ratePerSecond, durationSeconds, headers });
      const collections = collectionsBefore === undefined || collectionsAfter === undefined ? undefined : collectionsAfter - collectionsBefore;
      rows.push({ page, path, ratePerSecond, ours, baseline, fullCollections: collections });
      log(
        `${page} at ${ratePerSecond} req/s (open loop): p50 ${ours.p50Ms} ms, p99 ${ours.p99Ms} ms, ${ours.errors + ours.non2xx} errors, ${collections ?? '?'} full collections; bare p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms`,
      );
    }
  }
  return rows;
}

/**
 * Full garbage collections the web processes have done so far, from their metrics (prom-client's
 * `nodejs_gc_duration_seconds`, kind "major"): the open loop's slowest answers come in runs around
 * them (bench/README.md, "Session 40: where the open loop's slowest answers come from").
 */
async function fullCollections(origins: string[]): Promise<number | undefined> {
  let sum = 0;
  for (const origin of origins) {
    const response = await fetch(`${origin}/metrics`).catch(() => undefined);
    const text = response?.ok ? await response.text() : '';
    if (!text.includes('# TYPE nodejs_gc_duration_seconds histogram')) return undefined;
    // The count's line appears with the process's first full collection.
    sum += Number(text.match(/^nodejs_gc_duration_seconds_count\{kind="major"\} (\d+)$/m)?.[1] ?? 0);
  }
  return sum;
}
