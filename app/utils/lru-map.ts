// Values by key within a budget: each value has a size (bytes, characters, or 1 to count entries)
// and the least recently used go first once the sizes add up to more than the budget.

export class LruMap<V> {
  readonly #entries = new Map<string, { value: V; size: number }>();
  #used = 0;

  constructor(readonly maxSize: number) {}

  /** How many values are kept. */
  get count(): number {
    return this.#entries.size;
  }

  /** The value, now the most recently used. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key); // a Map iterates in insertion order: the most recently used goes last
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** The value, its place in the order unchanged. */
  peek(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** Keeps `value` as the most recently used, unless it alone is larger than the budget (then nothing changes). */
  set(key: string, value: V, size = 1): void {
    if (size > this.maxSize) return;
    this.delete(key);
    this.#entries.set(key, { value, size });
    this.#used += size;
    for (const [oldest] of this.#entries) {
      if (this.#used <= this.maxSize) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#used -= entry.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#used = 0;
  }
}
