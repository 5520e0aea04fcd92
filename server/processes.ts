// What the entry points (./index.ts, ./worker.ts, the operator commands, ./dev.ts) and the tests'
// in-process server run, exported by the app's build (app/entry.server.tsx): they load that one
// build and start from it, so each process holds one copy of every app module
// (docs/decisions/018-one-build-per-process.md).
export { disconnectDb } from '~/utils/db.server.ts';
export { logger } from '~/utils/logger.server.ts';
export { stopBoss } from '~/utils/jobs.server.ts';
export { createApp, listen } from './app.ts';
export { runJobsRetryCommand } from './jobs-retry-command.ts';
export { runMigrateCommand } from './migrate-command.ts';
export { runRefundsCommand } from './refunds-command.ts';
export { startWeb } from './web.ts';
export { runWorkerProcess } from './worker-process.ts';
