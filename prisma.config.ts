import { defineConfig } from 'prisma/config';

// Only the Prisma CLI reads this file (generate, and authoring migrations). The app applies
// migrations with its own runner (server/migrate.ts) and connects through @prisma/adapter-pg.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/reen' },
});
