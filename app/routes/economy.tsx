// GET /economy, public: the whole economy at a glance. The books equation live, the daily figures
// over 7 days, 30 days or all time (?range=), inequality and the leaderboards. Everything but the
// books comes from the rollups the economy-rollup job keeps, so the page never sums the ledger.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { LineChart } from '~/components/charts/line-chart.tsx';
import { KeptPart } from '~/components/kept-part.tsx';
import { PlainLink } from '~/components/plain-link.tsx';
import { dailyLineChart, FORMATS, lorenzChart } from '~/utils/charts/geometry.server.ts';
import { economyBooks } from '~/models/economy/books.server.ts';
import { economyLeaders } from '~/models/economy/leaders.server.ts';
import { addDays, dayOf, economyDays } from '~/models/economy/rollups.server.ts';
import { UserText } from '~/components/user-text.tsx';
import { Money } from '~/components/money.tsx';

export const meta: MetaFunction = () => [
  { title: 'Economy | REEN' },
  { name: 'description', content: "REEN's virtual economy: where every cent is, what was traded each day, and how evenly money is held." },
];

const RANGES = { '7d': { days: 7, label: '7 days' }, '30d': { days: 30, label: '30 days' }, all: { days: null, label: 'All time' } } as const;
type Range = keyof typeof RANGES;

export async function loader({ request }: LoaderFunctionArgs) {
  const requested = new URL(request.url).searchParams.get('range');
  const range: Range = requested !== null && Object.hasOwn(RANGES, requested) ? (requested as Range) : '30d';
  const span = RANGES[range].days;
  const [books, days, leaders] = await Promise.all([economyBooks(), economyDays(span ? addDays(dayOf(new Date()), 1 - span) : undefined), economyLeaders()]);
  const x = days.map((day) => day.day);
  const series = (name: string, pick: (day: (typeof days)[number]) => number) => ({ name, values: days.map(pick) });
  const today = days[days.length - 1];
  const charts = {
    gmv: dailyLineChart(x, [series('Value traded', (d) => d.salesCents)], FORMATS.money),
    orders: dailyLineChart(x, [series('Orders', (d) => d.orders)], FORMATS.count),
    revenue: dailyLineChart(
      x,
      [series('Upgrade fees', (d) => d.upgradeFeesCents), series('Listing fees', (d) => d.listingFeesCents), series('Closed accounts', (d) => d.closuresCents)],
      FORMATS.money,
    ),
    supply: dailyLineChart(x, [series('Money supply', (d) => d.moneySupplyCents)], FORMATS.money),
    velocity: dailyLineChart(x, [series('Velocity', (d) => (d.moneySupplyCents ? d.salesCents / d.moneySupplyCents : 0))], FORMATS.ratio),
    people: dailyLineChart(x, [series('New people', (d) => d.newPeople), series('New sellers', (d) => d.newSellers)], FORMATS.count),
    gini: dailyLineChart(x, [series('Gini coefficient', (d) => d.gini)], FORMATS.ratio),
    lorenz: today ? lorenzChart(today.lorenz) : null,
  };
  return { range, books, charts, leaders, today: today ? { day: today.day, gini: today.gini, people: today.people } : null };
}

export default function Economy() {
  const { range, books, charts, leaders, today } = useLoaderData<typeof loader>();
  // Everything inside shows the loader's data and the URL only: kept by them (KeptPart).
  return (
    <KeptPart as="div" part="economy" className="space-y-8">
      <h1 className="text-3xl font-bold">Economy</h1>

      <section aria-labelledby="books-heading" className="space-y-2">
        <h2 id="books-heading" className="text-xl font-semibold">
          The books
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Every cent ever granted is in someone's balance, held by a checkout being paid, or the platform's revenue.
        </p>
        <div
          data-testid="books"
          className="grid grid-cols-1 gap-2 rounded-lg border border-zinc-200 bg-white p-3 text-sm tabular-nums sm:grid-cols-[auto_auto_auto_auto_auto_auto_auto] sm:items-center dark:border-zinc-800 dark:bg-zinc-900"
        >
          <BookFigure label="All grants" cents={books.grantsCents} testId="books-grants" />
          <Operator symbol="=" word="equals" />
          <BookFigure label="Balances" cents={books.balancesCents} testId="books-balances" />
          <Operator symbol="+" word="plus" />
          <BookFigure label="Held by pending checkouts" cents={books.heldCents} testId="books-held" />
          <Operator symbol="+" word="plus" />
          <BookFigure label="Platform revenue" cents={books.platformRevenueCents} testId="books-platform" />
        </div>
        {books.balanced ? (
          <p className="text-sm font-medium text-emerald-700 dark:text-emerald-400" data-testid="books-status">
            The books balance.
          </p>
        ) : (
          <p role="alert" className="text-sm font-bold text-red-700 dark:text-red-400" data-testid="books-status">
            The books do not balance: <Money cents={books.grantsCents - books.balancesCents - books.heldCents - books.platformRevenueCents} /> unaccounted for.
          </p>
        )}
      </section>

      <section aria-labelledby="time-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="time-heading" className="text-xl font-semibold">
            Over time
          </h2>
          <nav aria-label="Time range">
            <ul className="flex gap-1 text-sm">
              {(Object.keys(RANGES) as Range[]).map((key) => (
                <li key={key}>
                  <PlainLink
                    to={`/economy?range=${key}`}
                    preventScrollReset
                    aria-current={key === range ? 'page' : undefined}
                    className="block rounded-md border border-zinc-300 px-3 py-1 aria-[current=page]:border-brand-600 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold aria-[current=page]:text-brand-700 dark:border-zinc-700 dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-brand-500"
                  >
                    {RANGES[key].label}
                  </PlainLink>
                </li>
              ))}
            </ul>
          </nav>
        </div>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Days in UTC; figures are refreshed every few minutes.</p>
        <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
          <LineChart
            id="gmv"
            xLabel="Day"
            title="Value traded per day"
            description="Gross merchandise value: the money paid to sellers for the orders of each day."
            geometry={charts.gmv}
          />
          <LineChart id="orders" xLabel="Day" title="Orders per day" description="The number of orders completed each day." geometry={charts.orders} />
          <LineChart
            id="revenue"
            xLabel="Day"
            title="Platform revenue per day"
            description="What the platform received each day: upgrade fees, listing fees and the balances of closed accounts."
            geometry={charts.revenue}
          />
          <LineChart
            id="supply"
            xLabel="Day"
            title="Money supply"
            description="All money granted up to each day. No money is created or destroyed after its grant."
            geometry={charts.supply}
          />
          <LineChart
            id="velocity"
            xLabel="Day"
            title="Velocity of money"
            description="Value traded each day divided by the money supply: how much of all money changed hands that day."
            geometry={charts.velocity}
          />
          <LineChart
            id="people"
            xLabel="Day"
            title="New people and new sellers per day"
            description="People who joined each day, and people who paid to become sellers."
            geometry={charts.people}
          />
        </div>
      </section>

      <section aria-labelledby="inequality-heading" className="space-y-3">
        <h2 id="inequality-heading" className="text-xl font-semibold">
          Inequality
        </h2>
        {today ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Gini coefficient of the balances of the {today.people.toLocaleString('en-US')} people today:{' '}
            <strong data-testid="gini-today">{today.gini.toFixed(4)}</strong> (0 when everyone holds the same, near 1 when one person holds everything).
          </p>
        ) : null}
        <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
          <LineChart
            id="gini"
            xLabel="Day"
            title="Gini coefficient of balances"
            description="How unequally balances were held at the end of each day, from 0 (equally) to 1."
            geometry={charts.gini}
          />
          {charts.lorenz ? (
            <LineChart
              id="lorenz"
              xLabel="People, poorest first"
              title="Lorenz curve today"
              description="The share of all money held by the poorest part of the people, against the diagonal of perfect equality."
              geometry={charts.lorenz}
              referenceSeries={['Perfect equality']}
            />
          ) : null}
        </div>
      </section>

      <section aria-labelledby="leaders-heading" className="space-y-3">
        <h2 id="leaders-heading" className="text-xl font-semibold">
          Leaderboards
        </h2>
        <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
          <Board id="sellers" title="Top sellers" unit="gained" leaders={leaders.sellers} href={(id) => `/users/${id}`} money />
          <Board id="products" title="Best-selling products" unit="orders" leaders={leaders.products} href={(id) => `/products/${id}`} />
          <Board id="people" title="Richest people" unit="balance" leaders={leaders.people} href={(id) => `/users/${id}`} money />
        </div>
      </section>
    </KeptPart>
  );
}

function BookFigure({ label, cents, testId }: { label: string; cents: number; testId: string }) {
  return (
    <div className="flex justify-between gap-2 sm:block">
      <span className="text-zinc-600 dark:text-zinc-400">{label} </span>
      <Money cents={cents} testId={testId} className="font-semibold" />
    </div>
  );
}

function Operator({ symbol, word }: { symbol: string; word: string }) {
  return (
    <div className="text-center text-lg font-bold text-zinc-600 dark:text-zinc-400">
      <span aria-hidden="true">{symbol}</span>
      <span className="sr-only">{word}</span>
    </div>
  );
}

type BoardProps = {
  id: string;
  title: string;
  unit: string;
  leaders: { id: string; name: string; value: number }[];
  href: (id: string) => string;
  money?: boolean;
};

function Board({ id, title, unit, leaders, href, money = false }: BoardProps) {
  return (
    <div className="min-w-0 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900" data-testid={`board-${id}`}>
      <h3 className="text-sm font-semibold">{title}</h3>
      {leaders.length ? (
        <ol className="mt-2 space-y-1 text-sm">
          {leaders.map((leader, i) => (
            <li key={leader.id} className="flex min-w-0 items-baseline gap-2">
              <span className="w-5 shrink-0 text-right tabular-nums text-zinc-600 dark:text-zinc-400">{i + 1}.</span>
              <PlainLink to={href(leader.id)} className="min-w-0 flex-1 truncate underline-offset-2 hover:underline" title={leader.name}>
                <UserText>{leader.name}</UserText>
              </PlainLink>
              <span className="shrink-0 tabular-nums text-zinc-700 dark:text-zinc-300">
                {money ? <Money cents={leader.value} /> : leader.value.toLocaleString('en-US')} <span className="sr-only">{unit}</span>
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Nobody yet.</p>
      )}
    </div>
  );
}
