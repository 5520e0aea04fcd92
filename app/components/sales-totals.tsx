import type { SalesTotals } from '~/models/order.server.ts';
import { Money } from './money.tsx';

/** The figures over all of a seller's sales; the amount is the profile's "Amount Gained". */
export function SalesTotalsSummary({ totals }: { totals: SalesTotals }) {
  const figures = [
    { title: 'Amount Gained', value: <Money cents={totals.amountCents} />, testId: 'sales-amount' },
    { title: 'Units Sold', value: String(totals.units), testId: 'sales-units' },
    { title: 'Orders', value: String(totals.orderCount), testId: 'sales-orders' },
  ];
  return (
    <dl className="grid gap-4 sm:grid-cols-3">
      {figures.map((figure) => (
        <div key={figure.title} className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
          <dt className="text-sm font-medium text-zinc-600 dark:text-zinc-400">{figure.title}</dt>
          <dd className="mt-1 text-2xl font-bold tabular-nums" data-testid={figure.testId}>
            {figure.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
