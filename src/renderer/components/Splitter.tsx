import { useEffect, useRef, useState } from 'react';

/** Clamps a split ratio so neither pane can be dragged out of existence. */
export function clampRatio(ratio: number, min = 0.15, max = 0.85): number {
  if (!Number.isFinite(ratio)) return 0.5;
  return Math.max(min, Math.min(max, ratio));
}

/** A ratio remembered per name across sessions; a bad stored value falls back to the default. */
export function useStoredRatio(name: string, fallback: number): [number, (r: number) => void] {
  const key = `st4vla.split.${name}`;
  const [ratio, setRatio] = useState(() => {
    const stored = Number(globalThis.localStorage?.getItem(key));
    return stored > 0 && stored < 1 ? clampRatio(stored) : fallback;
  });
  useEffect(() => {
    globalThis.localStorage?.setItem(key, String(ratio));
  }, [key, ratio]);
  return [ratio, (r) => setRatio(clampRatio(r))];
}

/** A horizontal bar between two stacked panes; drag it or use the arrow keys when it has focus. */
export function Splitter({ ratio, onRatio, containerRef }: {
  ratio: number;
  onRatio(r: number): void;
  containerRef: React.RefObject<HTMLElement | null>;
}) {
  const dragging = useRef(false);
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-valuenow={Math.round(ratio * 100)}
      aria-valuemin={15}
      aria-valuemax={85}
      tabIndex={0}
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        const box = containerRef.current?.getBoundingClientRect();
        if (dragging.current && box && box.height > 0) onRatio((e.clientY - box.top) / box.height);
      }}
      onPointerUp={() => {
        dragging.current = false;
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault();
          e.stopPropagation();
          onRatio(ratio + (e.key === 'ArrowUp' ? -0.05 : 0.05));
        }
      }}
    />
  );
}
