// Parts of pages rendered once per the data they show (docs/decisions/027-table-rows-rendered-once.md).
import { renderToString } from 'react-dom/server';
import type { MarkupKeeper } from '~/components/kept-markup.tsx';
import { logger } from './logger.server.ts';

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
  const kept = new Map<string, string>();
  const seenOnce = new Map<string, true>();
  const rendering = new Set<string>();
  let chars = 0;

  const keep = (key: string, markup: string) => {
    if (key.length + markup.length > maxChars) return;
    kept.set(key, markup);
    chars += key.length + markup.length;
    for (const [oldKey, oldMarkup] of kept) {
      if (chars <= maxChars) break;
      kept.delete(oldKey);
      chars -= oldKey.length + oldMarkup.length;
    }
  };

  return {
    get size() {
      return kept.size;
    },
    markupOf(part, data, render) {
      const key = `${part} ${JSON.stringify(data)}`;
      const markup = kept.get(key);
      if (markup !== undefined) {
        kept.delete(key); // most recently used goes last
        kept.set(key, markup);
        return markup;
      }
      if (rendering.has(key)) return undefined;
      if (!seenOnce.delete(key)) {
        seenOnce.set(key, true);
        if (seenOnce.size > MAX_SEEN_ONCE) seenOnce.delete(seenOnce.keys().next().value!);
        return undefined;
      }
      rendering.add(key);
      later(() => {
        try {
          keep(key, renderToString(render()));
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
