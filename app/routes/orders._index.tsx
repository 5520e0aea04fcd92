// GET /orders: the signed-in buyer's orders, newest first, sortable by total, number of lines and
// date, in pages; all in the URL, so every state has a link and works without JavaScript.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ApplyButton, HiddenParams, ListForm, NoResultsRow, OrderField, ResetLink, SelectField, SortHeader } from '~/components/list-controls.tsx';
import { Pagination } from '~/components/pagination.tsx';
import { PlainLink } from '~/components/plain-link.tsx';
import { listOrders, parseOrderListQuery, type OrderSort } from '~/models/order.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { formatHumanDate } from '~/utils/dates.ts';
import { Money } from '~/components/money.tsx';
import { orderNumber } from '~/utils/order-number.ts';
import { getTimeZone } from '~/utils/time-zone.server.ts';

export const meta: MetaFunction = () => [{ title: 'Orders | REEN' }];

const SORT_OPTIONS: { value: OrderSort; label: string }[] = [
  { value: 'date', label: 'Date' },
  { value: 'total', label: 'Total cost' },
  { value: 'lines', label: 'Number of order items' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const query = parseOrderListQuery(new URL(request.url).searchParams);
  const { orders, ...window } = await listOrders(user.id, query);
  const timeZone = getTimeZone(request);
  const rows = orders.map((order) => ({
    id: order.id,
    totalCents: order.totalCents,
    lineCount: order.lineCount,
    createdAt: order.createdAt.toISOString(),
    date: formatHumanDate(order.createdAt, timeZone),
  }));
  const isSorted = query.sort !== 'date' || query.order !== 'desc';
  return { query, rows, isSorted, ...window };
}

export default function Orders() {
  const { query, rows, isSorted, page, pageCount, perPage, total } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="orders-heading" className="space-y-4">
      <h1 id="orders-heading" className="text-3xl font-bold">
        Orders
      </h1>
      <div className="flex flex-wrap items-end gap-3">
        <ListForm label="Sort orders" className="flex flex-wrap items-end gap-3">
          <HiddenParams except={['sort', 'order']} />
          <SelectField label="Sort by" name="sort" value={query.sort} options={SORT_OPTIONS} />
          <OrderField value={query.order} />
          <ApplyButton />
        </ListForm>
        {isSorted ? <ResetLink to="/orders" /> : null}
      </div>
      <div className="stacked-table overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-zinc-200 bg-zinc-50 text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Order
              </th>
              <SortHeader column="total" label="Total Cost" sort={query.sort} order={query.order} className="text-right" />
              <SortHeader column="lines" label="Number of Order Items" sort={query.sort} order={query.order} className="text-right" />
              <SortHeader column="date" label="Created At" sort={query.sort} order={query.order} />
              <th scope="col" className="px-3 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {rows.length === 0 ? (
              <NoResultsRow columns={5} />
            ) : (
              rows.map((order) => (
                <tr key={order.id} data-testid="order-row">
                  <td className="px-3 py-2 font-mono text-xs">
                    <PlainLink to={`/orders/${order.id}`} className="hover:underline" title={order.id}>
                      {orderNumber(order.id)}
                    </PlainLink>
                  </td>
                  <td className="px-3 py-2 text-right" data-testid="order-total" data-label="Total Cost">
                    <Money cents={order.totalCents} />
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums" data-testid="order-lines" data-label="Order Items">
                    {order.lineCount}
                  </td>
                  <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400" data-label="Created At">
                    <time dateTime={order.createdAt}>{order.date}</time>
                  </td>
                  <td className="px-3 py-2 text-right">
                    <PlainLink to={`/orders/${order.id}`} className="text-brand-700 hover:underline dark:text-brand-500">
                      View order<span className="sr-only"> {orderNumber(order.id)}</span>
                    </PlainLink>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={pageCount} perPage={perPage} total={total} />
    </section>
  );
}
