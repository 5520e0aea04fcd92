import { Form, Link, useLocation } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { SidebarCounts } from '~/models/user.server.ts';
import type { Theme } from '~/utils/theme.server.ts';
import { badgeCount } from './badge-count.ts';
import { HeaderCart } from './cart-drawer.tsx';
import { MenuIcon } from './icons.tsx';
import { ThemeSwitch } from './theme-switch.tsx';

export type ShellUser = { id: string; name: string; role: string } | null;

/**
 * Sticky header and sidebar around every page. The menu toggle is a checkbox, so it opens and
 * closes the sidebar without JavaScript: checked, the outer block's :has() rule shows the sidebar on
 * small screens and hides it on large ones.
 */
export function AppShell({ user, counts, theme, children }: { user: ShellUser; counts: SidebarCounts; theme: Theme; children: ReactNode }) {
  return (
    <div className="min-h-screen bg-zinc-50 text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100 [&:has(#menu-toggle:checked)_#sidebar]:block md:[&:has(#menu-toggle:checked)_#sidebar]:hidden">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 dark:focus:bg-zinc-900">
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-zinc-200 bg-white/90 px-2 backdrop-blur sm:gap-3 sm:px-3 dark:border-zinc-800 dark:bg-zinc-900/90">
        <label
          className="relative cursor-pointer rounded-md p-1.5 hover:bg-zinc-100 sm:p-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-(--focus-ring) dark:hover:bg-zinc-800"
          title="Toggle the menu"
        >
          <input type="checkbox" id="menu-toggle" className="sr-only" aria-controls="sidebar" />
          <MenuIcon />
          <span className="sr-only">Toggle the menu</span>
        </label>
        <Link to="/" className="text-xl font-black tracking-widest text-brand-600 dark:text-brand-500">
          REEN
        </Link>
        <div className="ml-auto flex items-center gap-2 sm:gap-3">
          <ThemeSwitch theme={theme} />
          {user ? (
            <>
              <Link to="/profile" className="hidden text-sm font-medium sm:inline" data-testid="header-user">
                {user.name}
              </Link>
              <Form method="post" action="/sign-out">
                <button type="submit" className="rounded-md px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
                  Sign out
                </button>
              </Form>
            </>
          ) : (
            <Link to="/sign-in" className="whitespace-nowrap rounded-md bg-zinc-900 px-2 py-1.5 text-sm sm:px-3 font-medium text-white dark:bg-zinc-100 dark:text-zinc-900">
              Sign in
            </Link>
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

type Item = { label: string; to: string; count?: number; isCurrent: boolean };

function Sidebar({ user, counts }: { user: ShellUser; counts: SidebarCounts }) {
  const { pathname, search } = useLocation();
  const mine = new URLSearchParams(search).get('mine') === '1';
  const items: Item[] = [
    { label: 'Profile', to: '/profile', isCurrent: pathname === '/profile' },
    { label: 'Users', to: '/users', count: counts.users, isCurrent: pathname.startsWith('/users') },
    { label: 'Products', to: '/products', count: counts.products, isCurrent: pathname.startsWith('/products') && !mine },
    { label: 'Economy', to: '/economy', isCurrent: pathname === '/economy' },
    ...(user ? [{ label: 'My Products', to: '/products?mine=1', count: counts.myProducts, isCurrent: pathname === '/products' && mine }] : []),
    ...(user ? [{ label: 'Orders', to: '/orders', count: counts.orders, isCurrent: pathname.startsWith('/orders') }] : []),
    // Sellers, and anyone who has sold (a seller who stepped down keeps their history).
    ...(user && (user.role === 'ADMIN' || counts.sales > 0) ? [{ label: 'Sales', to: '/sales', count: counts.sales, isCurrent: pathname === '/sales' }] : []),
  ];
  return (
    <nav
      id="sidebar"
      aria-label="Main"
      className="fixed left-0 top-14 z-20 hidden h-[calc(100vh-3.5rem)] w-60 shrink-0 overflow-y-auto border-r shadow-lg md:sticky md:shadow-none border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900 md:block"
    >
      <ul className="space-y-1">
        {items.map((item) => (
          <li key={item.label}>
            <Link
              to={item.to}
              aria-current={item.isCurrent ? 'page' : undefined}
              className="flex items-center justify-between rounded-md px-3 py-2 text-sm hover:bg-zinc-100 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold aria-[current=page]:text-brand-700 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-brand-500"
            >
              <span>{item.label}</span>
              {item.count !== undefined ? (
                <span data-testid={`count-${item.label.toLowerCase().replace(' ', '-')}`} className="rounded-full bg-zinc-100 px-2 text-xs tabular-nums text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                  {badgeCount(item.count)}
                </span>
              ) : null}
            </Link>
          </li>
        ))}
      </ul>
      {user?.role === 'ADMIN' ? (
        <Link
          to="/products/new"
          className="mt-4 block rounded-md bg-brand-700 px-3 py-2 text-center text-sm font-semibold text-white hover:bg-brand-800"
        >
          Create a product
        </Link>
      ) : null}
    </nav>
  );
}
