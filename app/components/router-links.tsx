import { useNavigate } from '@remix-run/react';
import { useEffect } from 'react';
import { routerLinkTarget } from '~/utils/router-link-click.ts';

/**
 * Follows every PlainLink with the router: one click listener on the document instead of a handler
 * per link. It is added after React's own (hydration adds those first), so a link's `onClick` runs
 * before it and may prevent the navigation. Rendered once, in the root layout.
 */
export function RouterLinks() {
  const navigate = useNavigate();
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const anchor = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a[data-router-link]') : null;
      if (!anchor) return;
      const target = routerLinkTarget(event, anchor, window.location);
      if (!target) return;
      event.preventDefault();
      void navigate(target.path, { replace: target.replace, preventScrollReset: anchor.dataset.routerLink === 'keep-scroll' });
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [navigate]);
  return null;
}
