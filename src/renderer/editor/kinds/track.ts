import type { BoxGeometry, PointGeometry, TrackGeometry } from '../../../shared/contract/annotations';
import { valueAt as sharedValueAt } from '../../../shared/geometry/interpolate';
import type { Geometry } from '../types';

type TrackValue = PointGeometry | BoxGeometry;
type Keyframe = TrackGeometry['keyframes'][number];

export const isTrack = (g: Geometry): g is TrackGeometry => 'keyframes' in g;

/**
 * The value of a track on `frame`, or null while absent. Interpolation (linear boxes, centripetal
 * Catmull-Rom points) is shared with the backend and the exporters, so what is drawn is what is exported.
 */
export function valueAt(track: TrackGeometry, frame: number): TrackValue | null {
  return sharedValueAt(track, frame).value;
}

/** Put (or replace) the keyframe on `frame`, keeping keyframes sorted by frame. */
export function setKeyframe(track: TrackGeometry, frame: number, value: TrackValue | null, source: Keyframe['source'] = 'manual'): TrackGeometry {
  const keyframes = track.keyframes.filter((k) => k.frame !== frame);
  keyframes.push({ frame, value, source });
  keyframes.sort((a, b) => a.frame - b.frame);
  return { keyframes };
}

export function removeKeyframe(track: TrackGeometry, frame: number): TrackGeometry | null {
  const keyframes = track.keyframes.filter((k) => k.frame !== frame);
  return keyframes.length > 0 ? { keyframes } : null;
}

export const keyframeAt = (track: TrackGeometry, frame: number): Keyframe | undefined => track.keyframes.find((k) => k.frame === frame);

/** The frames a track covers: from its first keyframe to the last, or to the episode's end if it is present there. */
export function trackSpan(track: TrackGeometry, lastFrame: number): [number, number] {
  const first = track.keyframes[0]!;
  const last = track.keyframes[track.keyframes.length - 1]!;
  return [first.frame, last.value === null ? last.frame : Math.max(last.frame, lastFrame)];
}
