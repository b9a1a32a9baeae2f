/** Pure helpers of the timeline and the frame counter, kept apart so they are tested without a DOM. */

export interface Tick {
  frame: number;
  major: boolean;
  label?: string;
}

const STEPS_SECONDS = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];

/** "0:07.12": minutes, seconds and the frame within the second. */
export function formatTime(frame: number, fps: number): string {
  const rate = fps > 0 ? fps : 30;
  const seconds = Math.floor(frame / rate);
  const within = Math.round(frame - seconds * rate);
  const width = String(Math.ceil(rate) - 1).length;
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}.${String(within).padStart(width, '0')}`;
}

function label(seconds: number): string {
  if (seconds < 60) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
  return `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}

/** Major ticks at a round number of seconds (at most ~`maxMajor` of them), minor ones between. */
export function timelineTicks(length: number, fps: number, maxMajor = 12): Tick[] {
  if (length <= 1) return [];
  const rate = fps > 0 ? fps : 30;
  const duration = length / rate;
  const majorSeconds = STEPS_SECONDS.find((s) => duration / s <= maxMajor) ?? Math.ceil(duration / maxMajor / 60) * 60;
  const majorFrames = majorSeconds * rate;
  const minorFrames = majorFrames / 5 >= 1 ? majorFrames / 5 : majorFrames;
  const ticks: Tick[] = [];
  for (let i = 0; i * minorFrames < length; i++) {
    const frame = Math.round(i * minorFrames);
    const major = i % Math.round(majorFrames / minorFrames) === 0;
    ticks.push(major ? { frame, major, label: label((i * minorFrames) / rate) } : { frame, major });
  }
  return ticks;
}

/** The frame under a pointer at `x` on a track spanning `left`..`left + width`. */
export function frameAtX(x: number, left: number, width: number, length: number): number {
  if (length <= 1 || width <= 0) return 0;
  const ratio = Math.min(1, Math.max(0, (x - left) / width));
  return Math.round(ratio * (length - 1));
}

/** Where frame `frame` sits along the track, in percent. */
export function percentOf(frame: number, length: number): number {
  return length <= 1 ? 0 : (frame / (length - 1)) * 100;
}

/**
 * Rows of timeline markers so that flags closer than `minGapPercent` of the track do not cover each
 * other (a grasp and a drop on one step): each marker takes the first row free at its place.
 */
export function markerRows(frames: number[], length: number, minGapPercent = 1.5): number[] {
  const lastInRow: number[] = [];
  const order = frames.map((frame, i) => ({ at: percentOf(frame, length), i })).sort((a, b) => a.at - b.at || a.i - b.i);
  const rows = new Array<number>(frames.length).fill(0);
  for (const { at, i } of order) {
    let row = lastInRow.findIndex((end) => at - end >= minGapPercent);
    if (row < 0) row = lastInRow.length;
    lastInRow[row] = at;
    rows[i] = row;
  }
  return rows;
}
