import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { buildPlotOptions, type PlotLine } from '../../components/SignalPlot/plotOptions';
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
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const shape = lines.map((l) => `${l.label}|${l.color}|${l.dashed}`).join(',');
  const data = alignByStep(lines);
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const opts = buildPlotOptions({ width: Math.max(host.clientWidth, 120), height: HEIGHT, lines, showXAxis: true });
    // Single points must be visible: a curve with one step is otherwise an empty chart.
    for (const s of opts.series.slice(1)) s.points = { show: markers ? true : (u: uPlot) => u.data[0].length < 3 } as never;
    opts.series.forEach((s) => { s.spanGaps = true; });
    const plot = new uPlot(opts, dataRef.current, host);
    plotRef.current = plot;
    const resize = new ResizeObserver(() => {
      if (host.clientWidth > 0 && host.clientWidth !== plot.width) plot.setSize({ width: host.clientWidth, height: HEIGHT });
    });
    resize.observe(host);
    return () => {
      resize.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt when the lines change, not their points
  }, [shape, markers]);

  useEffect(() => {
    plotRef.current?.setData(data);
  });

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
