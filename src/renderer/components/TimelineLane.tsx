/** A lane under the annotation canvas on the player timeline's x scale (see timelineLane.ts); props only. */
import { useRef, type ReactNode } from 'react';
import { laneFrameAt, laneLeft } from './timelineLane';
import './TimelineLane.css';

export interface TimelineLaneProps {
  /** The lane's name, drawn faintly at its left end. */
  title: string;
  length: number;
  currentFrame: number;
  onSeek(frame: number): void;
  /** Marks positioned with laneLeft / laneSpan. */
  children?: ReactNode;
  /** Shown across the lane when it has nothing to draw. */
  empty?: string;
  className?: string;
}

export function TimelineLane({ title, length, currentFrame, onSeek, children, empty, className }: TimelineLaneProps) {
  const track = useRef<HTMLDivElement>(null);
  return (
    <div
      className={`timeline-lane${className ? ` ${className}` : ''}`}
      role="group"
      aria-label={title}
      onPointerDown={(e) => {
        const rect = track.current?.getBoundingClientRect();
        if (e.button !== 0 || !rect || length <= 1) return;
        onSeek(laneFrameAt(e.clientX, rect, length));
      }}
    >
      <div className="timeline-lane__track" ref={track}>
        <span className="timeline-lane__title">{title}</span>
        {empty ? <span className="timeline-lane__empty">{empty}</span> : children}
        <div className="timeline-lane__playhead" style={{ left: laneLeft(currentFrame, length) }} />
      </div>
    </div>
  );
}
