import { useRef } from 'react';
import type uPlot from 'uplot';
import { DARK_PLOT_THEME } from '../../components/SignalPlot/plotOptions';
import { useUPlot } from '../../components/useUPlot';
import type { ResultsTable } from './results';

export const SERIES_COLORS = ['#5b9cf5', '#f5c451', '#4cb36c', '#eb5757', '#b48ce6', '#56c2c9'];
const HEIGHT = 200;

export interface ChartEvaluation { id: number; label: string }

/**
 * Success rate per variant (x) per evaluation (dots side by side within a variant), with the 95 % interval
 * as an error bar: uPlot wants one x array, so each evaluation's dots sit at their own offsets and the other
 * series are null there.
 */
export function chartData(table: ResultsTable, evaluations: readonly ChartEvaluation[]) {
  const spread = evaluations.length > 1 ? Math.min(0.6, 0.18 * (evaluations.length - 1)) : 0;
  const offset = (j: number) => (evaluations.length > 1 ? -spread / 2 + (spread * j) / (evaluations.length - 1) : 0);
  const xs: number[] = [];
  const ys = evaluations.map(() => [] as (number | null)[]);
  const lows = evaluations.map(() => [] as (number | null)[]);
  const highs = evaluations.map(() => [] as (number | null)[]);
  table.variants.forEach((variant, i) => {
    evaluations.forEach((e, j) => {
      xs.push(i + offset(j));
      evaluations.forEach((_, k) => {
        const cell = k === j ? table.cells[e.id]?.[variant] : undefined;
        const known = cell && cell.rate !== null;
        ys[k]!.push(known ? cell.rate : null);
        lows[k]!.push(known ? cell.ci[0] : null);
        highs[k]!.push(known ? cell.ci[1] : null);
      });
    });
  });
  return { data: [xs, ...ys] as uPlot.AlignedData, lows, highs };
}

export function ResultsChart({ table, evaluations }: { table: ResultsTable; evaluations: ChartEvaluation[] }) {
  const { data, lows, highs } = chartData(table, evaluations);
  const bars = useRef({ lows, highs });
  bars.current = { lows, highs };
  const shape = `${table.variants.join()}|${evaluations.map((e) => e.id).join()}`;

  const hostRef = useUPlot((hostWidth) => {
    if (table.variants.length === 0) return null;
    const theme = DARK_PLOT_THEME;
    const axis = { stroke: theme.axis, font: theme.font, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1, size: 3 } };
    const whiskers = (u: uPlot) => {
      const ctx = u.ctx;
      ctx.save();
      evaluations.forEach((_, k) => {
        ctx.strokeStyle = SERIES_COLORS[k % SERIES_COLORS.length]!;
        ctx.lineWidth = 1.5 * devicePixelRatio;
        const xs = u.data[0];
        for (let i = 0; i < xs.length; i++) {
          const lo = bars.current.lows[k]?.[i];
          const hi = bars.current.highs[k]?.[i];
          if (lo === null || lo === undefined || hi === null || hi === undefined) continue;
          const x = u.valToPos(xs[i]!, 'x', true);
          const y0 = u.valToPos(lo, 'y', true);
          const y1 = u.valToPos(hi, 'y', true);
          const cap = 4 * devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(x, y0); ctx.lineTo(x, y1);
          ctx.moveTo(x - cap, y0); ctx.lineTo(x + cap, y0);
          ctx.moveTo(x - cap, y1); ctx.lineTo(x + cap, y1);
          ctx.stroke();
        }
      });
      ctx.restore();
    };
    const variants = table.variants;
    return {
      width: Math.max(hostWidth, 200),
      height: HEIGHT,
      legend: { show: false },
      padding: [8, 8, 0, 0],
      cursor: { show: false },
      scales: { x: { time: false, auto: false, range: [-0.5, variants.length - 0.5] }, y: { auto: false, range: [0, 1] } },
      axes: [
        { ...axis, size: 30, splits: () => variants.map((_, i) => i), values: () => variants.map((v) => v.replaceAll('_', ' ')), grid: { show: false } },
        { ...axis, size: 40, splits: () => [0, 0.25, 0.5, 0.75, 1], values: (_u, ticks) => ticks.map((t) => `${Math.round(t * 100)}%`) },
      ],
      series: [
        {},
        ...evaluations.map((e, k) => ({
          label: e.label,
          stroke: SERIES_COLORS[k % SERIES_COLORS.length]!,
          fill: SERIES_COLORS[k % SERIES_COLORS.length]!,
          paths: () => null,
          points: { show: true, size: 8, fill: SERIES_COLORS[k % SERIES_COLORS.length]! },
        })),
      ],
      hooks: { draw: [whiskers] },
    };
  }, data, HEIGHT, [shape]);

  return (
    <section className="rollouts-chart" aria-label="success rate chart" data-points={data[0].length}>
      <header className="rollouts-chart__head">
        <span className="rollouts-chart__title">Success rate per variant, 95% interval</span>
        {evaluations.map((e, k) => (
          <span key={e.id} className="rollouts-chart__key">
            <span className="rollouts-chart__swatch" style={{ background: SERIES_COLORS[k % SERIES_COLORS.length] }} />
            {e.label}
          </span>
        ))}
      </header>
      <div ref={hostRef} style={{ height: HEIGHT }} />
    </section>
  );
}
