// Our patch of turbo-stream's encoder (patches/README.md) writes the loaders' data for hydration and
// for navigations with less work per value. The text must stay exactly the published encoder's:
// the ES module build, which the patch leaves alone (the browser only decodes), is that encoder.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  serversTurboStream as patched,
  serversTurboStreamFile as serversFile,
  type TurboPlugin as Plugin,
  type TurboStream as Turbo,
} from '../test/turbo-stream.ts';
// The same package's ES module build, by its file (not a dependency of ours by name).
const published = (await import(pathToFileURL(path.join(path.dirname(serversFile), 'turbo-stream.mjs')).href)) as Turbo;

/** The plugins Remix encodes with: errors sanitized, redirects marked, class instances as plain objects. */
const REDIRECT = Symbol.for('test redirect');
const plugins: Plugin[] = [
  (value) => (value instanceof Error ? ['SanitizedError', value.name, value.message, 'stack'] : undefined),
  (value) => (value && typeof value === 'object' && REDIRECT in value ? ['SingleFetchRedirect', (value as Record<symbol, unknown>)[REDIRECT]] : undefined),
];
const postPlugins: Plugin[] = [
  (value) => (value && typeof value === 'object' ? ['SingleFetchClassInstance', Object.fromEntries(Object.entries(value))] : undefined),
  () => ['SingleFetchFallback'],
];

async function encodeWith(turbo: Turbo, value: unknown): Promise<string> {
  try {
    return await new Response(turbo.encode(value, { plugins, postPlugins })).text();
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

/** A small deterministic generator: the same values on every run. */
function randomFrom(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

// Strings JSON escapes and strings it does not: quotes, backslashes, control characters, a lone
// surrogate on either side, a pair, line separators, markup, a key that reads like an index.
const STRINGS = [
  '',
  'id',
  'name',
  'rows',
  '"quoted"',
  'back\\slash',
  'line\nbreak',
  'tab\t',
  '\u0000',
  '\u001f',
  '\u007f',
  'café',
  '🎉',
  '\ud800',
  'x\udc00y',
  '\u2028',
  '</script>',
  '_1',
  'Robot toy',
];
const NUMBERS = [0, -0, 1, -1, 1.5, NaN, Infinity, -Infinity, 1e21, 5e-324, 2 ** 53, 123_456_789];

class Instance {
  kind = 'instance';
}

function randomValue(random: ReturnType<typeof randomFrom>, depth: number, seen: unknown[]): unknown {
  const { next, pick } = random;
  if (depth > 3 || next() < 0.35) {
    const scalar = pick([
      () => pick(STRINGS),
      () => `${pick(STRINGS)}${Math.floor(next() * 4)}`,
      () => pick(NUMBERS),
      () => Math.floor(next() * 200) - 100,
      () => next() < 0.5,
      () => null,
      () => undefined,
      () => BigInt(Math.floor(next() * 1000)),
      () => Symbol.for(`symbol ${Math.floor(next() * 3)}`),
      () => (seen.length > 0 ? pick(seen) : 'nothing seen yet'),
    ])();
    return scalar;
  }
  const child = () => randomValue(random, depth + 1, seen);
  const made = pick([
    () => Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, (_, i) => [`${pick(STRINGS)}${next() < 0.3 ? i : ''}`, child()])),
    () => Array.from({ length: Math.floor(next() * 5) }, child),
    () => {
      const withHoles: unknown[] = [1];
      withHoles[2] = child();
      withHoles[6] = child();
      return withHoles;
    },
    () => Object.assign(Object.create(null) as object, { [pick(STRINGS)]: child() }),
    () => new Date(Math.floor(next() * 1e12)),
    () => new Map([[child(), child()]]),
    () => new Set([child(), pick(STRINGS)]),
    () => new URL(`https://example.com/${pick(['a', 'b%20c', '%F0%9F%8E%89'])}`),
    () => /a"b/gi,
    () => new TypeError(pick(STRINGS)),
    () => new Instance(),
    () => ({ [REDIRECT]: { redirect: '/products', status: 302 } }),
    () => Promise.resolve(child()),
    () => () => 'a function',
  ])();
  if (next() < 0.3) seen.push(made);
  return made;
}

describe("the server's data encoder", () => {
  it('is our patched copy, the one Remix loads', () => {
    expect(readFileSync(path.join(path.dirname(serversFile), 'flatten.js'), 'utf8')).toContain("REEN's patch");
    expect(patched.encode).not.toBe(published.encode);
  });

  it('writes what the published encoder writes, value for value', async () => {
    const random = randomFrom(26);
    let escaped = 0;
    let fallback = 0;
    let deferred = 0;
    for (let i = 0; i < 3_000; i++) {
      const value = randomValue(random, 0, []);
      const expected = await encodeWith(published, value);
      expect(await encodeWith(patched, value), expected).toBe(expected);
      if (expected.includes('\\u')) escaped++;
      if (expected.includes('SingleFetchFallback')) fallback++;
      if (expected.includes('\nP')) deferred++;
    }
    // The corpus reached escaped strings, values only a plugin could write, and promises resolved later.
    expect(escaped).toBeGreaterThan(100);
    expect(fallback).toBeGreaterThan(10);
    expect(deferred).toBeGreaterThan(10);
  });

  it('writes a page of rows as the published encoder does, and reads back as it was', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      id: `product-${i}`,
      name: `Robot "${i}" </script>\n`,
      priceCents: 1_234 * i,
      seller: { id: `seller-${i % 3}`, name: `Seller ${i % 3}` },
      imageUrls: [`/images/${i}.png`],
      canManage: i === 0,
    }));
    const data = { root: { user: { name: 'Ann' }, counts: { cartLines: 0 } }, 'routes/products': { rows, page: 1, total: 10, missing: undefined } };
    const text = await encodeWith(patched, data);
    expect(text).toBe(await encodeWith(published, data));
    const decoded = await published.decode(new Response(text).body!);
    expect(decoded.value).toEqual(data);
  });
});
