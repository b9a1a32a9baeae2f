/**
 * The one clock of the episode: which frame is due at a given time, and what to do when a camera
 * is not ready. It never lets cameras drift apart: a frame is shown only when every camera has
 * it; otherwise the clock waits for the next frame and starts counting again from there.
 */

export interface ClockAnchor {
  /** performance.now() at which `frame` was due. */
  time: number;
  frame: number;
}

export type TickDecision =
  /** Nothing new is due yet. */
  | { kind: 'wait' }
  /** Show `frame`; `dropped` frames between the last shown and it were skipped. */
  | { kind: 'present'; frame: number; dropped: number }
  /** The next frame is due but some camera does not have it: hold, and wait for `frame`. */
  | { kind: 'stall'; frame: number }
  /** The last frame is showing. */
  | { kind: 'end' };

export interface TickInput {
  anchor: ClockAnchor;
  now: number;
  fps: number;
  speed: number;
  current: number;
  length: number;
  ready(frame: number): boolean;
}

export function dueFrame(anchor: ClockAnchor, now: number, fps: number, speed: number): number {
  // The epsilon keeps a frame due exactly on its tick from landing a frame late through rounding.
  return anchor.frame + Math.floor(((now - anchor.time) * fps * speed) / 1000 + 1e-6);
}

export function decideTick(input: TickInput): TickDecision {
  const last = input.length - 1;
  if (input.current >= last) return { kind: 'end' };
  const due = Math.min(last, dueFrame(input.anchor, input.now, input.fps, input.speed));
  if (due <= input.current) return { kind: 'wait' };
  if (input.ready(due)) return { kind: 'present', frame: due, dropped: due - input.current - 1 };
  const next = input.current + 1;
  if (due > next && input.ready(next)) return { kind: 'present', frame: next, dropped: 0 };
  return { kind: 'stall', frame: next };
}

/** The anchor after a stall: the awaited frame counts as due now, so it shows the moment it is ready. */
export function anchorAfterStall(now: number, frame: number): ClockAnchor {
  return { time: now, frame };
}

/** Calls back on the display's frames: requestAnimationFrame in the page, a fake in tests. */
export interface FrameScheduler {
  request(callback: (now: number) => void): number;
  cancel(id: number): void;
}

export const browserScheduler: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (id) => cancelAnimationFrame(id),
};
