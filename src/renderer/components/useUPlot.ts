import { useEffect, useRef, type DependencyList, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * A uPlot chart in the returned host element: built by `options(hostWidth)` when `deps` change (null: no
 * chart), fed `data` with setData on every render so new points do not rebuild it, and kept as wide as
 * its host.
 */
export function useUPlot(
  options: (hostWidth: number) => uPlot.Options | null,
  data: uPlot.AlignedData,
  height: number,
  deps: DependencyList,
): RefObject<HTMLDivElement | null> {
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const host = hostRef.current;
    const opts = host && options(host.clientWidth);
    if (!host || !opts) return;
    const plot = new uPlot(opts, dataRef.current, host);
    plotRef.current = plot;
    const resize = new ResizeObserver(() => {
      if (host.clientWidth > 0 && host.clientWidth !== plot.width) plot.setSize({ width: host.clientWidth, height });
    });
    resize.observe(host);
    return () => {
      resize.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt when the caller's deps change; data goes through setData below
  }, deps);

  useEffect(() => {
    plotRef.current?.setData(data);
  });

  return hostRef;
}
