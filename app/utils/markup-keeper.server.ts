// Parts of pages rendered once per the data they show (docs/decisions/027-table-rows-rendered-once.md,
// docs/decisions/028-page-content-kept-from-the-page.md).
import { renderToString } from 'react-dom/server';
import type { MarkupKeeper } from '~/components/markup-keeper-context.ts';
import { innerMarkupOfPart } from './kept-part-markup.server.ts';
import { logger } from './logger.server.ts';
import { LruMap } from './lru-map.ts';
import { metrics } from './metrics.server.ts';

export type MarkupKeeperOptions = {
  /** Keys and markup kept, in characters; the least recently used go first. */
  maxChars: number;
  /** Runs a render after the current one has ended; tests run it at once. */
  later?: (render: () => void) => void;
};

/** The keeper one page's render is given; once the page is rendered, `keepParts` takes what it missed from it. */
export type PageMarkupKeeper = MarkupKeeper & {
  /** Keeps the markup of the parts this page rendered on a second miss, cut from the page's HTML. */
  keepParts(html: Buffer): void;
};

/** Keys missed once that are remembered, waiting for a second miss (a key is its data's JSON, a few KB). */
const MAX_SEEN_ONCE = 500;

/**
 * A part's markup is kept under its name and its data's JSON: the key is everything it shows, so
 * nothing kept is ever stale and nothing needs invalidating. A key asked for the first time is only
 * noted: under a stream of writes a page's data may change with every request, and markup seen
 * once is not kept for a keeping never used. On its second miss the part is kept, one of two ways:
 * - table rows (`markupOf`) are rendered on their own after the page's render (React renders one
 *   tree at a time), which works because they read no hook and no context;
 * - a page's content (`partOf`), which reads the router's hooks, is cut from the page's own HTML
 *   once the page is rendered (`keepParts`): no render more.
 */
export function markupKeeper({ maxChars, later = setImmediate }: MarkupKeeperOptions) {
  const kept = new LruMap<string>(maxChars);
  const seenOnce = new Set<string>();
  const rendering = new Set<string>();

  const keyOf = (part: string, data: unknown) => `${part} ${JSON.stringify(data)}`;
  const keep = (key: string, markup: string) => kept.set(key, markup, key.length + markup.length);
  const count = (part: string, markup: string | undefined) => metrics().keptMarkup.inc({ part, outcome: markup === undefined ? 'rendered' : 'served' });

  /** True at a key's second miss; its first is only noted. */
  function missedBefore(key: string): boolean {
    if (seenOnce.delete(key)) return true;
    seenOnce.add(key);
    if (seenOnce.size > MAX_SEEN_ONCE) seenOnce.delete(seenOnce.keys().next().value!);
    return false;
  }

  const markupOf: MarkupKeeper['markupOf'] = (part, data, render) => {
    const key = keyOf(part, data);
    const markup = kept.get(key);
    count(part, markup);
    if (markup !== undefined) return markup;
    if (rendering.has(key) || !missedBefore(key)) return undefined;
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
  };

  return {
    get size() {
      return kept.count;
    },
    /** The keeper of one page's render: rows and content are kept across pages, content cut from each. */
    forPage(): PageMarkupKeeper {
      const toKeep = new Map<string, string>();
      return {
        markupOf,
        partOf(part, data) {
          const key = keyOf(part, data);
          const markup = kept.get(key);
          count(part, markup);
          if (markup === undefined && missedBefore(key)) toKeep.set(part, key);
          return markup;
        },
        keepParts(html) {
          for (const [part, key] of toKeep) {
            const markup = innerMarkupOfPart(html, part);
            if (markup !== undefined) keep(key, markup);
          }
          toKeep.clear();
        },
      };
    },
  };
}
