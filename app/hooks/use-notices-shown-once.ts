import { useState } from 'react';
import type { CartNotice } from '~/models/cart-rules.ts';

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
