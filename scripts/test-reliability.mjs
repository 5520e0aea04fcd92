// `npm run test:reliability`: runs the reliability suite (after a build) and prints what it did:
// operations run, invariant checks, faults injected, bad inputs tried, 500s seen and invariant
// violations. Larger runs: REEN_RELIABILITY_RUNS=200; replay one: REEN_RELIABILITY_SEED=<seed>.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const RELIABILITY_SUITES = [
  'app/models/economy.model.test.ts',
  'app/models/listing-fee.model.test.ts',
  'server/concurrency.test.ts',
  'server/hostile-input.test.ts',
  'server/hostile-input.clerk.test.ts',
  'server/authorization.test.ts',
  'server/security.test.ts',
  'server/rate-limits.test.ts',
  'app/models/reconciliation.server.test.ts',
  'app/models/reconciliation.stripe.test.ts',
  'server/faults.test.ts',
  'server/load.test.ts',
];

const COLUMNS = [
  ['operations', 'operations'],
  ['invariantChecks', 'invariant checks'],
  ['faultsInjected', 'faults injected'],
  ['badInputs', 'bad inputs'],
  ['serverErrors', '500s'],
  ['violations', 'violations'],
];

const dir = mkdtempSync(path.join(tmpdir(), 'reen-reliability-'));
const report = path.join(dir, 'tallies.jsonl');
const started = Date.now();
const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...RELIABILITY_SUITES], {
  stdio: 'inherit',
  env: { ...process.env, REEN_RELIABILITY_REPORT: report },
});
const seconds = ((Date.now() - started) / 1000).toFixed(0);

const tallies = existsSync(report)
  ? readFileSync(report, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
rmSync(dir, { recursive: true, force: true });

const bySuite = new Map();
for (const tally of tallies) {
  const sum = bySuite.get(tally.suite) ?? Object.fromEntries(COLUMNS.map(([key]) => [key, 0]));
  for (const [key] of COLUMNS) sum[key] += tally[key] ?? 0;
  bySuite.set(tally.suite, sum);
}
const total = Object.fromEntries(COLUMNS.map(([key]) => [key, [...bySuite.values()].reduce((sum, suite) => sum + suite[key], 0)]));

const rows = [['suite', ...COLUMNS.map(([, label]) => label)], ...[...bySuite].map(([suite, sum]) => [suite, ...COLUMNS.map(([key]) => String(sum[key]))])];
rows.push(['total', ...COLUMNS.map(([key]) => String(total[key]))]);
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
const format = (row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');

console.log(`\nREEN reliability summary (${seconds} s)`);
console.log(format(rows[0]));
for (const row of rows.slice(1)) console.log(format(row));
const healthy = run.status === 0 && total.violations === 0 && total.serverErrors === 0;
console.log(healthy ? '\nNo invariant violated, no 500 seen.' : '\nFAILED: see the failures above (each prints its seed and failing step).');
process.exit(healthy ? 0 : 1);
