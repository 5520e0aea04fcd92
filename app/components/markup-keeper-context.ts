// How the server hands its kept markup to the parts of a page (docs/decisions/027 and 028). The
// browser has no keeper: every part renders as usual.
import { createContext, type ReactNode } from 'react';

/** Markup kept on the server for a part of a page, by the data it shows. */
export type MarkupKeeper = {
  /**
   * The markup `render` gave for `part` with this `data`, if kept; otherwise nothing, and the
   * keeper may render it later, outside the page's render, for the next request.
   */
  markupOf(part: string, data: unknown, render: () => ReactNode): string | undefined;
  /**
   * The markup kept for a page's content `part` with this `data`, if any; otherwise nothing, and
   * the keeper may cut it from this page once rendered, for the next request.
   */
  partOf(part: string, data: unknown): string | undefined;
};

/** Given on the server only: in the browser every part renders as usual. */
export const MarkupKeeperContext = createContext<MarkupKeeper | null>(null);
