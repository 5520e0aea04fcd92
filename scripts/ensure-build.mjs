// Runs before `npm start`, `npm run worker` and the operator commands: builds the app when build/
// is missing or older than the sources. A production install (no dev dependencies) must ship build/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = [
  'build/index.js',
  'build/server/index.js',
  'build/server/worker.js',
  'build/server/migrate.js',
  'build/server/jobs-retry.js',
  'build/server/refunds-failed.js',
  'public/build',
];
const sources = ['app', 'server', 'jobs', 'prisma', 'remix.config.js', 'package.json'];

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(full)) {
    if (child === 'generated' || child === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

const missing = outputs.some((file) => !existsSync(path.join(root, file)));
const canBuild = existsSync(path.join(root, 'node_modules/@remix-run/dev'));
if (!canBuild) {
  if (missing) {
    console.error('build/ is missing and this install has no dev dependencies: run `npm run build` where they are installed.');
    process.exit(1);
  }
  process.exit(0);
}
const builtAt = Math.min(...outputs.map((file) => statSync(path.join(root, file), { throwIfNoEntry: false })?.mtimeMs ?? 0));
if (!missing && builtAt >= Math.max(...sources.map(newestMtime))) process.exit(0);

console.log(missing ? 'Building the app (first start)…' : 'Sources changed since the last build: rebuilding…');
const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
