import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatValue } from '../format';
import { buildPlotOptions, legendEntries, type PlotLine } from './plotOptions';
import './SignalPlot.css';

/** The playhead a plot follows; read and subscribed imperatively so a frame tick costs no React render. */
export interface FrameSource {
  get(): number;
  subscribe(listener: (frame: number) => void): () => void;
}

export interface SignalPlotProps {
  title: string;
  /** [frames, ...one column per line], as drawn. */
  data: uPlot.AlignedData;
  /** The values the legend prints when `data` is scaled for drawing; defaults to `data`. */
  legendData?: uPlot.AlignedData;
  lines: PlotLine[];
  /** Column heads of the legend's values, e.g. ["state", "action"]; one value column when absent. */
  valueHeads?: string[];
  frame: FrameSource;
  onSeek?: (frame: number) => void;
  syncKey?: string;
  showXAxis?: boolean;
  yMode?: 'auto' | 'unit';
}

const ROW_PX = 15;
const HEAD_PX = 20;
const X_AXIS_PX = 18;

/**
 * One small multiple: a uPlot chart created once per data set, a playhead line moved with a CSS
 * transform, and a legend table whose values are written straight into the DOM at the playhead (or
 * under the mouse while hovering). Press or drag on the plot to seek.
 */
export function SignalPlot(props: SignalPlotProps) {
  const { title, data, legendData, lines, valueHeads, frame, onSeek, syncKey, showXAxis = true, yMode = 'auto' } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  const valueRefs = useRef<(HTMLTableCellElement | null)[]>([]);
  const frameLabelRef = useRef<HTMLSpanElement>(null);
  const seekRef = useRef(onSeek);
  seekRef.current = onSeek;
  const entries = useMemo(() => legendEntries(lines), [lines]);
  const columns = Math.max(1, ...entries.map((e) => e.lineIdx.length));
  const height = Math.max(72, HEAD_PX + ROW_PX * entries.length) + (showXAxis ? X_AXIS_PX : 0);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const values = legendData ?? data;
    const frameCount = data[0].length;
    const opts = buildPlotOptions({ width: Math.max(host.clientWidth, 100), height, lines, syncKey, showXAxis, yMode });
    const playhead = document.createElement('div');
    playhead.className = 'signal-plot__playhead';

    const writeLegend = (idx: number, hovering: boolean) => {
      valueRefs.current.forEach((el, line) => {
        if (el) el.textContent = formatValue(values[line + 1]?.[idx] as number | null | undefined);
      });
      if (frameLabelRef.current) frameLabelRef.current.textContent = hovering ? `f ${idx}` : '';
    };
    const placePlayhead = (u: uPlot, f: number) => {
      const x = u.valToPos(f, 'x');
      // Scales exist only after uPlot's first (deferred) draw; the ready hook places it then.
      if (Number.isFinite(x)) playhead.style.transform = `translateX(${Math.round(x)}px)`;
      if (u.cursor.idx == null) writeLegend(f, false);
    };
    opts.hooks = {
      ready: [(u) => placePlayhead(u, frame.get())],
      setCursor: [
        (u) => {
          const idx = u.cursor.idx;
          if (idx != null) writeLegend(idx, true);
          else writeLegend(frame.get(), false);
        },
      ],
    };
    const plot = new uPlot(opts, data, host);
    plot.over.appendChild(playhead);
    placePlayhead(plot, frame.get());
    const unsubscribe = frame.subscribe((f) => placePlayhead(plot, f));

    const toFrame = (clientX: number) => {
      const rect = plot.over.getBoundingClientRect();
      const f = Math.round(plot.posToVal(clientX - rect.left, 'x'));
      return Math.max(0, Math.min(frameCount - 1, f));
    };
    let scrubbing = false;
    const down = (e: PointerEvent) => {
      if (e.button !== 0) return;
      scrubbing = true;
      plot.over.setPointerCapture(e.pointerId);
      seekRef.current?.(toFrame(e.clientX));
    };
    const move = (e: PointerEvent) => {
      if (scrubbing) seekRef.current?.(toFrame(e.clientX));
    };
    const up = () => {
      scrubbing = false;
    };
    plot.over.addEventListener('pointerdown', down);
    plot.over.addEventListener('pointermove', move);
    plot.over.addEventListener('pointerup', up);
    plot.over.addEventListener('pointercancel', up);

    const resize = new ResizeObserver(() => {
      const width = host.clientWidth;
      if (width > 0 && width !== plot.width) {
        plot.setSize({ width, height });
        placePlayhead(plot, frame.get());
      }
    });
    resize.observe(host);

    return () => {
      resize.disconnect();
      unsubscribe();
      plot.destroy();
    };
  }, [data, legendData, lines, frame, height, syncKey, showXAxis, yMode]);

  return (
    <section className="signal-plot" aria-label={`plot ${title}`} data-plot={title}>
      <div className="signal-plot__chart" ref={hostRef} style={{ height }} />
      <table className="signal-plot__legend">
        <colgroup>
          <col style={{ width: 14 }} />
          <col />
          {Array.from({ length: columns }, (_, c) => (
            <col key={c} style={{ width: columns > 1 ? 58 : 70 }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th colSpan={2} className="signal-plot__title" title={title}>
              {title}
              <span className="signal-plot__frame" ref={frameLabelRef} />
            </th>
            {Array.from({ length: columns }, (_, c) => (
              <th key={c} className="signal-plot__head">{valueHeads?.[c] ?? ''}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.lineIdx[0]}>
              <td className="signal-plot__swatch-cell">
                <span className="signal-plot__swatch" style={{ background: entry.color }} />
              </td>
              <td className="signal-plot__label" title={entry.label}>{entry.label}</td>
              {Array.from({ length: columns }, (_, c) => {
                const line = entry.lineIdx[c];
                return (
                  <td
                    key={c}
                    className="signal-plot__value"
                    ref={line === undefined ? undefined : (el) => { valueRefs.current[line] = el; }}
                  />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
