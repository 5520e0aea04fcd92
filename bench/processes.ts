// The processes a benchmark run starts: the built web server and worker (as in production, each its
// own process), the bare baseline server, and the load generator. Each is started from here and
// stopped by its own pid.
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../server/project-root.ts';
import { startNodeProcess } from '../test/process.ts';

export type Child = {
  name: string;
  process: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
  /** Peak resident set size so far, in MiB (Linux: VmHWM), or null where unknown. */
  peakRssMiB: () => number | null;
  stop: () => Promise<void>;
};

/** Runs `node <args>` and resolves once its output matches `ready` (its last 20,000 characters are kept). */
export async function startNode(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  timeoutMs = 120_000,
): Promise<Child & { match: RegExpMatchArray }> {
  const { child, output, exited, ready: match } = await startNodeProcess(name, args, env, { ready, timeoutMs, keepChars: 20_000 });
  return {
    name,
    process: child,
    output,
    peakRssMiB: () => peakRssMiB(child.pid),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // Unref'd: a pending timer would keep the benchmark's process alive for the rest of the 15 s.
      const stopped = await Promise.race([exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 15_000).unref())]);
      if (!stopped) child.kill('SIGKILL');
    },
    match,
  };
}

export function builtServer(file: 'index' | 'worker') {
  return path.join(projectRoot(), 'build/server', `${file}.js`);
}

/** A TypeScript file run by node through tsx's loader (one process, so its pid is the one measured). */
export function tsxArgs(file: string): string[] {
  return ['--import', 'tsx', path.join(projectRoot(), file)];
}

/** CPU time a process has used so far, in ms (Linux: utime + stime, plus its reaped children's when asked). */
export function cpuMs(pid: number | undefined, { withChildren = false } = {}): number {
  if (!pid) return 0;
  try {
    // The fields after the command name, which is in parentheses and may contain spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ, 100 on every common architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time of a PostgreSQL cluster so far, in ms: its postmaster, its live backends, and those that ended. */
export function postgresCpuMs(clusterDir: string): number {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return 0;
  }
  let total = cpuMs(postmaster, { withChildren: true });
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parentPid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (parentPid === postmaster) total += cpuMs(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

function peakRssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(status.match(/^VmHWM:\s+(\d+) kB/m)?.[1]);
    return Number.isFinite(kib) ? Math.round(kib / 1024) : null;
  } catch {
    return null;
  }
}
