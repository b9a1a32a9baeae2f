import { useMemo, useRef, type PointerEvent } from 'react';
import { formatTime, frameAtX, markerRows, percentOf, timelineTicks } from './timelineMath';

/** An event on the timeline (a grasp, a drop …): a flag at its frame that seeks there when clicked. */
export interface TimelineMarker {
  frame: number;
  label: string;
  /** A CSS colour of the flag. */
  color: string;
  /** Longer text for the tooltip; the label otherwise. */
  title?: string;
}

export interface TimelineProps {
  length: number;
  currentFrame: number;
  /** The frame being sought, drawn as a ghost while it decodes. */
  targetFrame?: number;
  fps: number;
  onSeek(frame: number): void;
  /** True while the pointer drags the playhead. */
  onScrub?(active: boolean): void;
  markers?: TimelineMarker[];
}

const MARKER_ROW_PX = 9;

/** Scrubbable timeline: click or drag anywhere on it; ticks on round seconds. Props only. */
export function Timeline({ length, currentFrame, targetFrame, fps, onSeek, onScrub, markers }: TimelineProps) {
  const track = useRef<HTMLDivElement>(null);
  const ticks = useMemo(() => timelineTicks(length, fps), [length, fps]);
  const last = Math.max(0, length - 1);
  const rows = useMemo(() => markerRows(markers?.map((m) => m.frame) ?? [], length), [markers, length]);

  const seekAt = (e: PointerEvent) => {
    const rect = track.current?.getBoundingClientRect();
    if (rect) onSeek(frameAtX(e.clientX, rect.left, rect.width, length));
  };

  return (
    <div
      className="player-timeline"
      role="slider"
      aria-label="Frame"
      aria-valuemin={0}
      aria-valuemax={last}
      aria-valuenow={currentFrame}
      aria-valuetext={`frame ${currentFrame} of ${last}, ${formatTime(currentFrame, fps)}`}
      onPointerDown={(e) => {
        if (e.button !== 0 || length <= 1) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        onScrub?.(true);
        seekAt(e);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) seekAt(e);
      }}
      onPointerUp={(e) => {
        if (!e.currentTarget.hasPointerCapture(e.pointerId)) return;
        e.currentTarget.releasePointerCapture(e.pointerId);
        onScrub?.(false);
      }}
    >
      <div className="player-timeline__track" ref={track}>
        {ticks.map((tick) => (
          <span
            key={tick.frame}
            className={tick.major ? 'player-timeline__tick player-timeline__tick--major' : 'player-timeline__tick'}
            style={{ left: `${percentOf(tick.frame, length)}%` }}
          >
            {tick.label && <span className="player-timeline__label">{tick.label}</span>}
          </span>
        ))}
        <div className="player-timeline__progress" style={{ width: `${percentOf(currentFrame, length)}%` }} />
        {targetFrame !== undefined && targetFrame !== currentFrame && (
          <div className="player-timeline__target" style={{ left: `${percentOf(targetFrame, length)}%` }} />
        )}
        <div className="player-timeline__playhead" style={{ left: `${percentOf(currentFrame, length)}%` }} />
        {markers?.map((marker, i) => (
          <span key={`line-${marker.frame}-${i}`} className="player-timeline__marker-line" style={{ left: `${percentOf(marker.frame, length)}%`, color: marker.color }} />
        ))}
        {markers?.map((marker, i) => (
          <button
            key={`${marker.frame}-${marker.label}-${i}`}
            type="button"
            className="player-timeline__marker"
            style={{ left: `${percentOf(marker.frame, length)}%`, top: `${(rows[i] ?? 0) * MARKER_ROW_PX}px`, color: marker.color }}
            title={`${marker.title ?? marker.label} (frame ${marker.frame})`}
            aria-label={`${marker.label} at frame ${marker.frame}`}
            data-marker={marker.label}
            // The track under it would start a scrub at the pointer; the marker seeks to its exact frame instead.
            onPointerDown={(e) => e.stopPropagation()}
            onClick={() => onSeek(marker.frame)}
          >
            <span className="player-timeline__marker-flag" />
          </button>
        ))}
      </div>
    </div>
  );
}
