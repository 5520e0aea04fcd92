/** A chart laid out in its viewBox (see geometry.server.ts), ready to draw. */
export type ChartGeometry = {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  xTicks: { at: number; label: string }[];
  yTicks: { at: number; label: string }[];
  /** The label of each point along x (a day, a share of people). */
  labels: string[];
  series: { name: string; path: string; points: { x: number; y: number; value: string }[] }[];
};
