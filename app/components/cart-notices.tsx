// What changed in the cart since the shopper last saw it, without them: said once, above the lines.
import { cartNoticeMessage, type CartNotice } from '~/models/cart-rules.ts';
import { MessageText } from './user-text.tsx';

export function CartNotices({ notices }: { notices: CartNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <div
      role="status"
      data-testid="cart-notices"
      className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
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
