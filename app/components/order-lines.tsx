import { Money } from './money.tsx';
import { OrderProduct } from './order-product.tsx';

export type OrderLine = {
  id: string;
  productId: string;
  productName: string;
  isDeleted: boolean;
  /** Units on sale now, shown under a product that is still listed. */
  stock: number;
  imageUrl: string | null;
  quantity: number;
  unitPriceCents: number;
  subtotalCents: number;
};

/** The lines of one order: product, quantity, unit price and subtotal, with the order's total. */
export function OrderLines({ lines, totalCents }: { lines: OrderLine[]; totalCents: number }) {
  return (
    <div className="stacked-table overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Image</span>
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Product Name
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Quantity
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Unit Price
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Sub Total
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {lines.map((line) => (
            <tr key={line.id} data-testid="order-line">
              <td className="w-20 px-3 py-2">
                <div className="h-16 w-16 overflow-hidden rounded-md bg-zinc-100 dark:bg-zinc-800">
                  {line.imageUrl ? <img src={line.imageUrl} alt="" width={64} height={64} loading="lazy" className="h-16 w-16 object-cover" /> : null}
                </div>
              </td>
              <td className="min-w-40 px-3 py-2 wrap-anywhere">
                <OrderProduct productId={line.productId} productName={line.productName} isDeleted={line.isDeleted} />
                {line.isDeleted ? null : <p className="text-xs text-zinc-500 dark:text-zinc-400">Available Qty: {line.stock}</p>}
              </td>
              <td className="px-3 py-2 text-right tabular-nums" data-testid="line-quantity" data-label="Quantity">
                {line.quantity}
              </td>
              <td className="px-3 py-2 text-right" data-testid="line-unit-price" data-label="Unit Price">
                <Money cents={line.unitPriceCents} />
              </td>
              <td className="px-3 py-2 text-right" data-testid="line-subtotal" data-label="Sub Total">
                <Money cents={line.subtotalCents} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t border-zinc-200 dark:border-zinc-800">
          <tr>
            <th scope="row" colSpan={4} className="px-3 py-2 text-right font-semibold">
              Total
            </th>
            <td className="px-3 py-2 text-right font-semibold" data-testid="order-total">
              <Money cents={totalCents} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
