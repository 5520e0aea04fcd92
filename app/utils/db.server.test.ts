import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrl, getDb, poolLifetime, poolMinimum, statementNamer } from './db.server.ts';
import { parseEnv } from './env.server.ts';

describe('poolLifetime', () => {
  it('keeps a connection for 10 minutes unless told otherwise', () => {
    expect(poolLifetime(parseEnv({}))).toEqual({ maxLifetimeSeconds: 600 });
    expect(poolLifetime(parseEnv({ DATABASE_CONNECTION_LIFETIME_SECONDS: '30' }))).toEqual({ maxLifetimeSeconds: 30 });
    expect(() => parseEnv({ DATABASE_CONNECTION_LIFETIME_SECONDS: '0' })).toThrow(/DATABASE_CONNECTION_LIFETIME_SECONDS/);
  });

  describe('in a pool', () => {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 1, ...poolLifetime(parseEnv({ DATABASE_CONNECTION_LIFETIME_SECONDS: '1' })) });
    afterAll(() => pool.end());
    const backendPid = async () => (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

    it('replaces a connection once it is that old, idle or busy', async () => {
      const first = await backendPid();
      expect(await backendPid()).toBe(first);
      // Busy when its lifetime ends: it serves its query, then goes when released.
      const slow = pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(1.2)');
      expect((await slow).rows[0]!.pid).toBe(first);
      const second = await backendPid();
      expect(second).not.toBe(first);
      // Idle when its lifetime ends: closed meanwhile, and the next query opens a new one.
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      expect(pool.totalCount).toBe(0);
      expect(await backendPid()).not.toBe(second);
    });
  });
});

describe('poolMinimum', () => {
  it('keeps 4 connections open while idle, or the whole pool when it is smaller, unless told otherwise', () => {
    expect(poolMinimum(parseEnv({}))).toEqual({ min: 4 });
    expect(poolMinimum(parseEnv({ DATABASE_POOL_SIZE: '2' }))).toEqual({ min: 2 });
    expect(poolMinimum(parseEnv({ DATABASE_POOL_MIN: '0' }))).toEqual({ min: 0 });
    expect(poolMinimum(parseEnv({ DATABASE_POOL_SIZE: '20', DATABASE_POOL_MIN: '8' }))).toEqual({ min: 8 });
    expect(() => parseEnv({ DATABASE_POOL_SIZE: '5', DATABASE_POOL_MIN: '6' })).toThrow(/DATABASE_POOL_MIN must be at most DATABASE_POOL_SIZE \(5\)/);
    expect(() => parseEnv({ DATABASE_POOL_MIN: '-1' })).toThrow(/DATABASE_POOL_MIN/);
  });

  it('in a pool, keeps that many idle connections past the idle timeout and closes the rest', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 3, idleTimeoutMillis: 50, ...poolMinimum(parseEnv({ DATABASE_POOL_MIN: '2' })) });
    try {
      const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
      for (const client of clients) client.release();
      expect(pool.idleCount).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(pool.totalCount).toBe(2);
      expect(pool.idleCount).toBe(2);
    } finally {
      await pool.end();
    }
  });
});

describe('prepared statements', () => {
  it('names each distinct SQL text, the same name every time, and no more than its limit', () => {
    const nameOf = statementNamer(2);
    const byId = nameOf({ sql: 'SELECT id FROM "User" WHERE id = $1', args: ['a'] });
    expect(byId).toMatch(/^reen_[0-9a-f]{40}$/);
    expect(nameOf({ sql: 'SELECT id FROM "User" WHERE id = $1', args: ['a'] })).toBe(byId);
    const byEmail = nameOf({ sql: 'SELECT id FROM "User" WHERE email = $1', args: ['a'] });
    expect(byEmail).toMatch(/^reen_/);
    expect(byEmail).not.toBe(byId);
    // A third text is over the limit: unnamed, so not kept prepared. The first two keep their names.
    expect(nameOf({ sql: 'SELECT id FROM "User" WHERE name = $1', args: ['a'] })).toBe('');
    expect(nameOf({ sql: 'SELECT id FROM "User" WHERE id = $1', args: ['a'] })).toBe(byId);
  });

  it('leaves a statement without parameters unnamed: a simple query, which may hold several commands', () => {
    expect(statementNamer(10)({ sql: 'BEGIN', args: [] })).toBe('');
  });

  it('keeps an app statement prepared on its connection, once however often it runs', async () => {
    const prepared = await getDb().$transaction(async (tx) => {
      // A transaction keeps one connection: what it prepares is visible to the next statement.
      for (let run = 0; run < 2; run++) await tx.user.findFirst({ where: { email: 'nobody@example.test' }, select: { id: true } });
      return tx.$queryRaw<{ statement: string }[]>`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'reen_%'`;
    });
    const lookups = prepared.filter(({ statement }) => statement.includes('"email" = $1'));
    expect(lookups).toHaveLength(1);
  });
});
