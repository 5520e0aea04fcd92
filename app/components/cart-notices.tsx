// What changed in the cart since the shopper last saw it, without them: said once, above the lines.
import { useState } from 'react';
import { cartNoticeMessage, type CartNotice } from '~/models/cart.ts';
import { MessageText } from './user-text.tsx';

/**
 * The notices to show: the cart's loader hands each out once (reading deletes it), so the data of a
 * later revalidation (after changing a quantity) has none. The last notices received stay shown
 * until the page or drawer is left.
 */
export function useNoticesShownOnce(latest: CartNotice[] | undefined): CartNotice[] {
  const [kept, setKept] = useState<CartNotice[]>(latest ?? []);
  const [seen, setSeen] = useState(latest);
  if (latest !== seen) {
    setSeen(latest);
    if (latest && latest.length > 0) setKept(latest);
  }
  return kept;
}

export function CartNotices({ notices }: { notices: CartNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <div role="status" data-testid="cart-notices" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <p className="font-semibold">Your cart changed since you last saw it:</p>
      <ul className="list-inside list-disc break-words">
        {notices.map((notice, index) => (
          <li key={index}>
            <MessageText text={cartNoticeMessage(notice)} />
          </li>
        ))}
      </ul>
    </div>
  );
}
