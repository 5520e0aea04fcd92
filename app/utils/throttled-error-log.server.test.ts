import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from './logger.server.ts';
import { throttledErrorLog } from './throttled-error-log.server.ts';

describe('throttledErrorLog', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs a repeating error once per interval, then says how many were left out', () => {
    const error = vi.spyOn(logger(), 'error').mockImplementation(() => undefined);
    let clock = 0;
    const log = throttledErrorLog('pg-boss error', { intervalMs: 60_000, now: () => clock });
    const down = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    for (let poll = 0; poll < 15; poll++) log(down);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenLastCalledWith({ err: down }, 'pg-boss error');

    // Another error is news: logged at once.
    const other = new Error('relation "pgboss.job" does not exist');
    log(other);
    expect(error).toHaveBeenCalledTimes(2);

    clock = 60_000;
    log(down);
    expect(error).toHaveBeenCalledTimes(3);
    expect(error).toHaveBeenLastCalledWith({ err: down, leftOutSinceLastLine: 14 }, 'pg-boss error');
    log(down);
    expect(error).toHaveBeenCalledTimes(3);
  });
});
