// The benchmark's one table: printed, and written as JSON and Markdown, each target marked met or
// not met by comparing the measured figure with it.
import type { ContentionRun, CheckoutRun } from './checkout.ts';
import { compressedMarkdown, type CompressedRow } from './compressed.ts';
import type { OpenLoopRow } from './latency.ts';
import type { LoadSummary } from './load-types.ts';
import { topologyLine, type Topology } from './modes.ts';
import type { PageCacheCheck } from './page-cache.ts';
import { openLoopMarkdown, openLoopTarget, openLoopText } from './report-latency.ts';
import { alignedText, fixed, markdownTable, type Target } from './tables.ts';
import type { PageWeight } from './page-weight.ts';

const TARGETS = {
  p99Ms: 50,
  checkoutsPerSecond: 100,
  contentionSeconds: 10,
  stretchRatio: 0.5,
  /** Signed-in catalog pages against the bare server, every page (issue 26). */
  signedInRatio: 0.4,
  /** Node CPU per signed-in catalog page (issue 26). */
  signedInNodeCpuMs: 2,
  /** The data of a JavaScript navigation against the bare server's JSON (issue 26). */
  dataRatio: 0.6,
  /** CPU per completed checkout, web, worker and PostgreSQL added up (issue 26). */
  checkoutCpuMs: 15,
  economyP50Ms: 30,
  /** Signed-out pages come from the page cache, without rendering (issue 26). */
  signedOutRatio: 1.5,
  /** Peak resident memory of the web process over the whole run (issue 26). */
  webPeakRssMiB: 256,
} as const;

/** A load run and the CPU time its server and PostgreSQL spent per answered request. */
export type MeasuredRun = LoadSummary & { cpuMsPerRequest?: { node: number; postgres: number } };
export type CatalogRow = { page: string; path: string; connections: number; ours: MeasuredRun; baseline: MeasuredRun; ratio: number };

export type BenchResult = {
  mode: 'full' | 'smoke';
  topology: Topology;
  date: string;
  commit: string;
  machine: { cpus: number; cpuModel: string; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[]; totalMemoryMiB: number };
  sizes: { users: number; products: number; orders: number };
  settings: {
    durationSeconds: number;
    /** Seconds each server served every catalog page before the first measure (absent in older results). */
    serverWarmupSeconds?: number;
    connections: number[];
    checkoutBuyers: number;
    checkoutConcurrency: number;
    contentionBuyers: number;
    contentionUnits: number;
  };
  catalog: CatalogRow[];
  /** /economy (its default 30 days) over a year of rollups, one connection. */
  economy: MeasuredRun;
  /** The catalog pages signed out, at the most connections, beside the bare server's signed-in figure. */
  signedOut: CatalogRow[];
  /** The catalog pages' data as a JavaScript navigation asks for it (`.data`), signed in, at the most connections. */
  dataRequests: CatalogRow[];
  /** The products list as browsers ask for it (Brotli), signed in and out, beside the same uncompressed. */
  compressed: CompressedRow[];
  /** The catalog pages at fixed rates, signed in. */
  openLoop: OpenLoopRow[];
  pageCache: PageCacheCheck;
  checkout: CheckoutRun;
  contention: ContentionRun;
  /** The largest web and worker process, and each process. */
  memory: { webPeakRssMiB: number | null; workerPeakRssMiB: number | null; processes: { name: string; peakRssMiB: number | null }[] };
  /** What a signed-out visitor's browser downloads for /products, gzipped, read from the build. */
  pageWeight: PageWeight;
  ledgerConsistentAfterRun: boolean;
  targets: Target[];
};

export function evaluateTargets(result: Omit<BenchResult, 'targets'>): Target[] {
  const peak = Math.max(...result.settings.connections);
  const atPeak = result.catalog.filter((row) => row.connections === peak);
  const slowest = atPeak.reduce((worst, row) => (row.ours.p99Ms > worst.ours.p99Ms ? row : worst), atPeak[0]!);
  // The bare server's own worst p99 beside ours: what this machine allows at that many connections.
  const bareSlowest = atPeak.reduce((worst, row) => (row.baseline.p99Ms > worst.baseline.p99Ms ? row : worst), atPeak[0]!);
  const errors = atPeak.reduce((sum, row) => sum + row.ours.errors + row.ours.non2xx, 0);
  const lowest = lowestRatio(atPeak)!;
  const dearest = atPeak.reduce((worst, row) => (nodeCpuMs(row) > nodeCpuMs(worst) ? row : worst), atPeak[0]!);
  const lowestSignedOut = lowestRatio(result.signedOut);
  const lowestData = lowestRatio(result.dataRequests);
  const dataErrors = result.dataRequests.reduce((sum, row) => sum + row.ours.errors + row.ours.non2xx, 0);
  const checkoutCpu = checkoutCpuMs(result.checkout);
  return [
    {
      name: `catalog p99 at ${peak} connections, every page, 0 errors`,
      target: `< ${TARGETS.p99Ms} ms, 0 errors`,
      measured: `worst ${fixed(slowest.ours.p99Ms, 1)} ms (${slowest.page}), ${errors} errors; the bare server's worst ${fixed(bareSlowest.baseline.p99Ms, 1)} ms (${bareSlowest.page})`,
      met: slowest.ours.p99Ms < TARGETS.p99Ms && errors === 0,
    },
    {
      name: 'checkouts completed end to end, and their CPU (web + worker + PostgreSQL)',
      target: `>= ${TARGETS.checkoutsPerSecond}/s, <= ${TARGETS.checkoutCpuMs} ms per checkout`,
      measured: `${fixed(result.checkout.checkoutsPerSecond, 1)}/s, ${checkoutCpu === null ? 'CPU not measured' : `${fixed(checkoutCpu, 1)} ms`}`,
      met:
        result.checkout.checkoutsPerSecond >= TARGETS.checkoutsPerSecond &&
        result.checkout.failedRequests === 0 &&
        checkoutCpu !== null &&
        checkoutCpu <= TARGETS.checkoutCpuMs,
    },
    {
      name: `contention: ${result.contention.buyers} buyers for ${result.contention.units} units`,
      target: `exactly ${result.contention.units} sold, settled < ${TARGETS.contentionSeconds} s`,
      measured: `${result.contention.sold} sold in ${fixed(result.contention.settledSeconds, 2)} s`,
      met: result.contention.soldExactly && result.contention.settledSeconds < TARGETS.contentionSeconds,
    },
    {
      name: 'economy page p50, 1 connection',
      target: `< ${TARGETS.economyP50Ms} ms, 0 errors`,
      measured: `${fixed(result.economy.p50Ms, 1)} ms, ${result.economy.errors + result.economy.non2xx} errors`,
      met: result.economy.p50Ms < TARGETS.economyP50Ms && result.economy.errors + result.economy.non2xx === 0,
    },
    {
      name: `signed-in catalog throughput vs bare baseline at ${peak} connections, every page`,
      target: `>= ${TARGETS.signedInRatio}x`,
      measured: `lowest ${fixed(lowest.ratio, 2)}x (${lowest.page})`,
      met: lowest.ratio >= TARGETS.signedInRatio,
    },
    {
      name: `Node CPU per signed-in catalog page at ${peak} connections, every page`,
      target: `<= ${fixed(TARGETS.signedInNodeCpuMs, 1)} ms`,
      measured: Number.isFinite(nodeCpuMs(dearest)) ? `highest ${fixed(nodeCpuMs(dearest), 2)} ms (${dearest.page})` : 'not measured',
      met: nodeCpuMs(dearest) <= TARGETS.signedInNodeCpuMs,
    },
    {
      name: `data of JavaScript navigations vs bare baseline at ${peak} connections, every page, 0 errors`,
      target: `>= ${TARGETS.dataRatio}x, 0 errors`,
      measured: lowestData ? `lowest ${fixed(lowestData.ratio, 2)}x (${lowestData.page}), ${dataErrors} errors` : 'not measured',
      met: lowestData !== undefined && lowestData.ratio >= TARGETS.dataRatio && dataErrors === 0,
    },
    {
      name: `signed-out catalog throughput vs bare baseline at ${peak} connections, every page, edits seen at once`,
      target: `>= ${TARGETS.signedOutRatio}x`,
      measured: lowestSignedOut
        ? `lowest ${fixed(lowestSignedOut.ratio, 2)}x (${lowestSignedOut.page}); edit seen at once: ${result.pageCache.editSeenAtOnce ? 'yes' : 'NO'}`
        : 'not measured',
      met: lowestSignedOut !== undefined && lowestSignedOut.ratio >= TARGETS.signedOutRatio && result.pageCache.editSeenAtOnce,
    },
    {
      name: 'web process peak RSS over the run',
      target: `<= ${TARGETS.webPeakRssMiB} MiB`,
      measured: result.memory.webPeakRssMiB === null ? 'not measured' : `${result.memory.webPeakRssMiB} MiB`,
      met: result.memory.webPeakRssMiB !== null && result.memory.webPeakRssMiB <= TARGETS.webPeakRssMiB,
    },
    {
      name: `stretch: catalog throughput vs bare baseline at ${peak} connections, every page`,
      target: `>= ${TARGETS.stretchRatio}x`,
      measured: `lowest ${fixed(lowest.ratio, 2)}x (${lowest.page})`,
      met: lowest.ratio >= TARGETS.stretchRatio,
    },
    openLoopTarget(result.openLoop),
    pageWeightTarget(result.pageWeight),
  ];
}

function lowestRatio(rows: CatalogRow[]): CatalogRow | undefined {
  return rows.reduce<CatalogRow | undefined>((worst, row) => (!worst || row.ratio < worst.ratio ? row : worst), undefined);
}

/** Our server's Node CPU per answered request (infinite when it was not measured: never a target met). */
function nodeCpuMs(row: CatalogRow): number {
  return row.ours.cpuMsPerRequest?.node ?? Number.POSITIVE_INFINITY;
}

function checkoutCpuMs(checkout: CheckoutRun): number | null {
  const cpu = checkout.cpuMsPerCheckout;
  return cpu ? cpu.web + cpu.worker + cpu.postgres : null;
}

/** The JavaScript a visitor downloads for the catalog, gzipped (1 KB = 1,000 bytes). */
const PAGE_WEIGHT_JS_KB = 120;

function pageWeightTarget(weight: PageWeight): Target {
  return {
    name: `JavaScript a visitor downloads for ${weight.path}, gzipped`,
    target: `<= ${PAGE_WEIGHT_JS_KB} KB`,
    measured: `${kb(weight.jsGzipBytes)} in ${weight.js.length} files (CSS ${kb(weight.cssGzipBytes)})`,
    met: weight.jsGzipBytes <= PAGE_WEIGHT_JS_KB * 1000,
  };
}

function pageWeightRows(weight: PageWeight): Cell[][] {
  const met = weight.jsGzipBytes <= PAGE_WEIGHT_JS_KB * 1000 ? 'met' : 'not met';
  return [
    [
      `JavaScript a visitor downloads for ${weight.path} (gzipped, ${weight.js.length} files)`,
      '',
      kb(weight.jsGzipBytes),
      '',
      '',
      '',
      '',
      '',
      `<= ${PAGE_WEIGHT_JS_KB} KB`,
      met,
    ],
    [`CSS a visitor downloads for ${weight.path} (gzipped, ${weight.css.length} files)`, '', kb(weight.cssGzipBytes), '', '', '', '', '', '', ''],
    [
      `JavaScript and CSS a visitor downloads for ${weight.path} with Brotli (compressed at build time)`,
      '',
      `${kb(weight.jsBrotliBytes)} and ${kb(weight.cssBrotliBytes)}`,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ],
  ];
}

function kb(bytes: number): string {
  return `${fixed(bytes / 1000, 1)} KB`;
}

type Cell = string | number;

/** A catalog row's measured cells: page, connections, ours (req/s, p50, p99, errors), bare req/s, ratio. */
function measuredCells(row: CatalogRow): Cell[] {
  return [
    `${row.page} (${row.path})`,
    row.connections,
    fixed(row.ours.requestsPerSecond, 0),
    fixed(row.ours.p50Ms, 1),
    fixed(row.ours.p99Ms, 1),
    row.ours.errors + row.ours.non2xx,
    fixed(row.baseline.requestsPerSecond, 0),
    `${fixed(row.ratio, 2)}x`,
  ];
}

function rows(result: BenchResult): Cell[][] {
  const peak = Math.max(...result.settings.connections);
  const metOf = (name: string) => (result.targets.find((target) => target.name.startsWith(name))?.met ? 'met' : 'not met');
  const metOrNot = (met: boolean) => (met ? 'met' : 'not met');
  const catalog = result.catalog.map((row) => {
    const p99Met = row.ours.p99Ms < TARGETS.p99Ms && row.ours.errors + row.ours.non2xx === 0;
    return [
      ...measuredCells(row),
      row.connections === peak
        ? `p99 < ${TARGETS.p99Ms} ms, 0 errors; ratio >= ${TARGETS.signedInRatio}x (${TARGETS.stretchRatio}x stretch); Node CPU <= ${TARGETS.signedInNodeCpuMs} ms`
        : '',
      row.connections === peak
        ? `${metOrNot(p99Met)}; ${metOrNot(row.ratio >= TARGETS.signedInRatio)} (stretch ${metOrNot(row.ratio >= TARGETS.stretchRatio)}); ${metOrNot(nodeCpuMs(row) <= TARGETS.signedInNodeCpuMs)}`
        : '',
    ];
  });
  const signedOut = result.signedOut.map((row) => [
    ...measuredCells(row),
    `ratio >= ${TARGETS.signedOutRatio}x`,
    metOrNot(row.ratio >= TARGETS.signedOutRatio),
  ]);
  const dataRequests = result.dataRequests.map((row) => [
    ...measuredCells(row),
    `ratio >= ${TARGETS.dataRatio}x, 0 errors`,
    metOrNot(row.ratio >= TARGETS.dataRatio && row.ours.errors + row.ours.non2xx === 0),
  ]);
  const { economy, checkout, contention, memory } = result;
  return [
    ...catalog,
    ...signedOut,
    ...dataRequests,
    [
      'page cache: a product edit seen at once by a signed-out visitor',
      '',
      result.pageCache.servedFromCache && result.pageCache.editSeenAtOnce
        ? 'yes (the page had come from the cache)'
        : `NO (from the cache: ${result.pageCache.servedFromCache ? 'yes' : 'no'}; edit seen: ${result.pageCache.editSeenAtOnce ? 'yes' : 'no'})`,
      '',
      '',
      '',
      '',
      '',
      'yes',
      result.pageCache.editSeenAtOnce ? 'met' : 'not met',
    ],
    [
      'economy (/economy, 30 days of a year of rollups)',
      1,
      fixed(economy.requestsPerSecond, 0),
      fixed(economy.p50Ms, 1),
      fixed(economy.p99Ms, 1),
      economy.errors + economy.non2xx,
      '',
      '',
      `p50 < ${TARGETS.economyP50Ms} ms`,
      metOf('economy page'),
    ],
    [
      `checkout end to end: ${checkout.buyers} buyers, start -> signed webhook -> job`,
      checkout.concurrency,
      `${fixed(checkout.checkoutsPerSecond, 1)} checkouts/s (${checkout.completed} completed in ${fixed(checkout.completedSeconds, 2)} s; ${checkout.rolledBack} transactions rolled back and retried)`,
      '',
      '',
      checkout.failedRequests,
      '',
      '',
      `>= ${TARGETS.checkoutsPerSecond}/s`,
      metOrNot(checkout.checkoutsPerSecond >= TARGETS.checkoutsPerSecond && checkout.failedRequests === 0),
    ],
    ['checkout queue drained (completions and their emails)', '', `${fixed(checkout.drainedSeconds, 2)} s`, '', '', '', '', '', '', ''],
    ...(checkout.cpuMsPerCheckout
      ? [
          [
            'CPU per completed checkout (web / worker / PostgreSQL)',
            '',
            `${checkout.cpuMsPerCheckout.web} / ${checkout.cpuMsPerCheckout.worker} / ${checkout.cpuMsPerCheckout.postgres} ms`,
            '',
            '',
            '',
            '',
            '',
            `<= ${TARGETS.checkoutCpuMs} ms in all`,
            metOrNot(checkoutCpuMs(checkout)! <= TARGETS.checkoutCpuMs),
          ],
        ]
      : []),
    [
      `contention: ${contention.buyers} buyers race for ${contention.units} units`,
      contention.buyers,
      `${contention.sold} sold, ${contention.stockLeft} left, settled in ${fixed(contention.settledSeconds, 2)} s (${contention.busyAnswers} "busy" answers, ${contention.rolledBack} transactions rolled back)`,
      '',
      '',
      '',
      '',
      '',
      `exactly ${contention.units} sold, < ${TARGETS.contentionSeconds} s`,
      metOf('contention'),
    ],
    ...memory.processes.map((each) => {
      const target = each.name.startsWith('web')
        ? [`<= ${TARGETS.webPeakRssMiB} MiB`, each.peakRssMiB !== null && each.peakRssMiB <= TARGETS.webPeakRssMiB ? 'met' : 'not met']
        : ['', ''];
      return [`peak RSS, ${each.name} process`, '', `${each.peakRssMiB ?? 'n/a'} MiB`, '', '', '', '', '', ...target];
    }),
    ...pageWeightRows(result.pageWeight),
  ];
}

const HEADER = ['Measure', 'Conns', 'Ours req/s', 'p50 ms', 'p99 ms', 'Errors', 'Bare req/s', 'Ratio', 'Target', 'Met'];

export function textTable(result: BenchResult): string {
  const all = [HEADER, ...rows(result)].map((row) => row.map(String));
  return [alignedText(all, (column) => column === 0 || column >= 8), '', openLoopText(result.openLoop)].join('\n');
}

export function markdown(result: BenchResult): string {
  const table = markdownTable([HEADER, ...rows(result)].map((row) => row.map(String)));
  const { machine } = result;
  return `# REEN benchmark, ${result.date.slice(0, 10)} (${result.commit})

- Mode: ${result.mode}; ${topologyLine(result.topology)}; ${result.sizes.products.toLocaleString('en-US')} products, ${result.sizes.users.toLocaleString('en-US')} users, ${result.sizes.orders.toLocaleString('en-US')} past orders.
- Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryMiB.toLocaleString('en-US')} MiB, Node ${machine.node}.
- Load average (1, 5, 15 min) at the start: ${machine.loadAverageAtStart.map((n) => n.toFixed(2)).join(', ')}; at the end: ${machine.loadAverageAtEnd.map((n) => n.toFixed(2)).join(', ')}. Above ${machine.cpus}, other work shared the CPUs and the figures are low.
- Each catalog figure: autocannon in its own process on loopback, ${result.settings.durationSeconds} s per run${result.settings.serverWarmupSeconds ? ` after each server had served every page for ${result.settings.serverWarmupSeconds} s` : ''}, signed in as a shopper, no compression asked for; the "signed out" rows ask without a cookie (served from the page cache) and show beside them the bare server's signed-in figure; the "data of a navigation" rows ask signed in for \`<path>.data\`, as a JavaScript navigation does (the loaders' data, no HTML), and the bare server answers the same page's data as JSON. "Bare" is a node:http + pg server doing the same SQL per request and answering equivalent HTML.
- Page sizes (uncompressed, average over the catalog runs): ours ${kib(result.catalog.map((row) => row.ours.bytesPerRequest))}, bare ${kib(result.catalog.map((row) => row.baseline.bytesPerRequest))}.
- Ledger consistent after the run: ${result.ledgerConsistentAfterRun ? 'yes' : 'NO'}.
- Checkouts that failed, by reason: ${
    Object.entries(result.checkout.failures)
      .map(([reason, n]) => `${n} × "${reason}"`)
      .join('; ') || 'none'
  }.

${table}

${cpuTable(result)}${compressedMarkdown(result.compressed)}${openLoopMarkdown(result.openLoop)}## Targets

${markdownTable([['Target', 'Wanted', 'Measured', 'Met'], ...result.targets.map((target) => [target.name, target.target, target.measured, target.met ? 'met' : 'not met'])])}
`;
}

function kib(sizes: number[]): string {
  return `${fixed(sizes.reduce((sum, size) => sum + size, 0) / sizes.length / 1024, 1)} KiB`;
}

/** Where the time goes: CPU per request of each server and of PostgreSQL, at the most connections. */
function cpuTable(result: BenchResult): string {
  const peak = Math.max(...result.settings.connections);
  const measured = result.catalog.filter((row) => row.connections === peak && row.ours.cpuMsPerRequest && row.baseline.cpuMsPerRequest);
  if (measured.length === 0) return '';
  const lines = measured.map(
    (row) =>
      `| ${row.page} | ${fixed(row.ours.cpuMsPerRequest!.node, 2)} | ${fixed(row.ours.cpuMsPerRequest!.postgres, 2)} | ${fixed(row.baseline.cpuMsPerRequest!.node, 2)} | ${fixed(row.baseline.cpuMsPerRequest!.postgres, 2)} |`,
  );
  return `## CPU per request at ${peak} connections (ms)

| Page | Ours: Node | Ours: PostgreSQL | Bare: Node | Bare: PostgreSQL |
| --- | --- | --- | --- | --- |
${lines.join('\n')}

`;
}
