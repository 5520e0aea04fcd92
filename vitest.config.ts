import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/sequencer.ts';

// Every test file's process, and every server a test starts, loads the same dependencies again:
// Node keeps the code it compiled for them on disk (inherited by those processes through this variable).
process.env.NODE_COMPILE_CACHE ??= fileURLToPath(new URL('./node_modules/.cache/node-compile-cache', import.meta.url));

export default defineConfig({
  resolve: {
    alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) },
  },
  test: {
    include: ['{app,server,jobs,prisma,scripts,bench}/**/*.test.{ts,tsx}'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/fresh-modules.ts', 'test/quiet-logs.ts', 'test/matchers.ts'],
    pool: 'forks',
    // A worker process runs one file after another, each with our modules loaded afresh
    // (test/fresh-modules.ts): Node and the dependencies in node_modules are loaded once per
    // worker instead of once per file.
    isolate: false,
    // A test file's Prisma client lives seconds: optimising its query compiler (WebAssembly) with
    // TurboFan, again in every file, costs more CPU than the faster code gives back in that time.
    execArgv: ['--liftoff-only'],
    // Three files at a time even on two cores (Vitest's default there is one): most files spend
    // much of their time waiting on a server, a child process or PostgreSQL, not on the CPU; with
    // two the cores were idle a fifth of the run.
    maxWorkers: 3,
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Server-side code: no DOM.
    environment: 'node',
  },
});
