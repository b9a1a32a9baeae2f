import type uPlot from 'uplot';
import { buildPlotOptions, type PlotLine } from '../../components/SignalPlot/plotOptions';
import { useUPlot } from '../../components/useUPlot';
import type { Point } from './trainingStore';

export interface ChartLine extends PlotLine {
  points: Point[];
}

/** Several series on one step axis: the steps of all of them, each with gaps where it has no value. */
export function alignByStep(lines: { points: Point[] }[]): uPlot.AlignedData {
  const steps = [...new Set(lines.flatMap((l) => l.points.map((p) => p.step)))].sort((a, b) => a - b);
  const index = new Map(steps.map((s, i) => [s, i]));
  const columns = lines.map((l) => {
    const col: (number | null)[] = new Array(steps.length).fill(null);
    for (const p of l.points) col[index.get(p.step)!] = p.value;
    return col;
  });
  return [steps, ...columns] as uPlot.AlignedData;
}

const HEIGHT = 112;

/**
 * A uPlot chart of metric curves by step. The chart is built once per set of lines and fed new data
 * with setData, so a curve growing by one point per step does not rebuild it.
 */
export function TrainingChart({ title, lines, markers = false }: { title: string; lines: ChartLine[]; /** Dots on every value: sparse series (validation) are read point by point. */ markers?: boolean }) {
  const shape = lines.map((l) => `${l.label}|${l.color}|${l.dashed}`).join(',');
  const data = alignByStep(lines);
  const hostRef = useUPlot((hostWidth) => {
    const opts = buildPlotOptions({ width: Math.max(hostWidth, 120), height: HEIGHT, lines, showXAxis: true });
    // Single points must be visible: a curve with one step is otherwise an empty chart.
    for (const s of opts.series.slice(1)) s.points = { show: markers ? true : (u: uPlot) => u.data[0].length < 3 } as never;
    opts.series.forEach((s) => { s.spanGaps = true; });
    return opts;
  }, data, HEIGHT, [shape, markers]);

  const points = data[0].length;
  return (
    <section className="train-chart" aria-label={`chart ${title}`} data-chart={title} data-points={points}>
      <header className="train-chart__head">
        <span className="train-chart__title">{title}</span>
        {lines.map((l) => (
          <span key={l.label} className="train-chart__key">
            <span className="train-chart__swatch" style={{ background: l.color }} />
            {l.label}
            <span className="mono train-chart__last">{formatMetric(l.points.at(-1)?.value)}</span>
          </span>
        ))}
      </header>
      <div className="train-chart__plot" ref={hostRef} style={{ height: HEIGHT }} />
    </section>
  );
}

export function formatMetric(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return v.toExponential(2);
  return String(+v.toPrecision(4));
}
