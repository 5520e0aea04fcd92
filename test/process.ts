// Runs the built server (or worker) as a real child process, as `npm start` does.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { NODE_FLAGS, PROCESS_ENV } from '../server/node-flags.ts';
import { projectRoot } from '../server/project-root.ts';

export type RunningServer = { child: ChildProcess; output: () => string; url: string; exited: Promise<number | null> };
export type RunningProcess = Omit<RunningServer, 'url'> & { ready: RegExpMatchArray };

/** Starts `node build/server/index.js` and resolves once it prints its URL. */
export async function startServerProcess(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<RunningServer> {
  const started = await startBuiltProcess('index', env, { ready: /REEN is ready at ([^\s"]+)/, timeoutMs });
  return { ...started, url: started.ready[1]! };
}

/**
 * Starts one of the built entry points (build/server/<script>.js: index, worker...) and resolves
 * once its output matches `ready`, with production's environment, and production's Node flags for
 * the web process and the worker. `execArgv` goes to node too (e.g. a module to preload).
 */
export function startBuiltProcess(
  script: string,
  env: Record<string, string | undefined>,
  { ready, execArgv = [], timeoutMs = 60_000 }: { ready: RegExp; execArgv?: string[]; timeoutMs?: number },
): Promise<RunningProcess> {
  const flags = script === 'index' ? NODE_FLAGS.web : script === 'worker' ? NODE_FLAGS.worker : [];
  return startNodeProcess(
    script,
    [...flags, ...execArgv, path.join(projectRoot(), 'build/server', `${script}.js`)],
    { ...PROCESS_ENV, ...env },
    { ready, timeoutMs },
  );
}

/**
 * Runs `node <args>` (named `name` in errors) and resolves once its output matches `ready`. With
 * `keepChars`, only the last that many characters of the output are kept once it is ready: a long
 * run (the benchmark's servers log every request) must not hold every line.
 */
export function startNodeProcess(
  name: string,
  args: string[],
  env: Record<string, string | undefined>,
  { ready, timeoutMs = 60_000, keepChars = Infinity }: { ready: RegExp; timeoutMs?: number; keepChars?: number },
): Promise<RunningProcess> {
  const child = spawn(process.execPath, args, { cwd: projectRoot(), env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let isReady = false;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (isReady) {
        if (output.length > keepChars) output = output.slice(-keepChars);
        return;
      }
      const match = output.match(ready);
      if (match) {
        isReady = true;
        clearTimeout(timer);
        resolve({ child, output: () => output, ready: match, exited });
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

/** The variables that would connect a built process to an outside service (Stripe, Clerk, SMTP). */
export const OUTSIDE_SERVICE_VARIABLES = [
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'CLERK_PUBLISHABLE_KEY',
  'CLERK_SECRET_KEY',
  'CLERK_WEBHOOK_SECRET',
  'CLERK_JWT_KEY',
  'SMTP_URL',
];

/** The environment of this process without the variables a test wants unset. */
export function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}
