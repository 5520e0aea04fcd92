// One Prisma client per process over @prisma/adapter-pg (no native engine), opened on first use.
import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '~/generated/prisma/client';
import { keptAcrossDevRebuilds } from './dev-rebuilds.server.ts';
import { env, type Env } from './env.server.ts';

const client = keptAcrossDevRebuilds('db', () => ({ current: undefined as PrismaClient | undefined }));

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

/**
 * How many of Prisma's connections stay open through a quiet spell (DATABASE_POOL_MIN; by default 4,
 * or the pool's size if smaller): pg-pool closes the others once idle for 10 s, and without them the
 * first page after a pause would wait for new connections to open, then for each statement's first
 * run on a new backend. A page's first statements run on up to four connections at once. These are
 * still replaced at DATABASE_CONNECTION_LIFETIME_SECONDS.
 */
export function poolMinimum(current: Env = env()): { min: number } {
  return { min: current.DATABASE_POOL_MIN ?? Math.min(4, current.DATABASE_POOL_SIZE) };
}

/**
 * Names each distinct SQL text, so that each connection parses and plans a statement once and then
 * only binds and runs it (node-postgres keeps named statements per connection, PostgreSQL their
 * plans). Unnamed, PostgreSQL planned every statement again: about a third of its CPU per checkout
 * in the benchmark. Past `limit` distinct texts, new ones run unnamed ('' is no name: node-postgres
 * then runs the statement as before), so that neither this map nor a connection's statements grow
 * without end.
 */
export function statementNamer(limit: number): (query: { sql: string; args: unknown[] }) => string {
  const names = new Map<string, string>();
  return ({ sql, args }) => {
    // Without parameters a statement goes as a simple query: one message, and it may hold several
    // commands (BEGIN, COMMIT, a test's DDL), which a prepared statement may not.
    if (args.length === 0) return '';
    let name = names.get(sql);
    if (name !== undefined) return name;
    if (names.size >= limit) return '';
    name = `reen_${createHash('sha1').update(sql).digest('hex')}`;
    names.set(sql, name);
    return name;
  };
}

export function getDb(): PrismaClient {
  client.current ??= new PrismaClient({
    adapter: new PrismaPg(
      { connectionString: databaseUrl(), max: env().DATABASE_POOL_SIZE, ...poolMinimum(), ...poolLifetime() },
      // Fewer than a hundred shapes ran in the benchmark (a list's IN (...) is one per length); each
      // costs PostgreSQL some 30 KB per connection that prepared it (docs/deploy.md).
      { statementNameGenerator: statementNamer(200) },
    ),
  });
  return client.current;
}

/** Closes the pool; the next getDb() opens a new one. */
export async function disconnectDb() {
  const open = client.current;
  client.current = undefined;
  await open?.$disconnect();
}
