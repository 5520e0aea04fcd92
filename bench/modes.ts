// The bench's modes beside the default (one web process, one worker, straight to PostgreSQL):
// BENCH_PROCESSES=2 runs 2 web processes (the load spread over both) and 2 workers on one
// database, as several machines do; BENCH_PGBOUNCER=session|transaction puts PgBouncer in that
// pool mode between every process of the app and PostgreSQL.
import { z } from 'zod';
import type { PoolMode } from './pgbouncer.ts';

export type Topology = { webProcesses: number; workerProcesses: number; pgbouncer: PoolMode | null };

const modesEnv = z.object({
  BENCH_PROCESSES: z.enum(['1', '2']).default('1'),
  BENCH_PGBOUNCER: z.enum(['session', 'transaction']).optional(),
});

export function topologyFromEnv(env: Record<string, string | undefined> = process.env): Topology {
  const parsed = modesEnv.safeParse(env);
  if (!parsed.success) throw new Error('BENCH_PROCESSES must be 1 or 2, and BENCH_PGBOUNCER session or transaction');
  const processes = Number(parsed.data.BENCH_PROCESSES);
  return { webProcesses: processes, workerProcesses: processes, pgbouncer: parsed.data.BENCH_PGBOUNCER ?? null };
}

/** How a result file's name tells the mode apart ('' for the default). */
export function topologySuffix(topology: Topology): string {
  return `${topology.webProcesses > 1 ? `-${topology.webProcesses}web` : ''}${topology.pgbouncer ? `-pgbouncer-${topology.pgbouncer}` : ''}`;
}

/** One line for the report: what ran, and where the load went. */
export function topologyLine(topology: Topology): string {
  const web =
    topology.webProcesses > 1
      ? `${topology.webProcesses} web processes (the load generator spreads its connections and the buyers over them)`
      : '1 web process';
  const workers = `${topology.workerProcesses} worker${topology.workerProcesses > 1 ? 's' : ''}`;
  const bouncer = topology.pgbouncer ? `, every app connection through PgBouncer in ${topology.pgbouncer} mode` : '';
  return `${web}, ${workers}, one PostgreSQL${bouncer}`;
}

/** Names processes as the report shows them: "web", or "web 1", "web 2"... when several run. */
export function processName(kind: 'web' | 'worker', index: number, count: number): string {
  return count > 1 ? `${kind} ${index + 1}` : kind;
}
