import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/sequencer.ts';

export default defineConfig({
  resolve: {
    alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) },
  },
  test: {
    include: ['{app,server,jobs,prisma,scripts,bench}/**/*.test.{ts,tsx}'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/quiet-logs.ts', 'test/matchers.ts'],
    pool: 'forks',
    // Two files at a time even on two cores (Vitest's default there is one): most files spend their
    // time waiting on a server, a child process or PostgreSQL, not on the CPU.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Server-side code: no DOM.
    environment: 'node',
  },
});
