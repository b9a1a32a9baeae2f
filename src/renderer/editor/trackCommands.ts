/**
 * Turning a tracker's answer into keyframes: one command, one undo step. The shape becomes (or stays)
 * a track; its value on the start frame stays as it was, and each tracked frame becomes a keyframe with
 * source 'tracked' and the tracker's confidence. A person's keyframes are never overwritten: tracking
 * ends before the first one in its way. Editing a tracked keyframe later makes it 'manual' (setKeyframe).
 */
import type { BoxGeometry, PointGeometry, TrackGeometry } from '../../shared/contract/annotations';
import type { Command } from './commands';
import type { AnnotationDocument } from './document';
import { isTrack, keyframeAt, valueAt } from './kinds/track';
import type { Annotation, Change, Refusal } from './types';

type Value = PointGeometry | BoxGeometry;
type Keyframe = TrackGeometry['keyframes'][number];

export interface TrackedStep {
  frame: number;
  value: Value;
  confidence: number;
}

/** Keyframe sources a machine made; re-tracking may replace them. */
const AUTOMATIC = new Set<Keyframe['source']>(['tracked', 'projected']);
const isPersonMade = (k: Keyframe) => !AUTOMATIC.has(k.source);

export type TrackTarget = { kind: 'point'; value: PointGeometry } | { kind: 'box'; value: BoxGeometry };

/** What the tracker starts from: the point or box shown on `frame`, or why there is none. */
export function trackStart(a: Annotation | undefined, frame: number): TrackTarget | Refusal {
  if (!a) return { refused: 'select one point or box to track' };
  if (a.kind !== 'point' && a.kind !== 'box') return { refused: `a ${a.kind} cannot be tracked; select a point or a box` };
  const value = isTrack(a.geometry) ? valueAt(a.geometry, frame) : a.frame === frame ? (a.geometry as Value) : null;
  if (!value) return { refused: isTrack(a.geometry) ? `the ${a.kind} is absent on frame ${frame}` : `this ${a.kind} is on frame ${a.frame}; go there to track it` };
  return a.kind === 'point' ? { kind: 'point', value: value as PointGeometry } : { kind: 'box', value: value as BoxGeometry };
}

/**
 * How many of `wanted` frames may be tracked from `start` before reaching a keyframe a person set (or
 * the episode's edge), so the request never asks for values that would be thrown away.
 */
export function trackableFrames(a: Annotation, start: number, direction: 'forward' | 'backward', wanted: number, length: number): number {
  const room = direction === 'forward' ? length - 1 - start : start;
  let limit = Math.max(0, Math.min(wanted, room));
  if (!isTrack(a.geometry)) return limit;
  for (const k of a.geometry.keyframes) {
    const ahead = direction === 'forward' ? k.frame - start : start - k.frame;
    if (ahead > 0 && isPersonMade(k)) limit = Math.min(limit, ahead - 1);
  }
  return limit;
}

export interface ApplyTrackingArgs {
  id: string;
  start: number;
  direction: 'forward' | 'backward';
  /** Frames asked for: automatic keyframes left in this stretch from an earlier run are replaced. */
  frames: number;
  /** In tracking order, as tracking.propagate returns them. */
  steps: TrackedStep[];
}

function asTrack(a: Annotation): TrackGeometry {
  if (isTrack(a.geometry)) return a.geometry;
  // A single-frame shape's value was set by a person or came in with its own source.
  const source: Keyframe['source'] = a.source === 'tracked' || a.source === 'projected' || a.source === 'imported' || a.source === 'ground_truth' ? a.source : 'manual';
  return { keyframes: [{ frame: a.frame, value: a.geometry as Value, source }] };
}

function tracked(doc: AnnotationDocument, { id, start, direction, frames, steps }: ApplyTrackingArgs): Annotation | Refusal {
  const a = doc.get(id);
  const from = trackStart(a, start);
  if ('refused' in from) return from;
  if (steps.length === 0) return { refused: `nothing was tracked ${direction} from frame ${start}` };
  const track = asTrack(a!);
  const sign = direction === 'forward' ? 1 : -1;
  const inStretch = (frame: number) => sign * (frame - start) > 0 && sign * (frame - start) <= frames;
  const stop = track.keyframes.filter((k) => inStretch(k.frame) && isPersonMade(k)).map((k) => sign * (k.frame - start));
  const reach = Math.min(frames, ...stop.map((d) => d - 1));
  const kept = steps.filter((s) => sign * (s.frame - start) > 0 && sign * (s.frame - start) <= reach);
  if (kept.length === 0) return { refused: `frame ${start + sign} already has a keyframe set by hand` };
  // The start value keeps its keyframe (and source); an in-between value becomes one, as the machine's.
  const startKey: Keyframe = keyframeAt(track, start) ?? { frame: start, value: from.value, source: 'tracked' };
  const others = track.keyframes.filter((k) => k.frame !== start && !(sign * (k.frame - start) > 0 && sign * (k.frame - start) <= reach && !isPersonMade(k)));
  const added: Keyframe[] = kept.map((s) => ({ frame: s.frame, value: s.value, source: 'tracked', confidence: Math.round(s.confidence * 1000) / 1000 }));
  const keyframes = [...others, startKey, ...added].sort((p, q) => p.frame - q.frame);
  return { ...a!, geometry: { keyframes } };
}

/**
 * One undo step. Sent as a delete and a create of the same id (one atomic batch, as the wire already
 * does when a shape becomes a track) because an update without a source is a person's edit, and the
 * backend would mark every new keyframe 'manual'; a create stores the keyframes' sources as given.
 */
export const applyTracking: Command<ApplyTrackingArgs> = {
  name: 'trackShape',
  undoable: true,
  perform(doc, args): Change[] | Refusal {
    const after = tracked(doc, args);
    if ('refused' in after) return after;
    const before = doc.get(args.id)!;
    return [
      { op: 'delete', annotation: before },
      { op: 'create', annotation: after },
    ];
  },
};
