/** What the Keyframes lane draws for one annotation, as plain data (tested without a DOM). */
import { isTrack } from '../../../editor/kinds/track';
import { keyFrames } from '../../../editor/navigate';
import type { Annotation } from '../../../editor/types';

export interface KeyTick {
  frame: number;
  /** 'manual' for a person's keyframe; tracked/projected/imported/ground_truth for a machine's. */
  source: string;
  /** The keyframe that starts an absence (its value is null). */
  absent: boolean;
}

export interface KeyframeMarks {
  ticks: KeyTick[];
  /** Frame spans the object is absent over (hatched). */
  absent: Array<[number, number]>;
  /** Spans between two present keyframes, filled by interpolation. */
  interpolated: Array<[number, number]>;
}

export function keyframeMarks(a: Annotation, length: number): KeyframeMarks {
  if (!isTrack(a.geometry)) {
    const source = a.source ?? 'manual';
    return { ticks: keyFrames(a).map((frame) => ({ frame, source, absent: false })), absent: [], interpolated: [] };
  }
  const kfs = a.geometry.keyframes;
  const marks: KeyframeMarks = { ticks: [], absent: [], interpolated: [] };
  kfs.forEach((k, i) => {
    marks.ticks.push({ frame: k.frame, source: k.source, absent: k.value === null });
    const next = kfs[i + 1];
    // An absence runs to the next keyframe, or to the end when nothing brings the object back.
    if (k.value === null) marks.absent.push([k.frame, next ? next.frame : length - 1]);
    else if (next?.value && next.frame - k.frame > 1) marks.interpolated.push([k.frame, next.frame]);
  });
  return marks;
}
