// One Prisma client per process over @prisma/adapter-pg (no native engine). Kept on globalThis so
// that the Remix build and the server/worker bundle, which each carry a copy of this module,
// share one pool, and so that `remix dev` rebuilds do not open new pools.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '~/generated/prisma/client';
import { env, type Env } from './env.server.ts';

declare global {
  // eslint-disable-next-line no-var
  var __reenPrisma: PrismaClient | undefined;
}

export type Db = PrismaClient;

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the server sets it before the app starts');
  return url;
}

/**
 * For every pool of ours: a connection is closed once it is DATABASE_CONNECTION_LIFETIME_SECONDS
 * old (at once when idle, else when released) and a new one opened when needed, so that none
 * outlives a proxy in front of the database that drains connections before it restarts (Fly's
 * waits 10 minutes, then cuts them).
 */
export function poolLifetime(current: Env = env()): { maxLifetimeSeconds: number } {
  return { maxLifetimeSeconds: current.DATABASE_CONNECTION_LIFETIME_SECONDS };
}

export function getDb(): PrismaClient {
  globalThis.__reenPrisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl(), max: env().DATABASE_POOL_SIZE, ...poolLifetime() }),
  });
  return globalThis.__reenPrisma;
}

/** Closes the pool; the next getDb() opens a new one. */
export async function disconnectDb() {
  const client = globalThis.__reenPrisma;
  globalThis.__reenPrisma = undefined;
  await client?.$disconnect();
}
