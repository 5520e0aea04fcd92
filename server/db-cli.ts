// Local database chores, run with tsx (development only):
//   npm run db:studio   Prisma Studio on the app's database (the embedded cluster is started if the
//                       app is stopped, on its usual port; migrations are applied first)
//   npm run db:reset    a fresh demo shop in the embedded database: dropped, migrated and seeded
//                       again; the generated secrets in DATA_DIR are kept (sessions stay signed alike)
import './env-file.ts';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { disconnectDb } from '~/utils/db.server.ts';
import { isDemo, parseEnv } from '~/utils/env.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { seedDemoData } from '../prisma/seed.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { migrate } from './migrate.ts';
import { projectRoot } from './project-root.ts';
import { exitOnStartupError, prepareRuntime } from './runtime.ts';

const command = process.argv[2];

try {
  if (command === 'studio') await studio();
  else if (command === 'reset') await reset();
  else throw new Error(`unknown command ${command ?? '(none)'}: studio or reset`);
} catch (error) {
  exitOnStartupError(error);
}

async function studio() {
  const runtime = await prepareRuntime({ seed: false });
  logger().info('Prisma Studio on the app database: Ctrl-C to stop');
  const child = spawn('npx', ['prisma', 'studio'], { cwd: projectRoot(), stdio: 'inherit', env: { ...process.env, DATABASE_URL: runtime.databaseUrl } });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  await runtime.stopDatabase();
  process.exit(code ?? 0);
}

async function reset() {
  const env = parseEnv();
  if (env.DATABASE_URL)
    throw new Error('db:reset resets the local embedded database only, and DATABASE_URL is set: unset it (or reset that database yourself)');
  if (!isDemo(env)) throw new Error('db:reset seeds the demo shop: not with APP_ENV=production without DEMO_MODE=1');
  const database = await startEmbeddedPostgres(env.DATA_DIR, { port: env.EMBEDDED_POSTGRES_PORT });
  try {
    if (database.shared) throw new Error('the app is running on this database: stop `npm start` / `npm run dev` first');
    const admin = new URL(database.url);
    const name = admin.pathname.slice(1);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    process.env.DATABASE_URL = database.url;
    const { applied } = await migrate(database.url);
    const seeded = await seedDemoData();
    logger().info(
      { migrations: applied.length, ...seeded },
      `A fresh demo shop: ${seeded?.users ?? 0} accounts, ${seeded?.products ?? 0} products (secrets in ${env.DATA_DIR} kept)`,
    );
    await disconnectDb();
  } finally {
    await database.stop();
  }
}
