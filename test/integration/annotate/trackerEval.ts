/**
 * Scores the tracker against the sample data's ground truth, the way an annotator would use it: track
 * from a keyframe until the tracker flags a frame, correct that frame (here: from the ground truth) and
 * go on. Reports the error of the frames the annotator would accept, and how many corrections it took.
 */
import type { GreyImage } from '../../../src/shared/tracking/image';
import { track, type Box, type TrackRequest } from '../../../src/shared/tracking/track';

export type Truth = { x: number; y: number } | Box;

export interface TrackingScore {
  /** Frames after the keyframe that were scored. */
  frames: number;
  /** Pixel error (box: centre distance) of every frame the tracker did not flag. */
  errors: number[];
  /** Frames the tracker flagged for correction (each one re-seeded from the ground truth). */
  corrections: number;
  /** Frames tracked before the first flag. */
  firstRun: number;
  msPerFrame: number;
}

const centre = (t: Truth) => ('x1' in t ? { x: (t.x1 + t.x2) / 2, y: (t.y1 + t.y2) / 2 } : t);

export function scoreTracking(images: GreyImage[], truth: (Truth | null)[], maxFrames: number, options: Partial<TrackRequest> = {}): TrackingScore {
  const last = Math.min(images.length - 1, maxFrames);
  const errors: number[] = [];
  let corrections = 0;
  let firstRun = -1;
  let elapsed = 0;
  let start = 0;
  while (start < last) {
    const seed = truth[start];
    if (!seed) {
      start++;
      continue;
    }
    const began = performance.now();
    const result = track({
      ...options,
      frames: images.slice(start, last + 1),
      start,
      direction: 'forward',
      ...('x1' in seed ? { box: seed } : { point: { x: seed.x, y: seed.y } }),
    });
    elapsed += performance.now() - began;
    for (const step of result.steps) {
      if (step.flagged) continue;
      const t = truth[step.frame];
      const got = step.point ?? centre(step.box!);
      if (t) errors.push(Math.hypot(got.x - centre(t).x, got.y - centre(t).y));
    }
    const end = result.steps.at(-1)?.frame ?? last;
    if (firstRun < 0) firstRun = result.reason === 'low_confidence' ? end - 1 - start : end - start;
    if (result.reason !== 'low_confidence') break;
    corrections++;
    start = end;
  }
  return { frames: last, errors, corrections, firstRun: Math.max(firstRun, 0), msPerFrame: elapsed / Math.max(last, 1) };
}

export const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
export const max = (v: number[]) => v.reduce((a, b) => Math.max(a, b), v.length ? -Infinity : NaN);
