import { describe, expect, it } from 'vitest';
import { versionedCache } from './versioned-cache.server.ts';

/** A cache over a version the test sets, and a computation that counts its calls. */
function setUp(maxEntries = 10) {
  let version = 1n;
  let versionDown = false;
  const calls: string[] = [];
  const read = versionedCache({
    readVersion: async () => {
      if (versionDown) throw new Error('database down');
      return version;
    },
    maxEntries,
  });
  const compute = (key: string) =>
    read(key, async () => {
      calls.push(key);
      return `${key}@${version}#${calls.length}`;
    });
  return {
    compute,
    read,
    calls,
    setVersion: (next: bigint) => (version = next),
    breakVersion: () => (versionDown = true),
  };
}

describe('versionedCache', () => {
  it('computes a key once per version and again as soon as the version changes', async () => {
    const cache = setUp();
    expect(await cache.compute('a')).toBe('a@1#1');
    expect(await cache.compute('a')).toBe('a@1#1');
    expect(await cache.compute('b')).toBe('b@1#2');
    cache.setVersion(2n);
    expect(await cache.compute('a')).toBe('a@2#3');
    expect(await cache.compute('b')).toBe('b@2#4');
    // A version that goes back (a database restored or reset) is a change too.
    cache.setVersion(1n);
    expect(await cache.compute('a')).toBe('a@1#5');
  });

  it('lets callers of the same key share a computation in progress', async () => {
    const cache = setUp();
    let finish: (value: string) => void = () => {};
    let calls = 0;
    const slow = () =>
      cache.read('a', () => {
        calls++;
        return new Promise<string>((resolve) => (finish = resolve));
      });
    const first = slow();
    const second = slow();
    await new Promise((resolve) => setImmediate(resolve));
    finish('done');
    expect(await Promise.all([first, second])).toEqual(['done', 'done']);
    expect(calls).toBe(1);
  });

  it('keeps no failure: the next caller computes again', async () => {
    const cache = setUp();
    await expect(cache.read('a', () => Promise.reject(new Error('timeout')))).rejects.toThrow('timeout');
    expect(await cache.compute('a')).toBe('a@1#1');
  });

  it('computes every time while the version cannot be read', async () => {
    const cache = setUp();
    expect(await cache.compute('a')).toBe('a@1#1');
    cache.breakVersion();
    expect(await cache.compute('a')).toBe('a@1#2');
    expect(await cache.compute('a')).toBe('a@1#3');
  });

  it('drops the least recently used key beyond its size', async () => {
    const cache = setUp(2);
    await cache.compute('a');
    await cache.compute('b');
    await cache.compute('a');
    await cache.compute('c'); // b goes: a was used after it
    expect(cache.calls).toEqual(['a', 'b', 'c']);
    await cache.compute('a');
    await cache.compute('b');
    expect(cache.calls).toEqual(['a', 'b', 'c', 'b']);
  });
});
