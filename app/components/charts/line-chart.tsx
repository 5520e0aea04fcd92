// A chart drawn as SVG from geometry computed on the server: a title and a description for
// assistive technology, the same figures in a table below, colours that follow the theme, and a
// viewBox that scales down to 320 px. With JavaScript, pointing at the chart or moving through it
// with the arrow keys (once focused) reads out the exact value of each point.
import { useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useHydrated } from '~/hooks/use-hydrated.ts';
import type { ChartGeometry } from '~/utils/charts/chart-types.ts';

const TONES = [
  { line: 'stroke-brand-600 dark:stroke-brand-500', dot: 'fill-brand-600 dark:fill-brand-500', key: 'bg-brand-600 dark:bg-brand-500' },
  { line: 'stroke-sky-600 dark:stroke-sky-400', dot: 'fill-sky-600 dark:fill-sky-400', key: 'bg-sky-600 dark:bg-sky-400' },
  { line: 'stroke-emerald-600 dark:stroke-emerald-400', dot: 'fill-emerald-600 dark:fill-emerald-400', key: 'bg-emerald-600 dark:bg-emerald-400' },
];
const MUTED = { line: 'stroke-zinc-400 dark:stroke-zinc-500 [stroke-dasharray:4_3]', dot: '', key: 'bg-zinc-400 dark:bg-zinc-500' };

type Props = {
  /** Used for the chart's test id and element ids: unique on its page. */
  id: string;
  title: string;
  description: string;
  geometry: ChartGeometry;
  /** Heading of the first column of the table (what a point is: "Day", "People"). */
  xLabel: string;
  /** Series drawn dashed and without points, such as a reference line. */
  referenceSeries?: string[];
};

export function LineChart({ id, title, description, geometry, xLabel, referenceSeries = [] }: Props) {
  // Ids from the prop, not useId: the same wherever the chart sits, so its markup can be kept (KeptPart).
  const uid = `chart-${id}`;
  const [active, setActive] = useState<number | null>(null);
  const interactive = useHydrated();
  const { plot, labels } = geometry;
  const measured = geometry.series.filter((series) => !referenceSeries.includes(series.name));
  const tones = new Map(
    geometry.series.map((series) => [series.name, referenceSeries.includes(series.name) ? MUTED : TONES[measured.indexOf(series) % TONES.length]!]),
  );
  const xs = measured[0]?.points.map((point) => point.x) ?? [];

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const at = ((event.clientX - box.left) / box.width) * geometry.width;
    if (!xs.length) return;
    setActive(xs.reduce((best, x, i) => (Math.abs(x - at) < Math.abs(xs[best]! - at) ? i : best), 0));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (!xs.length) return;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 };
    if (event.key === 'Home' || event.key === 'End') setActive(event.key === 'Home' ? 0 : xs.length - 1);
    else if (event.key in moves)
      setActive((current) => Math.min(xs.length - 1, Math.max(0, (current ?? (moves[event.key]! > 0 ? -1 : xs.length)) + moves[event.key]!)));
    else return;
    event.preventDefault();
  };

  return (
    <figure className="min-w-0 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900" data-testid={`chart-${id}`}>
      <figcaption className="text-sm font-semibold">{title}</figcaption>
      {measured.length > 1 || referenceSeries.length ? (
        <ul className="mt-1 flex flex-wrap gap-x-3 text-xs text-zinc-600 dark:text-zinc-400" aria-hidden="true">
          {geometry.series.map((series) => (
            <li key={series.name} className="flex items-center gap-1">
              <span className={`inline-block h-2 w-3 rounded-sm ${tones.get(series.name)!.key}`} />
              {series.name}
            </li>
          ))}
        </ul>
      ) : null}
      <div
        role={interactive ? 'group' : undefined}
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- with JavaScript, arrow keys move through the points from here
        tabIndex={interactive && xs.length ? 0 : undefined}
        aria-label={interactive ? `${title}: arrow keys read each point` : undefined}
        onKeyDown={onKeyDown}
        onBlur={() => setActive(null)}
        className="mt-1 rounded focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        <svg
          viewBox={`0 0 ${geometry.width} ${geometry.height}`}
          width="100%"
          role="img"
          aria-labelledby={`${uid}-title ${uid}-desc`}
          className="block h-auto overflow-visible text-zinc-500 dark:text-zinc-400"
          onPointerMove={onPointerMove}
          onPointerLeave={() => setActive(null)}
        >
          <title id={`${uid}-title`}>{title}</title>
          <desc id={`${uid}-desc`}>{description}</desc>
          {geometry.yTicks.map((tick) => (
            <g key={tick.label}>
              <line x1={plot.left} x2={plot.right} y1={tick.at} y2={tick.at} stroke="currentColor" strokeOpacity={0.2} />
              <text x={plot.left - 4} y={tick.at} dy="0.32em" textAnchor="end" fontSize={9} fill="currentColor">
                {tick.label}
              </text>
            </g>
          ))}
          {geometry.xTicks.map((tick) => (
            <text key={tick.label} x={tick.at} y={plot.bottom + 14} textAnchor="middle" fontSize={9} fill="currentColor">
              {tick.label}
            </text>
          ))}
          <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="currentColor" strokeOpacity={0.5} />
          {geometry.series.map((series) => (
            <g key={series.name}>
              {series.path ? <path d={series.path} fill="none" strokeWidth={2} className={tones.get(series.name)!.line} /> : null}
              {series.points.length === 1 || (series.points.length <= 31 && !referenceSeries.includes(series.name)) ? (
                series.points.map((point, i) => <circle key={i} cx={point.x} cy={point.y} r={active === i ? 4 : 2} className={tones.get(series.name)!.dot} />)
              ) : active !== null && series.points[active] ? (
                <circle cx={series.points[active]!.x} cy={series.points[active]!.y} r={4} className={tones.get(series.name)!.dot} />
              ) : null}
            </g>
          ))}
          {active !== null && xs[active] !== undefined ? (
            <line x1={xs[active]} x2={xs[active]} y1={plot.top} y2={plot.bottom} stroke="currentColor" strokeOpacity={0.5} />
          ) : null}
        </svg>
      </div>
      <p className="min-h-5 text-xs tabular-nums text-zinc-700 dark:text-zinc-300" aria-live="polite" data-testid={`chart-${id}-readout`}>
        {active !== null && labels[active] !== undefined
          ? `${labels[active]}: ${measured.map((series) => `${measured.length > 1 ? `${series.name} ` : ''}${series.points[active]?.value ?? ''}`).join(', ')}`
          : ''}
      </p>
      <details className="mt-1 text-xs">
        <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">The figures as a table</summary>
        {/* Focusable, so that a keyboard can scroll a long table. */}
        <div className="mt-1 max-h-64 overflow-auto" tabIndex={0} role="region" aria-label={`${title}: figures`}>
          <table className="w-full text-left tabular-nums">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col" className="pr-2 font-medium">
                  {xLabel}
                </th>
                {measured.map((series) => (
                  <th key={series.name} scope="col" className="pr-2 text-right font-medium">
                    {series.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((label, i) => (
                <tr key={i} className="border-t border-zinc-100 dark:border-zinc-800">
                  <th scope="row" className="pr-2 font-normal">
                    {label}
                  </th>
                  {measured.map((series) => (
                    <td key={series.name} className="pr-2 text-right">
                      {series.points[i]?.value}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
