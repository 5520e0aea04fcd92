import type { SortOrder } from '~/utils/list-params.ts';
import { KeptTableBody } from './kept-markup.tsx';
import { ImagePopover } from './image-popover.tsx';
import { SortHeader } from './list-controls.tsx';
import { Money } from './money.tsx';
import { PlainLink } from './plain-link.tsx';
import { StockLabel } from './stock-label.tsx';
import { UserText } from './user-text.tsx';

export type ProductRow = {
  id: string;
  name: string;
  stock: number;
  priceCents: number;
  purchasesCount: number;
  imageUrls: string[];
  seller: { id: string; name: string };
  /** The viewer owns it and is an ADMIN: they may edit or delete it. */
  canManage: boolean;
};

export function ProductTable({ rows, sort, order }: { rows: ProductRow[]; sort: string; order: SortOrder }) {
  return (
    <div className="stacked-table overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Image</span>
            </th>
            <SortHeader column="name" label="Name" sort={sort} order={order} />
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Stock
            </th>
            <SortHeader column="price" label="Price" sort={sort} order={order} className="text-right" />
            <SortHeader column="purchases" label="Purchases" sort={sort} order={order} className="text-right" />
            <SortHeader column="seller" label="Seller" sort={sort} order={order} />
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <ProductTableBody rows={rows} />
      </table>
    </div>
  );
}

/** The table's rows, rendered once per their data on the server (ADR 027). */
export function ProductTableBody({ rows }: { rows: ProductRow[] }) {
  return (
    <KeptTableBody
      part="product-rows"
      rows={rows}
      renderRow={(row) => <ProductTableRow row={row} />}
      columns={7}
      className="divide-y divide-zinc-100 dark:divide-zinc-800"
    />
  );
}

/** Kept as markup by its data: nothing here may read a hook or a context. */
function ProductTableRow({ row }: { row: ProductRow }) {
  return (
    <tr data-testid="product-row">
      <td className="w-20 px-3 py-2">
        <ImagePopover productId={row.id} name={row.name} images={row.imageUrls} />
      </td>
      <td className="min-w-40 px-3 py-2 wrap-anywhere">
        <PlainLink to={`/products/${row.id}`} className="font-medium hover:underline">
          <UserText>{row.name}</UserText>
        </PlainLink>
        <StockLabel stock={row.stock} className="ml-2" />
      </td>
      <td className="px-3 py-2 text-right tabular-nums" data-label="Stock">
        {row.stock}
      </td>
      <td className="px-3 py-2 text-right" data-label="Price">
        <Money cents={row.priceCents} />
      </td>
      <td className="px-3 py-2 text-right tabular-nums" data-label="Purchases">
        {row.purchasesCount}
      </td>
      <td className="min-w-32 px-3 py-2 wrap-anywhere" data-label="Seller">
        <PlainLink to={`/users/${row.seller.id}`} className="hover:underline">
          <UserText>{row.seller.name}</UserText>
        </PlainLink>
      </td>
      <td className="whitespace-nowrap px-3 py-2 text-right">
        <span className="inline-flex gap-2">
          <PlainLink to={`/products/${row.id}`} className="text-brand-700 hover:underline dark:text-brand-500">
            View
            <span className="sr-only">
              {' '}
              <UserText>{row.name}</UserText>
            </span>
          </PlainLink>
          {row.canManage ? (
            <>
              <PlainLink to={`/products/${row.id}/edit`} className="text-brand-700 hover:underline dark:text-brand-500">
                Edit<span className="sr-only"> {row.name}</span>
              </PlainLink>
              <PlainLink to={`/products/${row.id}/delete`} className="text-red-700 hover:underline dark:text-red-400">
                Delete<span className="sr-only"> {row.name}</span>
              </PlainLink>
            </>
          ) : null}
        </span>
      </td>
    </tr>
  );
}
