// The processes a benchmark run starts: the built web server and worker (as in production, each its
// own process), the bare baseline server, and the load generator. Each is started from here and
// stopped by its own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../server/project-root.ts';

export type Child = {
  name: string;
  process: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
  /** Peak resident set size so far, in MiB (Linux: VmHWM), or null where unknown. */
  peakRssMiB: () => number | null;
  stop: () => Promise<void>;
};

/** Runs `node <args>` and resolves once its output matches `ready`. */
export function startNode(name: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 120_000): Promise<Child & { match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, { cwd: projectRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const handle: Child = {
    name,
    process: child,
    output: () => output,
    peakRssMiB: () => peakRssMiB(child.pid),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 15_000))]);
      if (!stopped) child.kill('SIGKILL');
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(ready);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        // Keep the rest of the output for the failure messages, without holding every log line.
        const keep = (more: Buffer) => (output = (output + more.toString()).slice(-20_000));
        child.stdout!.on('data', keep);
        child.stderr!.on('data', keep);
        resolve({ ...handle, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

export function builtServer(file: 'index' | 'worker') {
  return path.join(projectRoot(), 'build/server', `${file}.js`);
}

/** A TypeScript file run by node through tsx's loader (one process, so its pid is the one measured). */
export function tsxArgs(file: string): string[] {
  return ['--import', 'tsx', path.join(projectRoot(), file)];
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
