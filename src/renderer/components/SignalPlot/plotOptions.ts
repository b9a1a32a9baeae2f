import type uPlot from 'uplot';

/** What one line of a SignalPlot is: the props-level description, free of uPlot types. */
export interface PlotLine {
  label: string;
  color: string;
  dashed: boolean;
  /** Short tag shown before the value in the legend, e.g. "s" for state and "a" for action. */
  tag?: string;
}

export interface PlotTheme {
  axis: string;
  grid: string;
  font: string;
}

export const DARK_PLOT_THEME: PlotTheme = {
  axis: '#7d8696',
  grid: 'rgba(255,255,255,0.06)',
  font: '10px ui-sans-serif, system-ui, sans-serif',
};

export interface PlotOptionsInput {
  width: number;
  height: number;
  lines: PlotLine[];
  syncKey?: string;
  showXAxis: boolean;
  /** 'unit': every line is pre-scaled to [0, 1], so the y axis is fixed and carries no numbers. */
  yMode?: 'auto' | 'unit';
  theme?: PlotTheme;
}

/**
 * uPlot options for a dense, dark small multiple. uPlot's own legend and drag-zoom are off: the
 * legend is ours (values at the playhead, not only under the mouse) and a drag means scrubbing.
 */
export function buildPlotOptions(input: PlotOptionsInput): uPlot.Options {
  const theme = input.theme ?? DARK_PLOT_THEME;
  const unit = input.yMode === 'unit';
  const axisBase = {
    stroke: theme.axis,
    font: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 3 },
  };
  return {
    width: input.width,
    height: input.height,
    legend: { show: false },
    padding: [6, 8, input.showXAxis ? 0 : 4, 0],
    cursor: {
      drag: { x: false, y: false, setScale: false },
      points: { size: 5 },
      y: false,
      ...(input.syncKey ? { sync: { key: input.syncKey } } : {}),
    },
    scales: { x: { time: false }, ...(unit ? { y: { auto: false, range: [-0.06, 1.06] as [number, number] } } : {}) },
    axes: [
      { ...axisBase, show: input.showXAxis, size: 18, gap: 2, space: 60 },
      unit
        ? { ...axisBase, size: 10, gap: 0, splits: () => [0, 0.5, 1], values: () => ['', '', ''], ticks: { show: false } }
        : { ...axisBase, size: 46, gap: 3, space: 18, values: (_u, ticks) => ticks.map(compactTick) },
    ],
    series: [
      { label: 'frame' },
      ...input.lines.map((line) => ({
        label: line.tag ? `${line.label} (${line.tag})` : line.label,
        stroke: line.color,
        width: line.dashed ? 1 : 1.25,
        ...(line.dashed ? { dash: [4, 3] } : {}),
        points: { show: false },
        spanGaps: false,
      })),
    ],
  };
}

/** Axis numbers as short as the tick spacing allows: 0.25, 1.5k, -3e-4. */
export function compactTick(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e4) return `${+(v / 1000).toFixed(1)}k`;
  if (abs < 1e-3) return v.toExponential(0);
  return String(+v.toPrecision(3));
}

/** Legend entries: consecutive lines with the same label share one entry (state and action of a dim). */
export function legendEntries(lines: PlotLine[]): { label: string; color: string; lineIdx: number[] }[] {
  const out: { label: string; color: string; lineIdx: number[] }[] = [];
  lines.forEach((line, i) => {
    const last = out[out.length - 1];
    if (last && last.label === line.label) last.lineIdx.push(i);
    else out.push({ label: line.label, color: line.color, lineIdx: [i] });
  });
  return out;
}
