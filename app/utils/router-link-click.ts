// What a click on a PlainLink does with JavaScript on: the same decision as Remix's <Link> makes
// (react-router's shouldProcessLinkClick), written apart from the DOM so it can be tested.

export type LinkClick = Pick<MouseEvent, 'button' | 'metaKey' | 'altKey' | 'ctrlKey' | 'shiftKey' | 'defaultPrevented'>;
export type ClickedAnchor = { href: string; target: string; hasAttribute: (name: string) => boolean };
export type CurrentLocation = Pick<Location, 'origin' | 'pathname' | 'search' | 'hash'>;

/**
 * Where the router should go for this click, or null when the browser should follow the link:
 * a click another handler took, any button but the main one or with a modifier key (a new tab or
 * window, a download), a link opening elsewhere, a download, or another site. Like `<Link>`, a
 * link to the page already shown replaces its history entry instead of adding one.
 */
export function routerLinkTarget(click: LinkClick, anchor: ClickedAnchor, here: CurrentLocation): { path: string; replace: boolean } | null {
  if (click.defaultPrevented || click.button !== 0 || click.metaKey || click.altKey || click.ctrlKey || click.shiftKey) return null;
  if ((anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return null;
  const url = new URL(anchor.href);
  if (url.origin !== here.origin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return { path, replace: path === `${here.pathname}${here.search}${here.hash}` };
}
