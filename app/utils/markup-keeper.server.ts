// Parts of pages rendered once per the data they show (docs/decisions/027-table-rows-rendered-once.md).
import { renderToString } from 'react-dom/server';
import type { MarkupKeeper } from '~/components/kept-markup.tsx';
import { logger } from './logger.server.ts';
import { LruMap } from './lru-map.ts';

export type MarkupKeeperOptions = {
  /** Keys and markup kept, in characters; the least recently used go first. */
  maxChars: number;
  /** Runs a render after the current one has ended; tests run it at once. */
  later?: (render: () => void) => void;
};

/** Keys missed once that are remembered, waiting for a second miss (a key is its rows' JSON, a few KB). */
const MAX_SEEN_ONCE = 500;

/**
 * A part's markup is kept under its name and its data's JSON: the key is everything it shows, so
 * nothing kept is ever stale and nothing needs invalidating. A key asked for the first time is only
 * noted; on its second miss the part is rendered on its own, after the page's render (React renders
 * one tree at a time), and kept for the requests after. Under a stream of writes a page's rows may
 * change with every request: rows seen once are not rendered a second time for a keeping never used.
 */
export function markupKeeper({ maxChars, later = setImmediate }: MarkupKeeperOptions): MarkupKeeper & { readonly size: number } {
  const kept = new LruMap<string>(maxChars);
  const seenOnce = new Set<string>();
  const rendering = new Set<string>();

  return {
    get size() {
      return kept.count;
    },
    markupOf(part, data, render) {
      const key = `${part} ${JSON.stringify(data)}`;
      const markup = kept.get(key);
      if (markup !== undefined) return markup;
      if (rendering.has(key)) return undefined;
      if (!seenOnce.delete(key)) {
        seenOnce.add(key);
        if (seenOnce.size > MAX_SEEN_ONCE) seenOnce.delete(seenOnce.keys().next().value!);
        return undefined;
      }
      rendering.add(key);
      later(() => {
        try {
          const rendered = renderToString(render());
          kept.set(key, rendered, key.length + rendered.length);
        } catch (error) {
          // The page rendered the same rows in its own render: kept or not, nothing is lost.
          logger().warn({ err: error, part }, 'a kept part failed to render on its own');
        } finally {
          rendering.delete(key);
        }
      });
      return undefined;
    },
  };
}
