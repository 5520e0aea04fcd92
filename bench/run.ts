// `npm run bench`: builds for production, starts an embedded PostgreSQL in a temporary folder,
// seeds a realistic catalog, starts the built web server and worker (separate processes, as in
// production) and the bare baseline, then measures with a load generator in its own process:
// catalog pages at 1, 8 and 32 connections against both servers, checkouts end to end, the race
// for the last units, and the peak memory of web and worker. Prints one table and writes it as
// JSON and Markdown under bench/results/.
//
// BENCH_SMOKE=1 runs the same steps at tiny sizes in seconds (npm test runs it, see smoke.test.ts)
// and writes into BENCH_RESULTS_DIR (default bench/tmp/). BENCH_SKIP_BUILD=1 uses the build as it is.
// For work on one part: BENCH_ONLY=catalog|checkout|contention|open-loop|compressed runs only that
// part (the last two are parts of the catalog) and prints its log lines (no table, nothing written), and
// BENCH_NODE_OPTIONS goes to the web and worker processes (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`);
// BENCH_WEB_FLAGS are added to the web processes' command line (V8 flags NODE_OPTIONS refuses).
// BENCH_PROCESSES=2 and BENCH_PGBOUNCER=session|transaction run other topologies (bench/modes.ts).
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { creationFeeCents } from '~/utils/fees.ts';
import { startEmbeddedPostgres } from '../server/embedded-postgres.ts';
import { testPaymentsWebhookSecret } from '../server/local-secrets.ts';
import { migrate } from '../server/migrate.ts';
import { projectRoot } from '../server/project-root.ts';
import { runCheckouts, runContention, type Buyer, type CheckoutRun, type ContentionRun } from './checkout.ts';
import { BROWSER_ACCEPT_ENCODING, type CompressedRow } from './compressed.ts';
import { runOpenLoop, type OpenLoopRow } from './latency.ts';
import type { LoadRun, LoadSummary, OpenLoopRun } from './load-types.ts';
import { processName, topologyFromEnv, topologySuffix } from './modes.ts';
import { checkEditSeenAtOnce, type PageCacheCheck } from './page-cache.ts';
import { singleFetchPath } from '../server/single-fetch.ts';
import { pgbouncerInstalled, startPgBouncer } from './pgbouncer.ts';
import { NODE_FLAGS, PROCESS_ENV } from '../server/node-flags.ts';
import { builtServer, cpuMs, postgresCpuMs, startNode, tsxArgs, type Child } from './processes.ts';
import { measurePageWeight, type PageWeight } from './page-weight.ts';
import { evaluateTargets, markdown, textTable, type BenchResult, type CatalogRow, type MeasuredRun } from './report.ts';
import { expectLedgerConsistent, seedCatalog, type SeededCatalog } from './seed.ts';

const smoke = process.env.BENCH_SMOKE === '1';
type Part = 'catalog' | 'checkout' | 'contention' | 'open-loop' | 'compressed';
const only = process.env.BENCH_ONLY as Part | undefined;
if (only && !['catalog', 'checkout', 'contention', 'open-loop', 'compressed'].includes(only))
  throw new Error('BENCH_ONLY must be catalog, checkout, contention, open-loop or compressed');
/** The open loop and the compressed pages are parts of the catalog (so is the warm-up before them), and can be run alone. */
const runs = (part: Part) => !only || only === part || ((part === 'open-loop' || part === 'compressed') && only === 'catalog');
const topology = topologyFromEnv();
/** Flags to try on the web processes, after the production ones (a later V8 flag wins). */
const webFlagsToTry = () => process.env.BENCH_WEB_FLAGS?.split(' ').filter(Boolean) ?? [];

// The smoke mode's runs are counted in answers, not seconds: on a loaded machine a second may end
// before the first answer.
const SMOKE_REQUESTS_PER_RUN = 20;
const CONFIG = smoke
  ? {
      sizes: { users: 40, products: 200, orders: 60 },
      connections: [4],
      durationSeconds: 1,
      warmupSeconds: 0,
      serverWarmupSeconds: 0,
      checkoutBuyers: 10,
      checkoutConcurrency: 4,
      contentionBuyers: 20,
      contentionUnits: 5,
      economySeconds: 3,
      openLoopSeconds: 1,
    }
  : {
      sizes: { users: 1_000, products: 10_000, orders: 5_000 },
      connections: [1, 8, 32],
      durationSeconds: 5,
      warmupSeconds: 2,
      serverWarmupSeconds: 15,
      checkoutBuyers: 600,
      checkoutConcurrency: 16,
      contentionBuyers: 500,
      contentionUnits: 50,
      economySeconds: 10,
      openLoopSeconds: 10,
    };

const root = projectRoot();
const cleanups: (() => Promise<void> | void)[] = [];
// Each line with the seconds since the start, to tell what else went on during a run: a pool's
// connections, opened in its first second of load, all end DATABASE_CONNECTION_LIFETIME_SECONDS later.
const startedAt = performance.now();
const log = (message: string) => console.log(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${message}`);

async function main() {
  if (topology.pgbouncer && !pgbouncerInstalled()) {
    log('skipped: BENCH_PGBOUNCER needs PgBouncer (/usr/sbin/pgbouncer; on Debian: apt-get install -y pgbouncer)');
    return;
  }
  const loadAverageAtStart = os.loadavg();
  const commit = gitCommit();
  if (!smoke && process.env.BENCH_SKIP_BUILD !== '1') {
    log('building for production');
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  }
  if (!existsSync(builtServer('index'))) throw new Error('build/server/index.js is missing: run `npm run build` first');

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reen-bench-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  log(`starting PostgreSQL in ${dataDir}`);
  const database = await startEmbeddedPostgres(dataDir, { port: 0 });
  cleanups.push(() => database.stop());
  await migrate(database.url);

  log(`seeding ${CONFIG.sizes.products} products, ${CONFIG.sizes.users} users, ${CONFIG.sizes.orders} orders`);
  const seedClient = new pg.Client({ connectionString: database.url });
  await seedClient.connect();
  const seeded = await seedCatalog(seedClient, CONFIG.sizes);
  await seedClient.end();
  const db = new pg.Pool({ connectionString: database.url, max: 8 });
  // An idle connection ended by the server (at shutdown) must not crash the run.
  db.on('error', () => {});
  cleanups.push(() => db.end());

  // The same secrets as the server's: sessions are minted here, webhooks signed here. A secret the
  // caller already set (e.g. the test run's) is kept, since this process may have read it already.
  process.env.SESSION_SECRET ??= randomBytes(32).toString('base64url');
  // Sessions are rows of the bench's database, minted through the app's own code.
  process.env.DATABASE_URL = database.url;
  cleanups.push(async () => (await import('~/utils/db.server.ts')).disconnectDb());
  // The shop's history spans more than a year: its daily rollups, as the scheduled job leaves them.
  log('computing the economy rollups of the seeded history');
  const { refreshEconomyRollups } = await import('~/models/economy/rollups.server.ts');
  const { days: rollupDays } = await refreshEconomyRollups();
  log(`economy rollups: ${rollupDays} days`);
  const webhookSecret = testPaymentsWebhookSecret(dataDir, process.env.SESSION_SECRET);
  let appDatabaseUrl = database.url;
  if (topology.pgbouncer) {
    const bouncer = await startPgBouncer(database.url, dataDir, topology.pgbouncer);
    cleanups.push(() => bouncer.stop());
    appDatabaseUrl = bouncer.url;
    log(`PgBouncer (${topology.pgbouncer} mode) in front of PostgreSQL: the app's processes and the baseline connect through it`);
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: appDatabaseUrl,
    // Migrations take a session-long advisory lock: straight to PostgreSQL, as docs/deploy.md says.
    MIGRATE_DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    SESSION_SECRET: process.env.SESSION_SECRET,
    SEED_DEMO_DATA: '0',
    HOST: '127.0.0.1',
    PORT: '0',
    // The load comes from one address, as it would through a proxy: with the default (socket), the
    // cap of 50 connections per client address would refuse the contention run's 500 buyers.
    CLIENT_IP_SOURCE: 'proxies:1',
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
  };

  log(`starting ${topology.webProcesses} web server(s), ${topology.workerProcesses} worker(s) and the bare baseline`);
  // One after the other: each runs the migrations at start-up, and a loaded machine starts them slowly.
  const webs: Child[] = [];
  const origins: string[] = [];
  for (let index = 0; index < topology.webProcesses; index++) {
    const name = processName('web', index, topology.webProcesses);
    const web = await started(
      // Started as production starts them, with its Node flags and environment.
      startNode(
        name,
        [...NODE_FLAGS.web, ...webFlagsToTry(), builtServer('index')],
        { ...env, ...PROCESS_ENV, RUN_WORKER: '0' },
        /REEN is ready at http:\/\/localhost:(\d+)/,
      ),
    );
    webs.push(web);
    origins.push(`http://127.0.0.1:${web.match[1]}`);
  }
  const workers: Child[] = [];
  for (let index = 0; index < topology.workerProcesses; index++) {
    workers.push(
      await started(
        startNode(
          processName('worker', index, topology.workerProcesses),
          [...NODE_FLAGS.worker, builtServer('worker')],
          { ...env, ...PROCESS_ENV },
          /REEN worker is running/,
        ),
      ),
    );
  }
  const baseline = await started(startNode('baseline', tsxArgs('bench/baseline-server.ts'), env, /baseline ready at (\S+)/));
  const ours: Servers = { origins, processes: webs };
  const bare: Servers = { origins: [baseline.match[1]!], processes: [baseline] };
  const load = await startLoadGenerator();
  const clusterDir = path.join(dataDir, 'postgres');
  const cpuOf = (children: Child[]) => children.reduce((sum, child) => sum + cpuMs(child.process.pid), 0);
  const cpuNow = () => ({ web: cpuOf(webs), worker: cpuOf(workers), postgres: postgresCpuMs(clusterDir) });
  /** One closed-loop run of a page, and the CPU its server's processes and PostgreSQL spent per answered request. */
  const measure = async (servers: Servers, pagePath: string, connections: number, headers: Record<string, string>): Promise<MeasuredRun> => {
    const cpu = () => ({ node: cpuOf(servers.processes), postgres: postgresCpuMs(clusterDir) });
    const before = cpu();
    const summary = await load.run({
      urls: servers.origins.map((origin) => `${origin}${pagePath}`),
      connections,
      durationSeconds: CONFIG.durationSeconds,
      headers,
    });
    const after = cpu();
    const perRequest = (part: 'node' | 'postgres') => Math.round(((after[part] - before[part]) / Math.max(summary.requests, 1)) * 100) / 100;
    return { ...summary, cpuMsPerRequest: { node: perRequest('node'), postgres: perRequest('postgres') } };
  };
  /** Serves `pagePaths` from every web process of `servers` for `seconds`, at least two connections a page. */
  const warmUp = async (servers: Servers, pagePaths: string[], headers: Record<string, string>, seconds = CONFIG.warmupSeconds) => {
    if (seconds <= 0) return;
    const urls = pagePaths.flatMap((pagePath) => servers.origins.map((origin) => `${origin}${pagePath}`));
    await load.run({ urls, connections: Math.max(8, 2 * urls.length), durationSeconds: seconds, headers });
  };

  const viewer = await shopperWithHistory(db, seeded);
  const headers = { Cookie: await sessionCookie(viewer) };
  const productId = seeded.productIds[Math.floor(seeded.productIds.length / 3)]!;
  const pages = [
    { page: 'products, first page', path: '/products' },
    { page: 'products, search', path: '/products?q=robot' },
    { page: 'products, by price', path: '/products?sort=price' },
    { page: 'products, page 50', path: '/products?page=50' },
    { page: 'product page', path: `/products/${productId}` },
    { page: 'users, ADMIN only', path: '/users?role=ADMIN' },
  ];
  for (const { path: pagePath } of pages) {
    for (const servers of [ours, bare])
      await expectAnswer(servers, pagePath, headers, (_, body) => body.includes(pagePath === '/users?role=ADMIN' ? 'Users' : 'REEN'));
  }

  // A process just started is not in its steady state yet (V8 keeps optimising hot code for tens of
  // seconds, the heap grows to its working size): each server serves every page for a while before
  // anything is measured, so that the cost is not charged to whichever page comes first.
  if (runs('open-loop') || runs('compressed')) {
    for (const servers of [ours, bare])
      await warmUp(
        servers,
        pages.map((page) => page.path),
        headers,
        CONFIG.serverWarmupSeconds,
      );
  }

  const catalog: CatalogRow[] = [];
  for (const { page, path: pagePath } of runs('catalog') ? pages : []) {
    for (const servers of [ours, bare]) await warmUp(servers, [pagePath], headers);
    for (const connections of CONFIG.connections) {
      const oursSummary = await measure(ours, pagePath, connections, headers);
      const bareSummary = await measure(bare, pagePath, connections, headers);
      catalog.push({
        page,
        path: pagePath,
        connections,
        ours: oursSummary,
        baseline: bareSummary,
        ratio: oursSummary.requestsPerSecond / bareSummary.requestsPerSecond,
      });
      log(
        `${page} @${connections}: ${oursSummary.requestsPerSecond.toFixed(0)} req/s (p99 ${oursSummary.p99Ms} ms, Node CPU per request ${oursSummary.cpuMsPerRequest?.node} ms), bare ${bareSummary.requestsPerSecond.toFixed(0)} req/s`,
      );
    }
  }

  // /economy's latency, one request at a time, as everyone opens it (the last 30 days) over a year of rollups.
  let economy: MeasuredRun | undefined;
  if (runs('catalog')) {
    // One connection: on the first web process only.
    const economyUrl = `${origins[0]}/economy`;
    const first = await fetch(economyUrl, { headers, redirect: 'manual' });
    if (first.status !== 200 || !(await first.text()).includes('The books balance.'))
      throw new Error(`${economyUrl} answered ${first.status}, or the books do not balance`);
    if (CONFIG.warmupSeconds > 0) await load.run({ urls: [economyUrl], connections: 1, durationSeconds: CONFIG.warmupSeconds, headers });
    economy = await load.run({ urls: [economyUrl], connections: 1, durationSeconds: CONFIG.economySeconds, headers });
    log(`economy (/economy) @1: p50 ${economy.p50Ms} ms, p99 ${economy.p99Ms} ms, ${economy.requestsPerSecond.toFixed(0)} req/s`);
  }

  // The same pages signed out (the users list needs a sign-in), served from the page cache, at the
  // most connections only; beside the bare server's signed-in figure for the page.
  const signedOut: CatalogRow[] = [];
  const peak = Math.max(...CONFIG.connections);
  for (const { page, path: pagePath } of runs('catalog') ? pages.filter((each) => !each.path.startsWith('/users')) : []) {
    await warmUp(ours, [pagePath], {});
    const oursSummary = await measure(ours, pagePath, peak, {});
    const baselineRow = catalog.find((row) => row.path === pagePath && row.connections === peak)!;
    signedOut.push({
      page: `${page}, signed out`,
      path: pagePath,
      connections: peak,
      ours: oursSummary,
      baseline: baselineRow.baseline,
      ratio: oursSummary.requestsPerSecond / baselineRow.baseline.requestsPerSecond,
    });
    log(
      `${page}, signed out @${peak}: ${oursSummary.requestsPerSecond.toFixed(0)} req/s (p99 ${oursSummary.p99Ms} ms, CPU per request: Node ${oursSummary.cpuMsPerRequest!.node} ms, PostgreSQL ${oursSummary.cpuMsPerRequest!.postgres} ms), bare signed in ${baselineRow.baseline.requestsPerSecond.toFixed(0)} req/s`,
    );
  }
  // The products list as browsers ask for it, signed in and signed out: compressed, and plain.
  const compressed: CompressedRow[] = [];
  for (const signedIn of runs('compressed') ? [true, false] : []) {
    const pagePath = '/products';
    const plainHeaders: Record<string, string> = signedIn ? headers : {};
    const browserHeaders = { ...plainHeaders, 'Accept-Encoding': BROWSER_ACCEPT_ENCODING };
    await expectAnswer(ours, pagePath, browserHeaders, (response) => response.headers.get('content-encoding') === 'br');
    await warmUp(ours, [pagePath], browserHeaders);
    const uncompressed = await measure(ours, pagePath, peak, plainHeaders);
    const compressedRun = await measure(ours, pagePath, peak, browserHeaders);
    const page = `products, first page, ${signedIn ? 'signed in' : 'signed out'}`;
    compressed.push({ page, path: pagePath, connections: peak, compressed: compressedRun, uncompressed });
    log(
      `${page} @${peak} with Brotli: ${compressedRun.requestsPerSecond.toFixed(0)} req/s, Node CPU per request ${compressedRun.cpuMsPerRequest!.node} ms, ${compressedRun.bytesPerRequest} bytes; plain ${uncompressed.requestsPerSecond.toFixed(0)} req/s, ${uncompressed.cpuMsPerRequest!.node} ms, ${uncompressed.bytesPerRequest} bytes`,
    );
  }
  // The same pages as a JavaScript navigation asks for them (`<path>.data`: the loaders' data, no
  // HTML), signed in, at the most connections, beside the bare server's JSON of the same data.
  const dataRequests: CatalogRow[] = [];
  for (const { page, path: pagePath } of runs('catalog') ? pages : []) {
    const dataPath = singleFetchPath(pagePath);
    await expectAnswer(
      ours,
      dataPath,
      headers,
      (response, body) => Boolean(response.headers.get('content-type')?.startsWith('text/x-script')) && body.length > 0,
    );
    for (const servers of [ours, bare]) await warmUp(servers, [dataPath], headers);
    const oursSummary = await measure(ours, dataPath, peak, headers);
    const bareSummary = await measure(bare, dataPath, peak, headers);
    dataRequests.push({
      page: `${page}, data of a navigation`,
      path: dataPath,
      connections: peak,
      ours: oursSummary,
      baseline: bareSummary,
      ratio: oursSummary.requestsPerSecond / bareSummary.requestsPerSecond,
    });
    log(
      `${page}, data of a navigation @${peak}: ${oursSummary.requestsPerSecond.toFixed(0)} req/s (p99 ${oursSummary.p99Ms} ms, Node CPU per request ${oursSummary.cpuMsPerRequest!.node} ms), bare ${bareSummary.requestsPerSecond.toFixed(0)} req/s`,
    );
  }
  let pageCache: PageCacheCheck | undefined;
  if (runs('catalog')) {
    pageCache = await checkEditSeenAtOnce(origins, db, productId, sessionCookie);
    log(
      `page cache: product page served from the cache ${pageCache.servedFromCache ? 'yes' : 'NO'}; an edit seen at once signed out ${pageCache.editSeenAtOnce ? 'yes' : 'NO'}`,
    );
  }

  let openLoop: OpenLoopRow[] | undefined;
  if (runs('open-loop')) {
    openLoop = await runOpenLoop(
      (run) => load.run(run),
      { pages, origins, bareOrigin: bare.origins[0]!, headers, durationSeconds: CONFIG.openLoopSeconds },
      log,
    );
  }

  const pageWeight = runs('catalog') ? await logPageWeight(origins[0]!) : undefined;

  const context = { origins, db, webhookSecret };
  const shoppers = seeded.shopperIds.filter((id) => id !== viewer);
  let checkout: CheckoutRun | undefined;
  if (runs('checkout')) {
    log(`checkout: ${CONFIG.checkoutBuyers} buyers, ${CONFIG.checkoutConcurrency} at a time`);
    const checkoutBuyers = await buyersWithCarts(db, shoppers.slice(0, CONFIG.checkoutBuyers));
    const cpuBefore = cpuNow();
    checkout = await runCheckouts(context, checkoutBuyers, CONFIG.checkoutConcurrency);
    const cpuAfter = cpuNow();
    const perCheckout = (part: keyof typeof cpuAfter) => Math.round(((cpuAfter[part] - cpuBefore[part]) / Math.max(checkout!.completed, 1)) * 10) / 10;
    checkout.cpuMsPerCheckout = { web: perCheckout('web'), worker: perCheckout('worker'), postgres: perCheckout('postgres') };
    log(
      `checkout: ${checkout.completed} completed, ${checkout.checkoutsPerSecond.toFixed(1)}/s (${checkout.rolledBack} rolled back, ${checkout.failedRequests} failed), queue drained after ${checkout.drainedSeconds.toFixed(2)} s`,
    );
    log(
      `checkout: CPU per completed checkout: web ${checkout.cpuMsPerCheckout.web} ms, worker ${checkout.cpuMsPerCheckout.worker} ms, PostgreSQL ${checkout.cpuMsPerCheckout.postgres} ms`,
    );
  }

  let contention: ContentionRun | undefined;
  if (runs('contention')) {
    log(`contention: ${CONFIG.contentionBuyers} buyers for ${CONFIG.contentionUnits} units`);
    const scarce = await scarceProduct(db, seeded.sellerIds[0]!, CONFIG.contentionUnits);
    const racers = await buyersOf(db, shoppers.slice(0, CONFIG.contentionBuyers), scarce);
    contention = await runContention(context, racers, scarce, CONFIG.contentionUnits);
    log(
      `contention: ${contention.sold} sold, settled in ${contention.settledSeconds.toFixed(2)} s (${contention.rolledBack} rolled back, ${contention.busyAnswers} busy)`,
    );
  }

  const ledgerConsistentAfterRun = await expectLedgerConsistent(db).then(
    () => true,
    () => false,
  );
  const memory = peakMemory(webs, workers);
  if (only || !checkout || !contention || !economy || !pageCache || !openLoop || !pageWeight) {
    log(
      `ledger consistent: ${ledgerConsistentAfterRun ? 'yes' : 'NO'}; peak RSS ${memory.processes.map((each) => `${each.name} ${each.peakRssMiB} MiB`).join(', ')}`,
    );
    return;
  }

  const partial: Omit<BenchResult, 'targets'> = {
    mode: smoke ? 'smoke' : 'full',
    topology,
    date: new Date().toISOString(),
    commit,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      node: process.version,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg(),
      totalMemoryMiB: Math.round(os.totalmem() / 2 ** 20),
    },
    sizes: CONFIG.sizes,
    settings: {
      durationSeconds: CONFIG.durationSeconds,
      serverWarmupSeconds: CONFIG.serverWarmupSeconds,
      connections: CONFIG.connections,
      checkoutBuyers: CONFIG.checkoutBuyers,
      checkoutConcurrency: CONFIG.checkoutConcurrency,
      contentionBuyers: CONFIG.contentionBuyers,
      contentionUnits: CONFIG.contentionUnits,
    },
    catalog,
    economy,
    signedOut,
    dataRequests,
    compressed,
    openLoop,
    pageCache,
    checkout,
    contention,
    memory,
    pageWeight,
    ledgerConsistentAfterRun,
  };
  const result: BenchResult = { ...partial, targets: evaluateTargets(partial) };
  const resultsDir = process.env.BENCH_RESULTS_DIR ?? path.join(root, smoke ? 'bench/tmp' : 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const base = path.join(resultsDir, `${result.date.slice(0, 10)}-${commit}${topologySuffix(topology)}${smoke ? '-smoke' : ''}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdown(result));
  console.log(`\n${textTable(result)}\n`);
  log(`written: ${path.relative(root, `${base}.json`)} and .md`);
}

/** Processes serving the same pages: the load is spread over their origins, their CPU added up. */
type Servers = { origins: string[]; processes: Child[] };

/** Fails the run unless every process of `servers` answers `path` with a 200 that `looksRight`, printing the end of its log. */
async function expectAnswer(servers: Servers, path: string, headers: Record<string, string>, looksRight: (response: Response, body: string) => boolean) {
  for (const [index, origin] of servers.origins.entries()) {
    const response = await fetch(`${origin}${path}`, { headers, redirect: 'manual' });
    const body = await response.text();
    if (response.status !== 200 || !looksRight(response, body)) {
      // The server logs the error after answering.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      throw new Error(
        `${origin}${path} answered ${response.status} (${response.headers.get('content-type')}); the end of its log:\n${servers.processes[index]!.output().slice(-3_000)}`,
      );
    }
  }
}

/** Peak RSS of each process, and the largest of each kind. */
function peakMemory(webs: Child[], workers: Child[]): BenchResult['memory'] {
  const processes = [...webs, ...workers].map((child) => ({ name: child.name, peakRssMiB: child.peakRssMiB() }));
  const largest = (children: Child[]) => {
    const known = children.map((child) => child.peakRssMiB()).filter((mib) => mib !== null);
    return known.length > 0 ? Math.max(...known) : null;
  };
  return { webPeakRssMiB: largest(webs), workerPeakRssMiB: largest(workers), processes };
}

/** The gzipped JavaScript and CSS a signed-out visitor's browser downloads for /products. */
async function logPageWeight(origin: string): Promise<PageWeight> {
  const weight = await measurePageWeight(origin, '/products', path.join(root, 'public'));
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
  log(
    `page weight ${weight.path}: JavaScript ${kb(weight.jsGzipBytes)} gzipped in ${weight.js.length} files, CSS ${kb(weight.cssGzipBytes)}; ` +
      `as sent with Brotli ${kb(weight.jsBrotliBytes)} and ${kb(weight.cssBrotliBytes)}`,
  );
  for (const asset of [...weight.js, ...weight.css].sort((a, b) => b.gzipBytes - a.gzipBytes).slice(0, 5)) log(`  ${asset.url}: ${kb(asset.gzipBytes)}`);
  return weight;
}

/** Stops a started process at the end of the run, whatever happens. */
async function started<T extends Child>(starting: Promise<T>): Promise<T> {
  const child = await starting;
  cleanups.push(() => child.stop());
  return child;
}

async function startLoadGenerator() {
  const child: ChildProcess = fork(path.join(root, 'bench/load-generator.ts'), { execArgv: ['--import', 'tsx'], cwd: root, stdio: 'inherit' });
  cleanups.push(() => {
    child.kill();
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load generator exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as Record<string, unknown>);
      });
    });
  await next();
  return {
    run: async (run: LoadRun | OpenLoopRun): Promise<LoadSummary> => {
      const answer = next();
      child.send(smoke ? { ...run, requests: SMOKE_REQUESTS_PER_RUN } : run);
      const message = await answer;
      if (!message.ok) throw new Error(`load run failed: ${String(message.error)}`);
      return message.summary as LoadSummary;
    },
  };
}

async function sessionCookie(userId: string): Promise<string> {
  const { commitUserSession } = await import('~/models/session.server.ts');
  return (await commitUserSession(userId)).split(';')[0]!;
}

/** The catalog's viewer: a shopper with two lines in the cart (and the orders the seed gave them). */
async function shopperWithHistory(db: pg.Pool, seeded: SeededCatalog): Promise<string> {
  const viewer = seeded.shopperIds.at(-1)!;
  await fillCarts(db, [viewer], 2);
  return viewer;
}

/** Buyers with one or two products in their cart, spread over the catalog as real carts are. */
async function buyersWithCarts(db: pg.Pool, ids: string[]): Promise<Buyer[]> {
  await fillCarts(db, ids);
  return Promise.all(ids.map(async (id) => ({ id, cookie: await sessionCookie(id) })));
}

async function fillCarts(db: pg.Pool, userIds: string[], lines?: number) {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM "Product" WHERE stock >= 10');
  const pick = () => rows[Math.floor(Math.random() * rows.length)]!.id;
  const items = userIds.flatMap((userId) => {
    const productIds = new Set<string>();
    for (const wanted = lines ?? 1 + Math.floor(Math.random() * 2); productIds.size < wanted;) productIds.add(pick());
    return [...productIds].map((productId) => ({ userId, productId, quantity: 1 + Math.floor(Math.random() * 2) }));
  });
  await db.query(
    `INSERT INTO "CartItem" (id, "userId", "productId", quantity, "updatedAt")
     SELECT gen_random_uuid(), u, p, q, now() FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS t(u, p, q)`,
    [items.map((item) => item.userId), items.map((item) => item.productId), items.map((item) => item.quantity)],
  );
}

/** A product with only `units` left, listed (and its fee paid) as the app would. */
async function scarceProduct(db: pg.Pool, sellerId: string, units: number): Promise<string> {
  const id = randomUUID();
  const priceCents = 49_99;
  const fee = creationFeeCents(priceCents, units);
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO "Product" (id, name, description, "priceCents", stock, "imageIds", "ownerId", "updatedAt")
       VALUES ($1, 'Last Few Golden Tickets', 'Only a few left: everyone wants one.', $2, $3, ARRAY[gen_random_uuid()], $4, now())`,
      [id, priceCents, units, sellerId],
    );
    await client.query(
      `INSERT INTO "LedgerEntry" (id, kind, "amountCents", "fromUserId", "toUserId", "productId") VALUES (gen_random_uuid(), 'LISTING_FEE', $1, $2, '00000000-0000-4000-8000-000000000001', $3)`,
      [fee, sellerId, id],
    );
    await client.query(`UPDATE "User" SET "balanceCents" = "balanceCents" - $1, "amountSpentCents" = "amountSpentCents" + $1 WHERE id = $2`, [fee, sellerId]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return id;
}

/** Buyers with exactly one unit of `productId` in their cart. */
async function buyersOf(db: pg.Pool, ids: string[], productId: string): Promise<Buyer[]> {
  await db.query('DELETE FROM "CartItem" WHERE "userId" = ANY($1::uuid[])', [ids]);
  await db.query(
    `INSERT INTO "CartItem" (id, "userId", "productId", quantity, "updatedAt") SELECT gen_random_uuid(), id, $2, 1, now() FROM unnest($1::uuid[]) AS u(id)`,
    [ids, productId],
  );
  return Promise.all(ids.map(async (id) => ({ id, cookie: await sessionCookie(id) })));
}

function gitCommit(): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${hash}-dirty` : hash;
  } catch {
    return 'unknown';
  }
}

try {
  await main();
} catch (error) {
  console.error('[bench] failed:', error);
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('[bench] cleanup:', error);
    }
  }
}
