import { describe, expect, it } from 'vitest';
import { cached } from './cache.server.ts';

function counter() {
  let calls = 0;
  return { compute: async () => ++calls, calls: () => calls };
}

describe('cached', () => {
  it('computes once per time to live', async () => {
    let now = 1_000;
    const { compute, calls } = counter();
    const value = cached(100, compute, () => now);
    expect(await value()).toBe(1);
    now = 1_099;
    expect(await value()).toBe(1);
    now = 1_100;
    expect(await value()).toBe(2);
    expect(calls()).toBe(2);
  });

  it('lets callers that arrive during a computation share it', async () => {
    let finish: (value: number) => void = () => {};
    let calls = 0;
    const value = cached(100, () => {
      calls++;
      return new Promise<number>((resolve) => (finish = resolve));
    });
    const first = value();
    const second = value();
    finish(42);
    expect(await Promise.all([first, second])).toEqual([42, 42]);
    expect(calls).toBe(1);
  });

  it('keeps no failure: the next caller computes again', async () => {
    let fail = true;
    const value = cached(100_000, async () => {
      if (fail) throw new Error('database down');
      return 'ok';
    });
    await expect(value()).rejects.toThrow('database down');
    fail = false;
    expect(await value()).toBe('ok');
  });
});
