// The e2e suite's web server: the built server (`node build/server/index.js`) on a fresh, temporary
// DATA_DIR, so every run starts from an empty database with the demo seed. The folder is removed
// once the server has exited.
// With E2E_SERVER_LOG set, the server logs every request into that file (read back for a failed
// test by e2e/support/failure-reporter.ts) while only lines at LOG_LEVEL or above reach the output.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const STOP_GRACE_MS = 25_000;

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reen-e2e-'));

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const shownLevel = LEVELS.includes(process.env.LOG_LEVEL ?? '') ? process.env.LOG_LEVEL : 'info';
const logFile = process.env.E2E_SERVER_LOG ? createWriteStream(process.env.E2E_SERVER_LOG) : null;
const serverLevel = logFile && LEVELS.indexOf(shownLevel) > LEVELS.indexOf('info') ? 'info' : shownLevel;

// In a process group of its own, so that the SIGTERM Playwright sends to our group reaches the
// server exactly once (from us): a second one would cut its graceful shutdown short.
// Production's Node flags and environment for the web process (server/node-flags.ts;
// node-flags.test.ts checks these copies).
const WEB_NODE_FLAGS = ['--max-old-space-size=256', '--experimental-async-context-frame', '--liftoff-only'];
const PROCESS_ENV = { MALLOC_ARENA_MAX: '2' };
const server = spawn(process.execPath, [...WEB_NODE_FLAGS, path.join(root, 'build/server/index.js')], {
  cwd: root,
  env: { ...process.env, ...PROCESS_ENV, DATA_DIR: dataDir, LOG_LEVEL: serverLevel },
  stdio: logFile ? ['inherit', 'pipe', 'pipe'] : 'inherit',
  detached: true,
});
if (logFile) {
  for (const [from, to] of [
    [server.stdout, process.stdout],
    [server.stderr, process.stderr],
  ]) {
    readline.createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
      logFile.write(`${line}\n`);
      if (LEVELS.indexOf(levelOf(line) ?? 'fatal') >= LEVELS.indexOf(shownLevel)) to.write(`${line}\n`);
    });
  }
}

/** The level of a JSON log line; undefined for anything else (always shown). */
function levelOf(line) {
  if (!line.startsWith('{')) return undefined;
  try {
    const { level } = JSON.parse(line);
    return typeof level === 'string' ? level : undefined;
  } catch {
    return undefined;
  }
}

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  server.kill(signal);
  setTimeout(() => {
    console.error(`e2e server did not stop within ${STOP_GRACE_MS} ms: killing it`);
    process.kill(-server.pid, 'SIGKILL');
  }, STOP_GRACE_MS).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGHUP', () => stop('SIGTERM'));

// 'close', not 'exit': the server's last log lines are still on their way through the pipes at exit.
server.on('close', (code, signal) => {
  rmSync(dataDir, { recursive: true, force: true });
  const exit = () => process.exit(code ?? (signal ? 1 : 0));
  if (logFile) logFile.end(exit);
  else exit();
});
