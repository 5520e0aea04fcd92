import { describe, expect, test } from 'vitest';
import { dailyLineChart, FORMATS, steppedTimeChart } from './geometry.server.ts';

describe('chart axes', () => {
  test('money ticks read as whole compact dollars, without a stray ".0"', () => {
    const chart = steppedTimeChart(
      [new Date('2026-12-03T10:00:00Z'), new Date('2026-12-05T10:00:00Z')],
      [{ name: 'Price', values: [170_500, 196_074] }],
      FORMATS.money,
    );
    expect(chart.yTicks.map((tick) => tick.label)).toEqual(['$0', '$500', '$1K', '$1.5K', '$2K']);
  });

  test('a balance in millions ticks in whole millions, and each point keeps its cents', () => {
    const chart = dailyLineChart(['2026-12-01', '2026-12-02'], [{ name: 'Balance', values: [350_000_000, 399_037_110] }], FORMATS.money);
    expect(chart.yTicks.map((tick) => tick.label)).toEqual(['$0', '$1M', '$2M', '$3M', '$4M']);
    expect(chart.series[0]!.points.map((point) => point.value)).toEqual(['$3,500,000.00', '$3,990,371.10']);
  });

  test('small ratios tick at their own step, and each point keeps three significant digits', () => {
    const chart = dailyLineChart(['2026-12-01', '2026-12-02', '2026-12-03'], [{ name: 'Velocity', values: [0.000213, 0.00071, 0] }], FORMATS.ratio);
    expect(chart.yTicks.map((tick) => tick.label)).toEqual(['0', '0.0002', '0.0004', '0.0006', '0.0008']);
    expect(chart.series[0]!.points.map((point) => point.value)).toEqual(['0.000213', '0.00071', '0']);
  });
});
