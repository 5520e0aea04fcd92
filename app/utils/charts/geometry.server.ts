// Chart geometry computed on the server with d3 (scales, ticks, paths), so that the browser gets
// finished SVG coordinates and no charting code: charts render the same with JavaScript off.
import { scaleLinear, scaleUtc } from 'd3-scale';
import { curveMonotoneX, curveStepAfter, line, type CurveFactory } from 'd3-shape';
import { formatter } from '~/utils/dates.ts';
import { formatMoney } from '~/utils/money.ts';
import type { ChartGeometry } from './chart-types.ts';

const CHART_WIDTH = 320;
const CHART_HEIGHT = 170;
const MARGIN = { top: 10, right: 12, bottom: 22, left: 52 };

export type SeriesInput = { name: string; values: number[] };
/** How values read: compactly on the axis, exactly at each point and in the table. */
export type ValueFormat = {
  /** Without one, the axis shows as many decimals as its ticks' step needs (d3's tickFormat, no trailing zeros). */
  tick?: (value: number) => string;
  value: (value: number) => string;
  /** Only whole numbers make sense (counts, cents). */ whole?: boolean;
};

// Without a minimum, currency keeps a decimal on every tick ("$0.0", "$500.0", "$2.0K").
const compactDollars = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  minimumFractionDigits: 0,
  maximumFractionDigits: 1,
});
const counts = new Intl.NumberFormat('en-US');
// Ratios run from about 0.0002 (a day's trade against the money supply) to 1 (Gini): three
// significant digits say enough at either end.
const ratios = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

export const FORMATS = {
  money: { tick: (cents: number) => compactDollars.format(cents / 100), value: formatMoney, whole: true },
  count: { tick: (n: number) => counts.format(n), value: (n: number) => counts.format(n), whole: true },
  ratio: { value: (r: number) => ratios.format(r) },
} satisfies Record<string, ValueFormat>;

// Charts label dates in UTC (the rollups' days are UTC days), with formatters made once (dates.ts).
const shortDay = (date: Date) => formatter('UTC', 'monthDay').format(date);
const fullDay = (date: Date) => formatter('UTC', 'monthDayYear').format(date);
const timeOfDay = (date: Date) => formatter('UTC', 'time').format(date);
const DAY_MS = 24 * 3_600_000;
const dayAndTime = (date: Date) => formatter('UTC', 'monthDayYearTimeZone').format(date);

/**
 * A line chart of daily series: `days` (YYYY-MM-DD, ascending) on x, each series' values on y from
 * 0 (or the lowest value, when negative).
 */
export function dailyLineChart(days: string[], series: SeriesInput[], format: ValueFormat): ChartGeometry {
  const dates = days.map((day) => new Date(`${day}T00:00:00Z`));
  const ticks = (x: TimeAxis) => (dates.length > 1 ? x.ticks(Math.min(4, dates.length - 1)) : dates).map((date) => ({ at: x(date), label: shortDay(date) }));
  return timeLineChart(dates, series, format, { ticks, label: fullDay, curve: curveMonotoneX });
}

/**
 * A price over time: it holds from each change to the next, so the line steps (it does not slope
 * between changes); `times` are the changes, ascending, and the last one is usually "now".
 */
export function steppedTimeChart(times: Date[], series: SeriesInput[], format: ValueFormat): ChartGeometry {
  // Changes come at any time, minutes or months apart: the axis names its two ends only, as days,
  // or as times of day when they are within one.
  const ticks = (x: TimeAxis) => {
    const [first, last] = x.domain() as [Date, Date];
    const name = last.getTime() - first.getTime() < DAY_MS ? timeOfDay : shortDay;
    return name(first) === name(last) ? [{ at: x(last), label: name(last) }] : [first, last].map((date) => ({ at: x(date), label: name(date) }));
  };
  return timeLineChart(times, series, format, { ticks, label: dayAndTime, curve: curveStepAfter });
}

type TimeAxis = ReturnType<typeof scaleUtc<number, number>>;
type TimeOptions = { ticks: (x: TimeAxis) => { at: number; label: string }[]; label: (date: Date) => string; curve: CurveFactory };

function timeLineChart(dates: Date[], series: SeriesInput[], format: ValueFormat, options: TimeOptions): ChartGeometry {
  const all = series.flatMap((s) => s.values);
  const x = scaleUtc()
    .domain([dates[0] ?? new Date(0), dates[dates.length - 1] ?? new Date(0)])
    .range([MARGIN.left, CHART_WIDTH - MARGIN.right]);
  const low = Math.min(0, ...all);
  const high = Math.max(0, ...all);
  const y = scaleLinear()
    .domain([low, high > low ? high : low + 1])
    .nice(4)
    .range([CHART_HEIGHT - MARGIN.bottom, MARGIN.top]);
  // Nothing but zeros: one tick at 0, rather than fractions of a cent or of an order.
  const yTicks = high > low ? y.ticks(4).filter((value) => format.whole !== true || Number.isInteger(value)) : [low];
  const tickLabel = format.tick ?? y.tickFormat(4, '~f');
  const path = line<[number, number]>()
    .x((point) => point[0])
    .y((point) => point[1])
    .curve(options.curve);
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    plot: { left: MARGIN.left, right: CHART_WIDTH - MARGIN.right, top: MARGIN.top, bottom: CHART_HEIGHT - MARGIN.bottom },
    xTicks: options.ticks(x),
    yTicks: yTicks.map((value) => ({ at: y(value), label: tickLabel(value) })),
    labels: dates.map(options.label),
    series: series.map((s) => {
      const points = s.values.map((value, i): [number, number] => [round(x(dates[i]!)), round(y(value))]);
      return {
        name: s.name,
        path: (points.length > 1 ? path(points) : null) ?? '',
        points: points.map(([px, py], i) => ({ x: px, y: py, value: format.value(s.values[i]!) })),
      };
    }),
  };
}

/** The Lorenz curve: shares of people (x) against shares of money (y), both 0 to 1, with the diagonal. */
export function lorenzChart(curve: number[]): ChartGeometry {
  const size = CHART_HEIGHT - MARGIN.bottom - MARGIN.top;
  const x = scaleLinear()
    .domain([0, 1])
    .range([MARGIN.left, MARGIN.left + size]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([CHART_HEIGHT - MARGIN.bottom, MARGIN.top]);
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  const shares = curve.map((_, i) => i / (curve.length - 1));
  const path = line<number>()
    .x((_, i) => round(x(shares[i]!)))
    .y((share) => round(y(share)));
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    plot: { left: MARGIN.left, right: MARGIN.left + size, top: MARGIN.top, bottom: CHART_HEIGHT - MARGIN.bottom },
    xTicks: x.ticks(4).map((share) => ({ at: x(share), label: percent(share) })),
    yTicks: y.ticks(4).map((share) => ({ at: y(share), label: percent(share) })),
    labels: shares.map((share) => `poorest ${percent(share)}`),
    series: [
      { name: 'Perfect equality', path: path(shares) ?? '', points: [] },
      {
        name: 'Share of all money',
        path: path(curve) ?? '',
        points: curve.map((share, i) => ({ x: round(x(shares[i]!)), y: round(y(share)), value: `${(share * 100).toFixed(1)}%` })),
      },
    ],
  };
}

function round(n: number) {
  return Math.round(n * 10) / 10;
}
