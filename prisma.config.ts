import { existsSync, readFileSync } from 'node:fs';
import { defineConfig } from 'prisma/config';

// Only the Prisma CLI reads this file (generate, studio, and authoring migrations). The app applies
// migrations with its own runner (server/migrate.ts) and connects through @prisma/adapter-pg.
// The database: MIGRATE_DATABASE_URL or DATABASE_URL from the environment or .env, else the local
// embedded cluster's, which the app writes to .data/database-url; else none (generate needs none,
// and the commands that do say so).
if (existsSync('.env')) process.loadEnvFile('.env');
const localUrl = existsSync('.data/database-url') ? readFileSync('.data/database-url', 'utf8').trim() : undefined;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.MIGRATE_DATABASE_URL || process.env.DATABASE_URL || localUrl },
});
