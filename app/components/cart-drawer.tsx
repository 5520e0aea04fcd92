import { useFetcher, useLocation } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { summarizeCart, type CartNotice } from '~/models/cart-rules.ts';
import type { CartView } from '~/models/cart.server.ts';
import { CART_CONTROL_CLASS, CartIconWithBadge, CartLink, cartControlLabel } from './cart-badge.tsx';
import { useOptimisticCartCount, useOptimisticLines } from '~/hooks/cart-fetcher.ts';
import { CartLineRow } from './cart-line.tsx';
import { CartNotices } from './cart-notices.tsx';
import { useNoticesShownOnce } from '~/hooks/use-notices-shown-once.ts';
import { CartSummaryPanel } from './cart-summary.tsx';
import { PlainLink } from './plain-link.tsx';
import { useHydrated } from '~/hooks/use-hydrated.ts';

/**
 * The header's cart. Without JavaScript, for a visitor (who has no cart) and on the cart page
 * itself it is the link to /cart; with JavaScript, a button that opens the cart in a drawer: a modal <dialog>, so focus stays in
 * it and Escape closes it. The drawer shows the cart page's data (the /cart loader through a
 * fetcher) with the same line forms and summary, so quantities change through the same fetchers.
 */
export function HeaderCart({ lines, signedIn }: { lines: number; signedIn: boolean }) {
  const hydrated = useHydrated();
  const { pathname } = useLocation();
  if (!hydrated || !signedIn || pathname === '/cart') return <CartLink lines={lines} />;
  return <CartDrawer lines={lines} />;
}

function CartDrawer({ lines }: { lines: number }) {
  const shown = useOptimisticCartCount(lines);
  const dialog = useRef<HTMLDialogElement>(null);
  const cart = useFetcher<CartView>({ key: 'cart-drawer' });
  const { key: locationKey } = useLocation();
  // The contents exist only while the drawer is open: a closed drawer holds no second set of forms.
  const [isOpen, setOpen] = useState(false);

  // Following a link or checking out from the drawer leaves it behind.
  useEffect(() => dialog.current?.close(), [locationKey]);

  function open() {
    dialog.current?.showModal();
    setOpen(true);
    cart.load('/cart');
  }

  return (
    <>
      <button
        type="button"
        onClick={open}
        aria-haspopup="dialog"
        aria-controls="cart-drawer"
        aria-label={cartControlLabel(shown)}
        className={CART_CONTROL_CLASS}
      >
        <CartIconWithBadge lines={shown} />
      </button>
      {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions -- Escape closes a modal dialog natively; the click adds its backdrop */}
      <dialog
        ref={dialog}
        id="cart-drawer"
        aria-labelledby="cart-drawer-heading"
        data-testid="cart-drawer"
        onClose={() => setOpen(false)}
        // Closed by a click on the backdrop (outside the panel) too.
        onClick={(event) => {
          if (event.target === event.currentTarget) event.currentTarget.close();
        }}
        className="m-0 ml-auto h-dvh max-h-none w-full max-w-md overflow-y-auto border-l border-zinc-200 bg-zinc-50 p-0 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-100"
      >
        <div className="space-y-4 p-4">
          <div className="flex items-center justify-between gap-3">
            <h2 id="cart-drawer-heading" className="text-2xl font-bold">
              My Cart
            </h2>
            <button
              type="button"
              onClick={() => dialog.current?.close()}
              className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              Close<span className="sr-only"> the cart</span>
            </button>
          </div>
          {!isOpen ? null : cart.data ? <DrawerContents lines={cart.data.lines} notices={cart.data.notices} /> : <p aria-busy="true">Loading your cart…</p>}
          <PlainLink to="/cart" className="block text-center text-sm font-medium text-brand-700 hover:underline dark:text-brand-500">
            Open the cart page
          </PlainLink>
        </div>
      </dialog>
    </>
  );
}

type DrawerLine = Parameters<typeof CartLineRow>[0]['line'];

// The drawer loads the cart page's data, which hands out the cart's notices once: they are shown here.
function DrawerContents({ lines, notices }: { lines: DrawerLine[]; notices: CartNotice[] }) {
  const shownLines = useOptimisticLines(lines);
  const shownNotices = useNoticesShownOnce(notices);
  if (shownLines.length === 0) {
    return (
      <>
        <CartNotices notices={shownNotices} />
        <div className="rounded-lg border border-dashed border-zinc-300 p-6 text-center dark:border-zinc-700" data-testid="cart-empty">
          <p className="text-zinc-600 dark:text-zinc-400">Your cart is empty.</p>
          <PlainLink to="/products" className="mt-3 inline-block rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            Browse products
          </PlainLink>
        </div>
      </>
    );
  }
  return (
    <>
      <CartNotices notices={shownNotices} />
      <ul
        className="@container divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
        aria-label="Cart lines"
      >
        {shownLines.map((line) => (
          <CartLineRow key={line.id} line={line} />
        ))}
      </ul>
      <CartSummaryPanel summary={summarizeCart(shownLines)} />
    </>
  );
}
