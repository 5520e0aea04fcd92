import type { ReactNode } from 'react';
import { Money } from './money.tsx';
import { TrendDownIcon, TrendUpIcon } from './icons.tsx';
import { PlainLink } from './plain-link.tsx';

export type ProfileFigures = {
  balanceCents: number;
  salesCount: number;
  amountSpentCents: number;
  purchasesCount: number;
  amountGainedCents: number;
  productsCount: number;
};

/** The six figure cards of a profile; `whose` words them for the owner ("Your") or a visitor. */
export function ProfileStats({ figures, whose, productsHref }: { figures: ProfileFigures; whose: ReactNode; productsHref: string }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <StatCard title="Balance" value={<Money cents={figures.balanceCents} />} note={<>{whose} virtual money to spend</>} />
      <StatCard title="Sales Count" value={String(figures.salesCount)} note="Orders that included products sold" />
      <StatCard
        title="Amount Spent"
        value={<Money cents={figures.amountSpentCents} />}
        note="Spent on products and fees"
        icon={
          <span className="text-red-600">
            <TrendDownIcon />
          </span>
        }
      />
      <StatCard title="Purchases Count" value={String(figures.purchasesCount)} note="Orders placed" />
      <StatCard
        title="Amount Gained"
        value={<Money cents={figures.amountGainedCents} />}
        note="Earned from sales"
        icon={
          <span className="text-green-600">
            <TrendUpIcon />
          </span>
        }
      />
      <StatCard
        title="Products Count"
        value={String(figures.productsCount)}
        note={
          <PlainLink to={productsHref} className="font-medium text-brand-700 hover:underline dark:text-brand-500">
            See all<span className="sr-only"> products</span>
          </PlainLink>
        }
      />
    </div>
  );
}

function StatCard({ title, value, note, icon }: { title: string; value: ReactNode; note: ReactNode; icon?: ReactNode }) {
  return (
    <section aria-label={title} className="min-w-0 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="flex items-center justify-between text-sm font-medium text-zinc-600 dark:text-zinc-400">
        {title}
        {icon}
      </h2>
      <p className="mt-2 text-2xl font-bold tabular-nums" data-testid={`stat-${title.toLowerCase().replace(' ', '-')}`}>
        {value}
      </p>
      <p className="mt-1 text-sm text-zinc-500 wrap-anywhere dark:text-zinc-400">{note}</p>
    </section>
  );
}
