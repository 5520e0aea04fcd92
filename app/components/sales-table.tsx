import type { SortOrder } from '~/utils/list-params.ts';
import { NoResultsRow, SortHeader } from './list-controls.tsx';
import { Money } from './money.tsx';
import { OrderProduct } from './order-product.tsx';
import { UserText } from './user-text.tsx';

export type SaleRow = {
  id: string;
  productId: string;
  productName: string;
  isDeleted: boolean;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  buyerName: string;
  createdAt: string;
  date: string;
};

/** The order lines a seller sold: product, quantity, buyer, amount and date. */
export function SalesTable({ rows, sort, order }: { rows: SaleRow[]; sort: string; order: SortOrder }) {
  return (
    <div className="stacked-table overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <SortHeader column="product" label="Product" sort={sort} order={order} />
            <SortHeader column="quantity" label="Quantity" sort={sort} order={order} className="text-right" />
            <th scope="col" className="px-3 py-2 font-medium">
              Buyer
            </th>
            <SortHeader column="amount" label="Amount" sort={sort} order={order} className="text-right" />
            <SortHeader column="date" label="Date" sort={sort} order={order} />
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.length === 0 ? (
            <NoResultsRow columns={5} />
          ) : (
            rows.map((row) => (
              <tr key={row.id} data-testid="sale-row">
                <td className="min-w-40 px-3 py-2 wrap-anywhere">
                  <OrderProduct productId={row.productId} productName={row.productName} isDeleted={row.isDeleted} />
                </td>
                <td className="px-3 py-2 text-right tabular-nums" data-testid="sale-quantity" data-label="Quantity">
                  {row.quantity}
                </td>
                <td className="min-w-32 px-3 py-2 wrap-anywhere" data-testid="sale-buyer" data-label="Buyer">
                  <UserText>{row.buyerName}</UserText>
                </td>
                <td className="px-3 py-2 text-right" data-label="Amount">
                  <span>
                    <Money cents={row.amountCents} testId="sale-amount" />
                    <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                      <Money cents={row.unitPriceCents} /> each
                    </span>
                  </span>
                </td>
                <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400" data-label="Date">
                  <time dateTime={row.createdAt}>{row.date}</time>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
