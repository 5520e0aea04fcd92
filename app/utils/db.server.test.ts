import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrl, poolLifetime } from './db.server.ts';
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
