// Bundles the entry points of the server, the worker, the migration runner and the operator commands
// into build/server/*.js for production. Each is a few lines that load the app's build (build/index.js,
// which carries the server and the worker beside the routes: server/app-build.ts) and start from it.
// npm packages stay external: they come from node_modules.
import { globSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: {
    index: 'server/index.ts',
    worker: 'server/worker.ts',
    migrate: 'server/migrate-cli.ts',
    'jobs-retry': 'server/jobs-retry-cli.ts',
    'refunds-failed': 'server/refunds-cli.ts',
  },
  outdir: 'build/server',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

// `remix build --sourcemap` maps the browser bundles too: they would publish our sources from
// /build. Only the server's maps are kept (Node reads them with --enable-source-maps).
for (const map of globSync('public/build/**/*.map')) rmSync(map);
