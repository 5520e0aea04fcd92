// The reliability suite's knobs and tallies. `npm run test:reliability` sets REEN_RELIABILITY_REPORT
// to a file; each suite appends its tallies there and scripts/test-reliability.mjs prints the sum.
import { appendFileSync } from 'node:fs';
import { afterAll } from 'vitest';

export type Tally = {
  operations: number;
  invariantChecks: number;
  faultsInjected: number;
  badInputs: number;
  serverErrors: number;
  violations: number;
};

/** A fresh seed per run unless REEN_RELIABILITY_SEED replays one. */
export function reliabilitySeed(): number {
  const fixed = process.env.REEN_RELIABILITY_SEED;
  if (fixed !== undefined && fixed !== '') {
    const seed = Number(fixed);
    if (!Number.isSafeInteger(seed)) throw new Error(`REEN_RELIABILITY_SEED must be an integer, got "${fixed}"`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

/** REEN_RELIABILITY_RUNS, or the small default that `npm test` runs. */
export function reliabilityRuns(fallback: number): number {
  const runs = Number(process.env.REEN_RELIABILITY_RUNS ?? fallback);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`REEN_RELIABILITY_RUNS must be a positive integer, got "${process.env.REEN_RELIABILITY_RUNS}"`);
  return runs;
}

/**
 * This file's tally, added after its tests to the report file when one is being written. Its hook
 * only appends to that file, so it may run before or after the server and database are torn down.
 */
export function useTally(suite: string): Tally {
  const tally: Tally = { operations: 0, invariantChecks: 0, faultsInjected: 0, badInputs: 0, serverErrors: 0, violations: 0 };
  afterAll(() => {
    const file = process.env.REEN_RELIABILITY_REPORT;
    if (file) appendFileSync(file, `${JSON.stringify({ suite, ...tally })}\n`);
  });
  return tally;
}
