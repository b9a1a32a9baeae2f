import { midpointBetweenKeyframes } from '../../shared/geometry/interpolate';
import { isTrack } from './kinds/track';
import type { Annotation } from './types';

/**
 * The frames worth stepping to on an annotation: a track's keyframes, a trajectory's vertices, a segment's
 * ends, a single-frame shape's own frame. Sorted, without repeats.
 */
export function keyFrames(a: Annotation): number[] {
  let frames: number[];
  if (isTrack(a.geometry)) frames = a.geometry.keyframes.map((k) => k.frame);
  else if ('points' in a.geometry) frames = a.geometry.points.map((p) => p.frame);
  else frames = a.kind === 'segment' ? [a.frame, a.endFrame ?? a.frame] : [a.frame];
  return [...new Set(frames)].sort((x, y) => x - y);
}

/** The next (dir 1) or previous (dir -1) key frame across the given annotations, or null at the end. */
export function stepKeyframe(annotations: readonly Annotation[], frame: number, dir: 1 | -1): number | null {
  let best: number | null = null;
  for (const a of annotations)
    for (const f of keyFrames(a))
      if ((dir > 0 ? f > frame : f < frame) && (best === null || (dir > 0 ? f < best : f > best))) best = f;
  return best;
}

/**
 * Halfway to the next key frame: refining a track by bisection is how sparse keyframing stays accurate
 * (the "jump to the midpoint" CVAT users ask for). Tracks use the shared rule; other kinds the same idea.
 */
export function midpointFrame(a: Annotation, frame: number): number | null {
  if (isTrack(a.geometry)) return midpointBetweenKeyframes(a.geometry, frame) ?? null;
  const frames = keyFrames(a);
  const next = frames.find((f) => f > frame);
  const prev = [...frames].reverse().find((f) => f <= frame);
  if (next === undefined || prev === undefined || next - prev < 2) return null;
  return Math.floor((prev + next) / 2);
}
