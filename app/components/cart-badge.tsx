import { Link } from '@remix-run/react';
import { badgeCount } from './badge-count.ts';
import { useOptimisticCartCount } from './cart-fetcher.ts';
import { CartIcon } from './icons.tsx';

/** The header's cart link; its badge counts lines, optimistically while adds and removes are in flight. */
export function CartLink({ lines }: { lines: number }) {
  const shown = useOptimisticCartCount(lines);
  return (
    <Link to="/cart" className="relative rounded-md p-1.5 hover:bg-zinc-100 sm:p-2 dark:hover:bg-zinc-800" aria-label={`Cart, ${shown} ${shown === 1 ? 'line' : 'lines'}`}>
      <CartIcon />
      {shown > 0 ? (
        <span data-testid="cart-badge" className="absolute -right-1 -top-1 rounded-full bg-brand-700 px-1.5 text-xs font-bold text-white">
          {badgeCount(shown)}
        </span>
      ) : null}
    </Link>
  );
}
