import { describe, expect, it } from 'vitest';
import { readAfterCall } from './read-after-call.ts';

/** A read whose results the test hands out one by one, counting the reads started. */
function controlledRead() {
  const pending: ((value: number) => void)[] = [];
  let started = 0;
  const read = () => {
    started++;
    return new Promise<number>((resolve) => pending.push(resolve));
  };
  return { read, started: () => started, finish: (value: number) => pending.shift()!(value) };
}

describe('readAfterCall', () => {
  it('gives a caller that arrives during a read the next read, shared with the others who waited', async () => {
    const source = controlledRead();
    const shared = readAfterCall(source.read);
    const first = shared();
    const second = shared();
    const third = shared();
    expect(source.started()).toBe(1);
    source.finish(1);
    expect(await first).toBe(1);
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.started()).toBe(2);
    source.finish(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
  });

  it('starts a read at once when none runs, and again after a failed one', async () => {
    let calls = 0;
    const shared = readAfterCall(async () => {
      calls++;
      if (calls === 1) throw new Error('down');
      return calls;
    });
    await expect(shared()).rejects.toThrow('down');
    expect(await shared()).toBe(2);
  });
});
