// Reads kept in memory for as long as a version read from the database stays the same: exact, never
// a moment stale, because the version changes in the same transaction as every write that changes
// what the reads return (docs/decisions/026-catalog-reads-at-the-page-version.md).
import { LruMap } from './lru-map.ts';

export type VersionedCacheOptions = {
  /** The current version; callers arriving together should share one read (readAfterCall). */
  readVersion: () => Promise<bigint>;
  /** Entries kept; the least recently used go first. */
  maxEntries: number;
};

/**
 * `read(key, compute)` answers what `compute` gave for `key` at the current version, computing it
 * only when this version has not been read for that key yet. The version is read before `compute`
 * runs, so a write committed meanwhile only makes the entry newer than its version, never older:
 * the next request reads the new version and computes again. Callers that ask for the same key while
 * it is computed share that computation; a failed one is not kept.
 */
export function versionedCache({ readVersion, maxEntries }: VersionedCacheOptions) {
  let version: bigint | null = null;
  const entries = new LruMap<Promise<unknown>>(maxEntries);

  return async function read<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let current: bigint;
    try {
      current = await readVersion();
    } catch {
      // Without a version nothing kept can be trusted: read as if there were no cache.
      return compute();
    }
    if (current !== version) {
      version = current;
      entries.clear();
    }
    const kept = entries.get(key) as Promise<T> | undefined;
    if (kept) return kept;
    // Prisma's queries are thenables that start when first awaited: started now, as one promise.
    const result = Promise.resolve(compute());
    entries.set(key, result);
    result.catch(() => {
      if (entries.peek(key) === result) entries.delete(key);
    });
    return result;
  };
}
