// The e2e suite's web server: the built server (`node build/server/index.js`) on a fresh, temporary
// DATA_DIR, so every run starts from an empty database with the demo seed. The folder is removed
// once the server has exited.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const STOP_GRACE_MS = 25_000;

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reen-e2e-'));

// In a process group of its own, so that the SIGTERM Playwright sends to our group reaches the
// server exactly once (from us): a second one would cut its graceful shutdown short.
const server = spawn(process.execPath, [path.join(root, 'build/server/index.js')], {
  cwd: root,
  env: { ...process.env, DATA_DIR: dataDir },
  stdio: 'inherit',
  detached: true,
});

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

server.on('exit', (code, signal) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
