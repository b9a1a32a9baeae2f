import { boxUtil } from './kinds/box';
import { pointUtil } from './kinds/point';
import { isTrack } from './kinds/track';
import { firstBackwardsVertex } from './kinds/trajectory';
import { median, type Vec } from './geometry';
import type { BoxGeometry, PointGeometry, TrajectoryGeometry } from '../../shared/contract/annotations';
import type { Annotation } from './types';

export type CheckId = 'jump' | 'jitter' | 'outside-image' | 'degenerate-box' | 'frames-backwards' | 'sparse-keyframes' | 'unknown-label';

/** One finding, with the frame to jump to. */
export interface CheckItem {
  check: CheckId;
  annotationId: string;
  frame: number;
  message: string;
}

export interface CheckOptions {
  /** Image size per camera id. */
  cameras: Record<string, { width: number; height: number }>;
  length: number;
  /** The project's label class ids; a label outside them (a deleted class) is flagged. Null skips the check. */
  labelIds: readonly number[] | null;
  /** A step this many times the track's median step is a jump. */
  jumpFactor?: number;
  /** Steps shorter than this (px per frame) are never jumps, so a nearly still track does not flag its noise. */
  minJumpPx?: number;
  /** Keyframes further apart than this leave a long stretch to interpolation alone. */
  maxKeyframeGap?: number;
}

interface Sample {
  frame: number;
  at: Vec;
}

const centre = (v: PointGeometry | BoxGeometry): Vec => ('x1' in v ? { x: (v.x1 + v.x2) / 2, y: (v.y1 + v.y2) / 2 } : v);

/** The positions along a track (present keyframes) or a trajectory (vertices), in order. */
function samples(a: Annotation): Sample[][] {
  if (isTrack(a.geometry)) {
    // An absence splits the track: reappearing elsewhere is not a jump.
    const runs: Sample[][] = [[]];
    for (const k of a.geometry.keyframes) {
      if (k.value === null) runs.push([]);
      else runs[runs.length - 1]!.push({ frame: k.frame, at: centre(k.value) });
    }
    return runs.filter((r) => r.length > 1);
  }
  if (a.kind === 'trajectory') return [(a.geometry as TrajectoryGeometry).points.map((p) => ({ frame: p.frame, at: p }))];
  return [];
}

function motionChecks(a: Annotation, o: Required<CheckOptions>): CheckItem[] {
  const items: CheckItem[] = [];
  for (const run of samples(a)) {
    const steps = run.slice(1).map((s, i) => {
      const prev = run[i]!;
      const d = { x: s.at.x - prev.at.x, y: s.at.y - prev.at.y };
      return { frame: s.frame, d, speed: Math.hypot(d.x, d.y) / Math.max(1, s.frame - prev.frame) };
    });
    const typical = median(steps.map((s) => s.speed));
    for (const s of steps)
      if (steps.length >= 3 && s.speed > o.minJumpPx && s.speed > o.jumpFactor * typical)
        items.push({ check: 'jump', annotationId: a.id, frame: s.frame, message: `moves ${s.speed.toFixed(1)} px/frame at frame ${s.frame}, ${(s.speed / Math.max(typical, 1e-9)).toFixed(1)}x its median` });
    // Jitter: the path doubles back on itself three steps running, which real motion rarely does.
    let reversals = 0;
    for (let i = 1; i < steps.length; i++) {
      const a1 = steps[i - 1]!.d;
      const b1 = steps[i]!.d;
      const dot = a1.x * b1.x + a1.y * b1.y;
      const back = dot < -0.5 * Math.hypot(a1.x, a1.y) * Math.hypot(b1.x, b1.y) && dot !== 0;
      reversals = back ? reversals + 1 : 0;
      if (reversals === 3)
        items.push({ check: 'jitter', annotationId: a.id, frame: steps[i]!.frame, message: `jitters back and forth around frame ${steps[i]!.frame}` });
    }
  }
  return items;
}

function placementChecks(a: Annotation, o: Required<CheckOptions>): CheckItem[] {
  const image = a.camera ? o.cameras[a.camera] : undefined;
  if (!image) return [];
  const ctx = { ...image, length: o.length };
  const items: CheckItem[] = [];
  const check = (frame: number, v: PointGeometry | BoxGeometry | Vec) => {
    const messages = 'x1' in v ? boxUtil.validate(v, ctx) : pointUtil.validate({ ...v, role: 'other' }, ctx);
    for (const m of messages)
      items.push({ check: m.includes('degenerate') ? 'degenerate-box' : 'outside-image', annotationId: a.id, frame, message: `frame ${frame}: ${m}` });
  };
  if (isTrack(a.geometry)) {
    for (const k of a.geometry.keyframes) if (k.value) check(k.frame, k.value);
  }
  else if (a.kind === 'trajectory') for (const p of (a.geometry as TrajectoryGeometry).points) check(p.frame, p);
  else if (a.kind === 'point' || a.kind === 'box') check(a.frame, a.geometry as PointGeometry | BoxGeometry);
  return items;
}

function structureChecks(a: Annotation, o: Required<CheckOptions>): CheckItem[] {
  const items: CheckItem[] = [];
  if (a.kind === 'trajectory') {
    const pts = (a.geometry as TrajectoryGeometry).points;
    const bad = firstBackwardsVertex(pts);
    if (bad > 0)
      items.push({ check: 'frames-backwards', annotationId: a.id, frame: pts[bad]!.frame, message: `vertex ${bad} is on frame ${pts[bad]!.frame}, before frame ${pts[bad - 1]!.frame} of the vertex before it` });
  }
  if (isTrack(a.geometry)) {
    const kfs = a.geometry.keyframes;
    for (let i = 1; i < kfs.length; i++) {
      const [p, n] = [kfs[i - 1]!, kfs[i]!];
      const gap = n.frame - p.frame;
      // Jump to the midpoint: where interpolation is most likely to have drifted from the object.
      if (p.value && n.value && gap > o.maxKeyframeGap)
        items.push({ check: 'sparse-keyframes', annotationId: a.id, frame: p.frame + Math.floor(gap / 2), message: `${gap} frames between keyframes ${p.frame} and ${n.frame} are interpolated only` });
    }
  }
  if (o.labelIds && a.labelId !== null && !o.labelIds.includes(a.labelId))
    items.push({ check: 'unknown-label', annotationId: a.id, frame: a.frame, message: `label class ${a.labelId} is not in the class list` });
  return items;
}

/** Every automatic check over an episode's annotations, sorted by frame so the list reads like the timeline. */
export function runChecks(annotations: readonly Annotation[], options: CheckOptions): CheckItem[] {
  const o: Required<CheckOptions> = { jumpFactor: 5, minJumpPx: 2, maxKeyframeGap: 30, ...options };
  return annotations
    .flatMap((a) => [...placementChecks(a, o), ...structureChecks(a, o), ...motionChecks(a, o)])
    .sort((x, y) => x.frame - y.frame || x.annotationId.localeCompare(y.annotationId));
}
