import { describe, expect, it } from 'vitest';
import { LruMap } from './lru-map.ts';

describe('LruMap', () => {
  it('drops the least recently used once the sizes exceed the budget', () => {
    const map = new LruMap<string>(10);
    map.set('a', 'A', 4);
    map.set('b', 'B', 4);
    expect(map.get('a')).toBe('A'); // now b is the least recently used
    map.set('c', 'C', 4);
    expect(map.peek('b')).toBeUndefined();
    expect([map.peek('a'), map.peek('c'), map.count]).toEqual(['A', 'C', 2]);
  });

  it('peek leaves the order as it was', () => {
    const map = new LruMap<number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.peek('a')).toBe(1);
    map.set('c', 3);
    expect([map.peek('a'), map.peek('b'), map.peek('c')]).toEqual([undefined, 2, 3]);
  });

  it('replaces a key with its new size, and keeps nothing larger than the whole budget', () => {
    const map = new LruMap<string>(10);
    map.set('a', 'small', 2);
    map.set('a', 'larger', 9);
    map.set('b', 'B', 1);
    expect([map.peek('a'), map.peek('b')]).toEqual(['larger', 'B']);
    map.set('a', 'too large', 11);
    expect(map.peek('a')).toBe('larger');
    map.set('c', 'C', 2); // 9 + 1 + 2 > 10: a, the oldest, goes
    expect([map.peek('a'), map.count]).toEqual([undefined, 2]);
  });

  it('delete and clear give their sizes back', () => {
    const map = new LruMap<string>(4);
    map.set('a', 'A', 4);
    map.delete('a');
    map.set('b', 'B', 4);
    expect(map.peek('b')).toBe('B');
    map.clear();
    map.set('c', 'C', 4);
    map.set('d', 'D', 0);
    expect([map.peek('c'), map.peek('d'), map.count]).toEqual(['C', 'D', 2]);
  });
});
