// Runs the built server as a real child process, as `npm start` does.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../server/project-root.ts';

export type RunningServer = { child: ChildProcess; output: () => string; url: string; exited: Promise<number | null> };

/** Starts `node build/server/index.js` and resolves once it prints its URL. */
export function startServerProcess(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<RunningServer> {
  const child = spawn(process.execPath, [path.join(projectRoot(), 'build/server/index.js')], {
    cwd: projectRoot(),
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/REEN is ready at ([^\s"]+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, output: () => output, url: match[1]!, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** The environment of this process without the variables a test wants unset. */
export function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}
