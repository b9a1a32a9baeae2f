/** A lane under the annotation canvas on the player timeline's x scale (see timelineLane.ts); props only. */
import { useRef, type HTMLAttributes, type PointerEvent, type ReactNode } from 'react';
import { laneFrameAt, laneLeft } from './timelineLane';
import './TimelineLane.css';

/** Other attributes (a style, pointer handlers) go on the lane's element. */
export interface TimelineLaneProps extends Omit<HTMLAttributes<HTMLDivElement>, 'title'> {
  /** The lane's name, drawn faintly at its right end. */
  title: string;
  length: number;
  currentFrame: number;
  /** A press seeks to the frame under it; a lane with gestures of its own leaves this out and handles the pointer. */
  onSeek?(frame: number): void;
  /** Marks positioned with laneLeft / laneSpan. */
  children?: ReactNode;
  /** Shown across the lane when it has nothing to draw. */
  empty?: string;
  className?: string;
}

export function TimelineLane({ title, length, currentFrame, onSeek, children, empty, className, ...rest }: TimelineLaneProps) {
  const track = useRef<HTMLDivElement>(null);
  const seek = (e: PointerEvent<HTMLDivElement>) => {
    const rect = track.current?.getBoundingClientRect();
    if (e.button !== 0 || !rect || length <= 1) return;
    onSeek?.(laneFrameAt(e.clientX, rect, length));
  };
  return (
    <div
      role="group"
      aria-label={title}
      {...rest}
      className={`timeline-lane${className ? ` ${className}` : ''}`}
      onPointerDown={onSeek ? seek : rest.onPointerDown}
    >
      <div className="timeline-lane__track" ref={track}>
        <span className="timeline-lane__title">{title}</span>
        {empty ? <span className="timeline-lane__empty">{empty}</span> : children}
        <div className="timeline-lane__playhead" style={{ left: laneLeft(currentFrame, length) }} />
      </div>
    </div>
  );
}
