import { Form, useLocation } from '@remix-run/react';
import { useEffect, useRef, type ReactNode } from 'react';
import type { SidebarCounts } from '~/models/user.server.ts';
import type { Theme } from '~/utils/theme.server.ts';
import { badgeCount } from '~/utils/badge-count.ts';
import { HeaderCart } from './cart-drawer.tsx';
import { MenuIcon } from './icons.tsx';
import { PlainLink } from './plain-link.tsx';
import { ThemeSwitch } from './theme-switch.tsx';
import { UserText } from './user-text.tsx';

export type ShellUser = { id: string; name: string; role: string } | null;

/**
 * Sticky header and sidebar around every page. The menu toggle is a checkbox, so it opens and
 * closes the sidebar without JavaScript: checked, the outer block's :has() rule shows the sidebar on
 * small screens and hides it on large ones. With JavaScript (useMenu), the open menu of a small screen
 * also closes when a page is picked or on Escape, and keeps the keyboard focus inside it.
 */
export function AppShell({ user, counts, theme, children }: { user: ShellUser; counts: SidebarCounts; theme: Theme; children: ReactNode }) {
  const toggle = useMenu();
  return (
    <div className="min-h-screen bg-zinc-50 text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100 [&:has(#menu-toggle:checked)_#sidebar]:block md:[&:has(#menu-toggle:checked)_#sidebar]:hidden">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 dark:focus:bg-zinc-900"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-zinc-200 bg-white/90 px-2 backdrop-blur sm:gap-3 sm:px-3 dark:border-zinc-800 dark:bg-zinc-900/90">
        <label
          className="relative cursor-pointer rounded-md p-1.5 hover:bg-zinc-100 sm:p-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-(--focus-ring) dark:hover:bg-zinc-800"
          title="Toggle the menu"
        >
          <input ref={toggle} type="checkbox" id="menu-toggle" className="sr-only" aria-controls="sidebar" />
          <MenuIcon />
          <span className="sr-only">Toggle the menu</span>
        </label>
        <PlainLink to="/" className="shrink-0 text-xl font-black tracking-widest text-brand-600 dark:text-brand-500">
          REEN
        </PlainLink>
        <div className="ml-auto flex min-w-0 items-center gap-2 sm:gap-3">
          <ThemeSwitch theme={theme} />
          {user ? (
            <>
              {/* Cut short when long: the profile it links to shows the whole name. */}
              <PlainLink to="/profile" className="min-w-0 max-w-64 truncate text-sm font-medium" data-testid="header-user">
                <UserText>{user.name}</UserText>
              </PlainLink>
              {/* On a phone, in the menu: the header has no room for it. */}
              <Form method="post" action="/sign-out" className="hidden shrink-0 sm:block">
                <button type="submit" className="rounded-md px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
                  Sign out
                </button>
              </Form>
            </>
          ) : (
            <PlainLink
              to="/sign-in"
              className="whitespace-nowrap rounded-md bg-zinc-900 px-2 py-1.5 text-sm sm:px-3 font-medium text-white dark:bg-zinc-100 dark:text-zinc-900"
            >
              Sign in
            </PlainLink>
          )}
          <HeaderCart lines={counts.cartLines} signedIn={user !== null} />
        </div>
      </header>
      <div className="flex">
        <Sidebar user={user} counts={counts} />
        {/* Focusable, so that the skip link moves keyboard focus here; the target of a jump needs no ring. */}
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-4 outline-none sm:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}

/** Below this width the sidebar opens over the page, as a menu (Tailwind's md). */
const MENU_BELOW = '(width < 48rem)';

/**
 * The menu toggle's behaviour with JavaScript, on a small screen where the checked toggle shows the
 * sidebar over the page: a page picked closes it (without JavaScript the new page does), Escape
 * closes it and gives the focus back to the toggle, and Tab cycles between the toggle and the menu.
 */
function useMenu() {
  const toggle = useRef<HTMLInputElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    if (toggle.current) toggle.current.checked = false;
  }, [key]);
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const input = toggle.current;
      const sidebar = document.getElementById('sidebar');
      if (!input?.checked || !sidebar || !window.matchMedia(MENU_BELOW).matches) return;
      if (event.key === 'Escape') {
        input.checked = false;
        input.focus();
      } else if (event.key === 'Tab') {
        const stops = [input, ...sidebar.querySelectorAll<HTMLElement>('a[href], button:not([disabled])')].filter((element) => element.checkVisibility());
        const at = stops.indexOf(document.activeElement as HTMLElement);
        const next = at === -1 ? 0 : (at + (event.shiftKey ? -1 : 1) + stops.length) % stops.length;
        event.preventDefault();
        stops[next]?.focus();
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  return toggle;
}

type Item = { label: string; to: string; count?: number; isCurrent: boolean };

function Sidebar({ user, counts }: { user: ShellUser; counts: SidebarCounts }) {
  const { pathname, search } = useLocation();
  const mine = new URLSearchParams(search).get('mine') === '1';
  const items: Item[] = [
    { label: 'Profile', to: '/profile', isCurrent: pathname === '/profile' || pathname.startsWith('/profile/') },
    { label: 'Users', to: '/users', count: counts.users, isCurrent: pathname.startsWith('/users') },
    { label: 'Products', to: '/products', count: counts.products, isCurrent: pathname.startsWith('/products') && !mine },
    { label: 'Economy', to: '/economy', isCurrent: pathname === '/economy' },
    ...(user ? [{ label: 'My Products', to: '/products?mine=1', count: counts.myProducts, isCurrent: pathname === '/products' && mine }] : []),
    ...(user ? [{ label: 'Orders', to: '/orders', count: counts.orders, isCurrent: pathname.startsWith('/orders') }] : []),
    // Sellers, and anyone who has sold (a seller who stepped down keeps their history).
    ...(user && (user.role === 'ADMIN' || counts.sales > 0) ? [{ label: 'Sales', to: '/sales', count: counts.sales, isCurrent: pathname === '/sales' }] : []),
  ];
  // The items' look is in tailwind.css (.sidebar-link, .sidebar-count): every page repeats it per item.
  return (
    <nav
      id="sidebar"
      aria-label="Main"
      className="fixed left-0 top-14 z-20 hidden h-[calc(100vh-3.5rem)] w-60 shrink-0 overflow-y-auto border-r shadow-lg md:sticky md:shadow-none border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900 md:block"
    >
      <ul className="space-y-1">
        {items.map((item) => (
          <li key={item.label}>
            <PlainLink to={item.to} aria-current={item.isCurrent ? 'page' : undefined} className="sidebar-link">
              <span>{item.label}</span>
              {item.count !== undefined ? (
                <span data-testid={`count-${item.label.toLowerCase().replace(' ', '-')}`} className="sidebar-count">
                  {badgeCount(item.count)}
                </span>
              ) : null}
            </PlainLink>
          </li>
        ))}
      </ul>
      {user?.role === 'ADMIN' ? (
        <PlainLink to="/products/new" className="mt-4 block rounded-md bg-brand-700 px-3 py-2 text-center text-sm font-semibold text-white hover:bg-brand-800">
          Create a product
        </PlainLink>
      ) : null}
      {user ? (
        <Form method="post" action="/sign-out" className="mt-4 sm:hidden">
          <button
            type="submit"
            className="w-full rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Sign out
          </button>
        </Form>
      ) : null}
    </nav>
  );
}
