import { describe, expect, it } from 'vitest';
import { processName, topologyFromEnv, topologySuffix } from './modes.ts';

describe('the bench topology', () => {
  it('is one web process and one worker straight to PostgreSQL by default', () => {
    const topology = topologyFromEnv({});
    expect(topology).toEqual({ webProcesses: 1, workerProcesses: 1, pgbouncer: null });
    expect(topologySuffix(topology)).toBe('');
    expect([processName('web', 0, 1), processName('worker', 0, 1)]).toEqual(['web', 'worker']);
  });

  it('runs two of each with BENCH_PROCESSES=2, numbering them', () => {
    const topology = topologyFromEnv({ BENCH_PROCESSES: '2', BENCH_PGBOUNCER: 'transaction' });
    expect(topology).toEqual({ webProcesses: 2, workerProcesses: 2, pgbouncer: 'transaction' });
    expect(topologySuffix(topology)).toBe('-2web-pgbouncer-transaction');
    expect([processName('web', 1, 2), processName('worker', 0, 2)]).toEqual(['web 2', 'worker 1']);
  });

  it('refuses a count or a pool mode it does not know', () => {
    expect(() => topologyFromEnv({ BENCH_PROCESSES: '3' })).toThrow(/BENCH_PROCESSES/);
    expect(() => topologyFromEnv({ BENCH_PGBOUNCER: 'statement' })).toThrow(/BENCH_PGBOUNCER/);
  });
});
