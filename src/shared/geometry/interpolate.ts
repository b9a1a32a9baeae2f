/**
 * Track interpolation between keyframes. Boxes move linearly, coordinate by coordinate; points follow a
 * centripetal Catmull-Rom spline through the keyframes (no overshoot or cusps on uneven spacing, unlike
 * the uniform one). A keyframe whose value is null makes the object absent until the next keyframe;
 * before the first keyframe the object is absent, after the last it stays where it was last seen (an
 * object persists until marked absent, as in CVAT).
 */
import type { BoxGeometry, PointGeometry, TrackGeometry } from '../contract/annotations';

export type TrackValue = PointGeometry | BoxGeometry;
export type Keyframe = TrackGeometry['keyframes'][number];
export type Track = { keyframes: readonly Keyframe[] };

export interface TrackSample {
  frame: number;
  value: TrackValue | null;
  source: 'keyframe' | 'interpolated' | 'absent';
}

const isBox = (v: TrackValue): v is BoxGeometry => 'x1' in v;

/** Keyframes sorted by frame (a copy only when the stored order is not already sorted). */
function ordered(track: Track): readonly Keyframe[] {
  const k = track.keyframes;
  for (let i = 1; i < k.length; i++) if (k[i]!.frame <= k[i - 1]!.frame) return [...k].sort((a, b) => a.frame - b.frame);
  return k;
}

/** Index of the last keyframe at or before `frame`, or -1. */
function floorIndex(keys: readonly Keyframe[], frame: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]!.frame <= frame) [found, lo] = [mid, mid + 1];
    else hi = mid - 1;
  }
  return found;
}

/** Knot spacing of the centripetal spline: sqrt of the chord length, kept positive for repeated points. */
function knot(a: PointGeometry, b: PointGeometry): number {
  return Math.max(Math.sqrt(Math.hypot(b.x - a.x, b.y - a.y)), 1e-6);
}

/**
 * Centripetal Catmull-Rom between p1 and p2 as a function of u in [0, 1] (Barry-Goldman's pyramidal
 * form). The knots are computed once per segment, since a range is sampled segment by segment.
 */
function catmullRom(p0: PointGeometry, p1: PointGeometry, p2: PointGeometry, p3: PointGeometry): (u: number) => [number, number] {
  const t1 = knot(p0, p1);
  const t2 = t1 + knot(p1, p2);
  const t3 = t2 + knot(p2, p3);
  return (u) => {
    const t = t1 + u * (t2 - t1);
    const weight = (ta: number, tb: number) => (t - ta) / (tb - ta);
    const [w01, w12, w23, w02, w13] = [weight(0, t1), weight(t1, t2), weight(t2, t3), weight(0, t2), weight(t1, t3)];
    const at = (a: number, b: number, c: number, d: number) => {
      const a1 = a + w01 * (b - a);
      const a2 = b + w12 * (c - b);
      const a3 = c + w23 * (d - c);
      const b1 = a1 + w02 * (a2 - a1);
      const b2 = a2 + w13 * (a3 - a2);
      return b1 + w12 * (b2 - b1);
    };
    return [at(p0.x, p1.x, p2.x, p3.x), at(p0.y, p1.y, p2.y, p3.y)];
  };
}

/** A point keyframe's neighbour for the spline, or a mirrored phantom where the track breaks. */
function neighbour(keys: readonly Keyframe[], index: number, inner: PointGeometry, outer: PointGeometry): PointGeometry {
  const v = keys[index]?.value;
  if (v && !isBox(v)) return v;
  return { ...inner, x: 2 * inner.x - outer.x, y: 2 * inner.y - outer.y };
}

type Segment = (frame: number) => TrackSample;

/** The sampler for frames from keyframe i (inclusive) up to keyframe i+1 (exclusive). */
function segment(keys: readonly Keyframe[], i: number): Segment {
  if (i < 0 || keys[i]!.value === null) return (frame) => ({ frame, value: null, source: 'absent' });
  const key = keys[i]!;
  const a = key.value!;
  const next = keys[i + 1];
  const b = next?.value;
  const at = (frame: number, value: TrackValue): TrackSample =>
    frame === key.frame ? { frame, value: a, source: 'keyframe' } : { frame, value, source: 'interpolated' };
  // Towards an absent keyframe, across a change of kind, or after the last keyframe, the object holds still.
  if (!next || !b || isBox(b) !== isBox(a)) return (frame) => at(frame, a);
  const span = next.frame - key.frame;
  if (isBox(a)) {
    const bb = b as BoxGeometry;
    return (frame) => {
      const u = (frame - key.frame) / span;
      return at(frame, { x1: a.x1 + u * (bb.x1 - a.x1), y1: a.y1 + u * (bb.y1 - a.y1), x2: a.x2 + u * (bb.x2 - a.x2), y2: a.y2 + u * (bb.y2 - a.y2) });
    };
  }
  const pb = b as PointGeometry;
  if (a.x === pb.x && a.y === pb.y) return (frame) => at(frame, a);
  const spline = catmullRom(neighbour(keys, i - 1, a, pb), a, pb, neighbour(keys, i + 2, pb, a));
  return (frame) => {
    const [x, y] = spline((frame - key.frame) / span);
    return at(frame, { ...a, x, y });
  };
}

/** The track's value on one frame and where it comes from. */
export function valueAt(track: Track, frame: number): TrackSample {
  const keys = ordered(track);
  return segment(keys, floorIndex(keys, frame))(frame);
}

/** Every frame of [from, to] in one pass: linear in the range plus the keyframes, no search per frame. */
export function sampleTrack(track: Track, from: number, to: number): TrackSample[] {
  const keys = ordered(track);
  const out: TrackSample[] = new Array(Math.max(0, to - from + 1));
  let i = floorIndex(keys, from);
  let sample = segment(keys, i);
  for (let frame = from; frame <= to; frame++) {
    if (i + 1 < keys.length && keys[i + 1]!.frame <= frame) {
      while (i + 1 < keys.length && keys[i + 1]!.frame <= frame) i++;
      sample = segment(keys, i);
    }
    out[frame - from] = sample(frame);
  }
  return out;
}

/** The nearest keyframe strictly before `frame`, or undefined. */
export function previousKeyframe(track: Track, frame: number): number | undefined {
  const keys = ordered(track);
  const i = floorIndex(keys, frame - 1);
  return i >= 0 ? keys[i]!.frame : undefined;
}

/** The nearest keyframe strictly after `frame`, or undefined. */
export function nextKeyframe(track: Track, frame: number): number | undefined {
  const keys = ordered(track);
  return keys[floorIndex(keys, frame) + 1]?.frame;
}

/**
 * The frame halfway between the keyframes around `frame` (rounded down): where to look next when
 * refining a track by bisection. Undefined outside the keyframed range or when they are adjacent.
 */
export function midpointBetweenKeyframes(track: Track, frame: number): number | undefined {
  const keys = ordered(track);
  const i = floorIndex(keys, frame);
  const a = keys[i]?.frame;
  const b = keys[i + 1]?.frame;
  if (a === undefined || b === undefined || b - a < 2) return undefined;
  return Math.floor((a + b) / 2);
}
