import { badgeCount } from '~/utils/badge-count.ts';
import { useOptimisticCartCount } from '~/hooks/cart-fetcher.ts';
import { CartIcon } from './icons.tsx';
import { PlainLink } from './plain-link.tsx';

export const CART_CONTROL_CLASS = 'relative rounded-md p-1.5 hover:bg-zinc-100 sm:p-2 dark:hover:bg-zinc-800';

export function cartControlLabel(lines: number) {
  return `Cart, ${lines} ${lines === 1 ? 'line' : 'lines'}`;
}

/** The cart icon with its badge, which counts lines. */
export function CartIconWithBadge({ lines }: { lines: number }) {
  return (
    <>
      <CartIcon />
      {lines > 0 ? (
        <span data-testid="cart-badge" className="absolute -right-1 -top-1 rounded-full bg-brand-700 px-1.5 text-xs font-bold text-white">
          {badgeCount(lines)}
        </span>
      ) : null}
    </>
  );
}

/** The header's cart link; its badge counts lines, optimistically while adds and removes are in flight. */
export function CartLink({ lines }: { lines: number }) {
  const shown = useOptimisticCartCount(lines);
  return (
    <PlainLink to="/cart" className={CART_CONTROL_CLASS} aria-label={cartControlLabel(shown)}>
      <CartIconWithBadge lines={shown} />
    </PlainLink>
  );
}
