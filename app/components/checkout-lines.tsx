import { Money } from './money.tsx';
import { PlainLink } from './plain-link.tsx';
import { UserText } from './user-text.tsx';

export type CheckoutLine = { productId: string | null; productName: string; unitPriceCents: number; quantity: number };

/** The lines of a checkout or order as a table, with their total. */
export function CheckoutLines({ lines, totalCents }: { lines: CheckoutLine[]; totalCents: number }) {
  return (
    <div className="stacked-table">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className="py-2">Product</th>
            <th className="py-2 text-right">Quantity</th>
            <th className="py-2 text-right">Unit price</th>
            <th className="py-2 text-right">Subtotal</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, index) => (
            <tr key={index} className="border-b border-zinc-100 dark:border-zinc-900">
              <td className="py-2 wrap-anywhere">
                {line.productId ? (
                  <PlainLink to={`/products/${line.productId}`} className="hover:underline">
                    <UserText>{line.productName}</UserText>
                  </PlainLink>
                ) : (
                  <UserText>{line.productName}</UserText>
                )}
              </td>
              <td className="py-2 text-right tabular-nums" data-label="Quantity">
                {line.quantity}
              </td>
              <td className="py-2 text-right" data-label="Unit price">
                <Money cents={line.unitPriceCents} />
              </td>
              <td className="py-2 text-right" data-label="Subtotal">
                <Money cents={line.unitPriceCents * line.quantity} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3} className="py-2 text-right font-semibold">
              Total
            </td>
            <td className="py-2 text-right font-semibold" data-testid="checkout-total">
              <Money cents={totalCents} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
