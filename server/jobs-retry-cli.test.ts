// `npm run jobs:retry` with a mistyped command line: a usage line and exit 2, before it touches any
// database (the built script, as operators run it).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './project-root.ts';

function jobsRetry(...args: string[]) {
  // DATABASE_URL points nowhere: reaching the database would fail differently (exit 1, "Start-up failed").
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: 'postgresql://nobody@127.0.0.1:9/none' };
  return spawnSync(process.execPath, [path.join(projectRoot(), 'build/server/jobs-retry.js'), ...args], { env, encoding: 'utf8', timeout: 20_000 });
}

describe('jobs:retry command line', () => {
  // An unknown --queue is refused the same way (app/models/reconciliation.server.test.ts).
  it('refuses a mistyped option with a usage line and exit 2', () => {
    const result = jobsRetry('--dryrun');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--dryrun'");
    expect(result.stderr).toContain('usage: npm run jobs:retry -- [--dry-run] [--queue <queue>]');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stdout).toBe('');
  });
});
