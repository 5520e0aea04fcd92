// Latency as people feel it: each catalog page at fixed rates (open loop, bench/open-loop.ts),
// signed in as the closed-loop runs are, its p50 and p99 beside the throughput figures. The bare
// server gets the same schedule right after ours: a delay it shows too is not our rendering's (the
// machine, PostgreSQL, connections opened on the way).
import type { LoadSummary, OpenLoopRun } from './load-types.ts';

export const OPEN_LOOP_RATES = [50, 100] as const;
/** At the highest rate, every page's p99 stays under this. */
export const OPEN_LOOP_P99_TARGET_MS = 20;

export type OpenLoopRow = { page: string; path: string; ratePerSecond: number; ours: LoadSummary; baseline: LoadSummary };

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
      const ours = await fire({ urls: origins.map((origin) => `${origin}${path}`), ratePerSecond, durationSeconds, headers });
      const baseline = await fire({ urls: [`${bareOrigin}${path}`], ratePerSecond, durationSeconds, headers });
      rows.push({ page, path, ratePerSecond, ours, baseline });
      log(
        `${page} at ${ratePerSecond} req/s (open loop): p50 ${ours.p50Ms} ms, p99 ${ours.p99Ms} ms, ${ours.errors + ours.non2xx} errors; bare p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms`,
      );
    }
  }
  return rows;
}
