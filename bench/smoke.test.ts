// The benchmark's smoke mode, so that `npm run bench` never rots: the same script at tiny sizes
// (a few seconds of load), checked for correctness only. Speed is measured by `npm run bench`,
// never asserted in tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { projectRoot } from '../server/project-root.ts';
import type { BenchResult } from './report.ts';

const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'reen-bench-smoke-'));

afterAll(() => rmSync(resultsDir, { recursive: true, force: true }));

function runSmokeBench(): Promise<{ code: number | null; output: string }> {
  // Its own environment: the benchmark starts its own database and servers.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', BENCH_SMOKE: '1', BENCH_RESULTS_DIR: resultsDir };
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

it('runs every scenario of the benchmark without a single error', { timeout: 240_000 }, async () => {
  const { code, output } = await runSmokeBench();
  expect(code, output).toBe(0);
  const file = readdirSync(resultsDir).find((name) => name.endsWith('.json'));
  expect(file, output).toBeDefined();
  const result = JSON.parse(readFileSync(path.join(resultsDir, file!), 'utf8')) as BenchResult;

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
  // A signed-out visitor sees a product edit at once, though the page came from the cache before.
  expect(result.pageCache).toEqual({ servedFromCache: true, editSeenAtOnce: true });
  expect(result.checkout.completed).toBeGreaterThan(0);
  expect(result.checkout.failedRequests).toBe(0);
  expect(result.contention.soldExactly).toBe(true);
  expect(result.ledgerConsistentAfterRun).toBe(true);
  expect(result.targets.map((target) => typeof target.met)).toEqual(['boolean', 'boolean', 'boolean', 'boolean', 'boolean', 'boolean', 'boolean']);
  // Every file a visitor's browser loads for /products was found in the build and measured.
  expect(result.pageWeight.js.length).toBeGreaterThan(2);
  expect(result.pageWeight.jsGzipBytes).toBeGreaterThan(0);
  expect(result.pageWeight.css.length).toBeGreaterThan(0);
  expect(result.economy.requests).toBeGreaterThan(0);
  expect(result.economy.errors + result.economy.non2xx).toBe(0);
  expect(readdirSync(resultsDir).some((name) => name.endsWith('.md'))).toBe(true);
});
