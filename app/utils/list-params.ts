// Reading list state (page, rows per page, order) from a URL. Anything malformed falls back to a
// default instead of failing: a hand-edited URL still gets a page, never an error.

export const PER_PAGE_OPTIONS = [10, 20, 30, 40, 50] as const;
const DEFAULT_PER_PAGE = 10;

export type SortOrder = 'asc' | 'desc';

/** A whole page number of at least 1 (clamped to the last page once the total is known). */
export function parsePage(value: string | null): number {
  const page = Number(value);
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

export function parsePerPage(value: string | null): number {
  const perPage = Number(value);
  return (PER_PAGE_OPTIONS as readonly number[]).includes(perPage) ? perPage : DEFAULT_PER_PAGE;
}

export function parseOrder(value: string | null): SortOrder | null {
  return value === 'asc' || value === 'desc' ? value : null;
}

/** One of `allowed`, or the fallback. */
export function parseChoice<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

/** A search term: trimmed, at most 100 characters (the longest name there is). */
export function parseSearch(value: string | null): string {
  return (value ?? '').trim().slice(0, 100);
}

export type PageWindow = { page: number; pageCount: number; perPage: number; total: number; skip: number };

/** The page actually shown: `requested` clamped to 1..last, where an empty list has one page. */
export function pageWindow(requested: number, perPage: number, total: number): PageWindow {
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(requested, 1), pageCount);
  return { page, pageCount, perPage, total, skip: (page - 1) * perPage };
}

/**
 * Reads the requested page while the total is counted, instead of one after the other; only a page
 * past the end (clamped to the last one) costs a second read.
 */
export async function pageInParallelWithTotal<K extends string, T>(
  query: { page: number; perPage: number },
  count: Promise<number>,
  pageOf: (window: PageWindow) => Promise<T[]>,
  key: K,
): Promise<PageWindow & Record<K, T[]>> {
  const requested = pageWindow(query.page, query.perPage, Number.MAX_SAFE_INTEGER);
  const [total, rows] = await Promise.all([count, pageOf(requested)]);
  const window = pageWindow(query.page, query.perPage, total);
  const items = window.page === requested.page ? rows : await pageOf(window);
  return { ...window, [key]: items } as PageWindow & Record<K, T[]>;
}
