// GET /sales: the order lines the signed-in person sold, with the totals over all of them (the
// amount equals the profile's "Amount Gained"), sortable and in pages over the URL. It shows only
// the viewer's own lines, so anyone may open it; the sidebar links it for sellers.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { LineChart } from '~/components/charts/line-chart.tsx';
import { dailyLineChart, FORMATS } from '~/utils/charts/geometry.server.ts';
import { ApplyButton, HiddenParams, ListForm, OrderField, ResetLink, SelectField } from '~/components/list-controls.tsx';
import { Pagination } from '~/components/pagination.tsx';
import { SalesTable } from '~/components/sales-table.tsx';
import { SalesTotalsSummary } from '~/components/sales-totals.tsx';
import { gainsByDay, PERSON_DAYS } from '~/models/economy/person-days.server.ts';
import { defaultSaleOrder, listSales, parseSaleListQuery, type SaleSort } from '~/models/order.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { formatHumanDate } from '~/utils/dates.ts';
import { getTimeZone } from '~/utils/time-zone.server.ts';

export const meta: MetaFunction = () => [{ title: 'Sales | REEN' }];

const SORT_OPTIONS: { value: SaleSort; label: string }[] = [
  { value: 'date', label: 'Date' },
  { value: 'product', label: 'Product' },
  { value: 'quantity', label: 'Quantity' },
  { value: 'amount', label: 'Amount' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const query = parseSaleListQuery(new URL(request.url).searchParams);
  const [{ lines, totals, ...window }, gains] = await Promise.all([listSales(user.id, query), gainsByDay(user.id)]);
  const timeZone = getTimeZone(request);
  const rows = lines.map(({ createdAt, ...line }) => ({
    ...line,
    createdAt: createdAt.toISOString(),
    date: formatHumanDate(createdAt, timeZone),
  }));
  const isSorted = query.sort !== 'date' || query.order !== defaultSaleOrder(query.sort);
  const gainsChart = dailyLineChart(
    gains.map((gain) => gain.day),
    [{ name: 'Amount gained', values: gains.map((gain) => gain.cents) }],
    FORMATS.money,
  );
  return { query, rows, totals, isSorted, gainsChart, chartDays: PERSON_DAYS, ...window };
}

export default function Sales() {
  const { query, rows, totals, isSorted, gainsChart, chartDays, page, pageCount, perPage, total } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="sales-heading" className="space-y-4">
      <h1 id="sales-heading" className="text-3xl font-bold">
        Sales
      </h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Every order line bought from you, at the price it was bought for.</p>
      <SalesTotalsSummary totals={totals} />
      <div className="max-w-xl">
        <LineChart
          id="gains"
          xLabel="Day"
          title={`Amount gained per day (UTC), last ${chartDays} days`}
          description="What buyers paid you for the orders completed each day."
          geometry={gainsChart}
        />
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <ListForm label="Sort sales" className="flex flex-wrap items-end gap-3">
          <HiddenParams except={['sort', 'order']} />
          <SelectField label="Sort by" name="sort" value={query.sort} options={SORT_OPTIONS} />
          <OrderField value={query.order} />
          <ApplyButton />
        </ListForm>
        {isSorted ? <ResetLink to="/sales" /> : null}
      </div>
      <SalesTable rows={rows} sort={query.sort} order={query.order} />
      <Pagination page={page} pageCount={pageCount} perPage={perPage} total={total} />
    </section>
  );
}
