// The benchmark's smoke mode, so that `npm run bench` never rots: the same script at tiny sizes
// (a few seconds of load), checked for correctness only. Speed is measured by `npm run bench`,
// never asserted in tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { projectRoot } from '../server/project-root.ts';
import { singleFetchPath } from '../server/single-fetch.ts';
import type { BenchResult } from './report.ts';

const resultsDirs: string[] = [];

afterAll(() => {
  for (const dir of resultsDirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the smoke bench in `mode` and reads the result it wrote. */
async function smokeResult(mode: Record<string, string> = {}): Promise<BenchResult> {
  const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'reen-bench-smoke-'));
  resultsDirs.push(resultsDir);
  const { code, output } = await runSmokeBench(resultsDir, mode);
  expect(code, output).toBe(0);
  const file = readdirSync(resultsDir).find((name) => name.endsWith('.json'));
  expect(file, output).toBeDefined();
  expect(readdirSync(resultsDir).some((name) => name.endsWith('.md'))).toBe(true);
  return JSON.parse(readFileSync(path.join(resultsDir, file!), 'utf8')) as BenchResult;
}

function runSmokeBench(resultsDir: string, mode: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  // Its own environment: the benchmark starts its own database and servers.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    BENCH_SMOKE: '1',
    BENCH_RESULTS_DIR: resultsDir,
    ...mode,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot(), 'bench/run.ts')], {
    cwd: projectRoot(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

function expectEveryScenarioRan(result: BenchResult) {
  expect(result.mode).toBe('smoke');
  expect(result.catalog.length).toBeGreaterThanOrEqual(6);
  for (const row of result.catalog) {
    for (const summary of [row.ours, row.baseline]) {
      expect(summary.requests, row.path).toBeGreaterThan(0);
      expect(summary.errors, row.path).toBe(0);
      expect(summary.non2xx, row.path).toBe(0);
    }
  }
  expect(result.signedOut.length).toBeGreaterThanOrEqual(5);
  for (const row of result.signedOut) {
    expect(row.ours.requests, row.path).toBeGreaterThan(0);
    expect(row.ours.errors + row.ours.non2xx, row.path).toBe(0);
  }
  // Every catalog page's data, as a JavaScript navigation asks for it, from both servers.
  expect(result.dataRequests.map((row) => row.path)).toEqual(result.catalog.map((row) => row.path).map((page) => singleFetchPath(page)));
  for (const row of result.dataRequests) {
    for (const summary of [row.ours, row.baseline]) {
      expect(summary.requests, row.path).toBeGreaterThan(0);
      expect(summary.errors + summary.non2xx, row.path).toBe(0);
    }
  }
  // A signed-out visitor sees a product edit at once, though the page came from the cache before.
  expect(result.pageCache).toEqual({ servedFromCache: true, editSeenAtOnce: true });
  expect(result.checkout.completed).toBeGreaterThan(0);
  expect(result.checkout.failedRequests).toBe(0);
  expect(result.contention.soldExactly).toBe(true);
  expect(result.ledgerConsistentAfterRun).toBe(true);
  expect(result.targets.map((target) => typeof target.met)).toEqual(Array(12).fill('boolean'));
  // Every file a visitor's browser loads for /products was found in the build and measured.
  expect(result.pageWeight.js.length).toBeGreaterThan(2);
  expect(result.pageWeight.jsGzipBytes).toBeGreaterThan(0);
  expect(result.pageWeight.css.length).toBeGreaterThan(0);
  expect(result.economy.requests).toBeGreaterThan(0);
  expect(result.economy.errors + result.economy.non2xx).toBe(0);
  // Every catalog page at both fixed rates, each request answered, by ours and by the bare server.
  expect(new Set(result.openLoop.map((row) => `${row.path} at ${row.ratePerSecond}`))).toEqual(
    new Set(result.catalog.flatMap((row) => [`${row.path} at 50`, `${row.path} at 100`])),
  );
  // The products list as browsers ask for it, signed in and out: answered, and smaller compressed.
  expect(result.compressed.map((row) => row.page)).toEqual(['products, first page, signed in', 'products, first page, signed out']);
  for (const row of result.compressed) {
    expect(row.compressed.errors + row.compressed.non2xx, row.page).toBe(0);
    expect(row.compressed.bytesPerRequest, row.page).toBeLessThan(row.uncompressed.bytesPerRequest / 2);
  }
  for (const row of result.openLoop) {
    // Read from every web process's metrics (a number, however small the run).
    expect(row.fullCollections, row.path).toBeGreaterThanOrEqual(0);
    for (const run of [row.ours, row.baseline]) {
      expect(run.requests, row.path).toBeGreaterThan(0);
      expect(run.errors + run.non2xx, row.path).toBe(0);
    }
  }
}

// The two-process mode runs the same code as the default one (one web process, one worker) with
// the counts at two, so it alone covers every scenario; the default's topology is checked in
// modes.test.ts. A long test: four processes of the app start one after another.
it('runs every scenario with 2 web processes and 2 workers on one database, without a single error', { timeout: 360_000 }, async () => {
  const result = await smokeResult({ BENCH_PROCESSES: '2' });
  expectEveryScenarioRan(result);
  expect(result.topology).toEqual({ webProcesses: 2, workerProcesses: 2, pgbouncer: null });
  // Every process ran, and was measured.
  expect(result.memory.processes.map((each) => each.name)).toEqual(['web 1', 'web 2', 'worker 1', 'worker 2']);
  for (const each of result.memory.processes) expect(each.peakRssMiB, each.name).toBeGreaterThan(0);
});
