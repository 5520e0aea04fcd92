// Generates the Prisma client into app/generated/prisma when the Prisma CLI is installed.
// A production install (`npm ci --omit=dev`) has no CLI and needs none: the client is
// bundled into build/ at build time.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}node_modules/prisma/build/index.js`;
if (!existsSync(cli)) process.exit(0);
if (!existsSync(`${root}prisma/schema.prisma`)) process.exit(0);

// `prisma generate` never runs the schema engine, but the CLI downloads it unless told where it
// is; offline machines cannot download it.
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';
const result = spawnSync(process.execPath, [cli, 'generate'], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
