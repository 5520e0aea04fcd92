// Every test file starts as if in a process of its own, though a worker process runs several in turn
// (vitest.config.ts, `isolate: false`): our modules are loaded afresh, so each file gets its own
// environment parse, database pool, job queue and in-memory state, and the environment variables a
// file changes (a scratch database's DATABASE_URL, a test's limits) are put back once it is done.
// Only the dependencies in node_modules stay loaded from one file to the next: loading them again
// in every file was most of what a file cost before its first test.
import { afterAll, vi } from 'vitest';

vi.resetModules();

const variables = { ...process.env };

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in variables)) delete process.env[name];
  Object.assign(process.env, variables);
});
