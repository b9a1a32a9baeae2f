/**
 * Propagates a point or a box from a keyframe through successive frames, frame to frame, and stops at
 * the first frame whose confidence falls below a threshold (that frame is returned, flagged, so the
 * user can correct it there). Pure and synchronous per step: the renderer runs it in a Web Worker and
 * posts each step as it comes (`trackSteps` is a generator), tests run it in Node.
 */
import { buildPyramid, type GreyImage, type PyramidLevel } from './image';
import { trackPointStep, type LkOptions, type Point } from './lucasKanade';

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface TrackRequest {
  /** The keyframe's image first, then each next image in the tracking direction. */
  frames: Iterable<GreyImage>;
  /** Frame number of the first image. */
  start: number;
  /** Whether the frames run forward (start, start+1, ...) or backward (start, start-1, ...). */
  direction: 'forward' | 'backward';
  point?: Point;
  box?: Box;
  /** Stop at the first frame below this confidence (default 0.5). */
  minConfidence?: number;
  /** Track at most this many frames after the start (default: all given). */
  maxFrames?: number;
  /** Pyramid levels (default 3: motions up to ~8 window radii). */
  levels?: number;
  lk?: Partial<LkOptions>;
  /** Start each point search at the last step's displacement (default true): robots move smoothly. */
  constantVelocity?: boolean;
}

export interface TrackStep {
  frame: number;
  point?: Point;
  box?: Box;
  /** In [0, 1]: forward-backward consistency and appearance similarity of the step into this frame. */
  confidence: number;
  /** True on the frame where tracking stopped for low confidence. */
  flagged: boolean;
}

export interface TrackResult {
  steps: TrackStep[];
  reason: 'end' | 'max_frames' | 'low_confidence';
}

/** Forward-backward error (px) at which a step's confidence halves, roughly. */
const FB_SCALE_PX = 1;
/** Grid of points followed inside a box (Median Flow). */
const BOX_GRID = 6;

const fbConfidence = (fb: number) => (Number.isFinite(fb) ? Math.exp(-0.5 * (fb / FB_SCALE_PX) ** 2) : 0);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function stepPoint(from: PyramidLevel[], to: PyramidLevel[], p: Point, lk: Partial<LkOptions>, prior?: Point): { point: Point; confidence: number } {
  const step = trackPointStep(from, to, p, lk, prior);
  if (!step.point) return { point: p, confidence: 0 };
  return { point: step.point, confidence: Math.min(fbConfidence(step.forwardBackward), Math.max(0, step.ncc)) };
}

/**
 * Median Flow (Kalal, Mikolajczyk & Matas 2010): follow a grid of points, keep the better half by
 * forward-backward error and appearance, move the box by their median displacement and scale it by the
 * median change of their pairwise distances.
 */
function stepBox(from: PyramidLevel[], to: PyramidLevel[], box: Box, lk: Partial<LkOptions>): { box: Box; confidence: number } {
  const w = box.x2 - box.x1;
  const h = box.y2 - box.y1;
  const halfWindow = lk.halfWindow ?? Math.max(3, Math.min(7, Math.floor(Math.min(w, h) / 4)));
  const tracked: { a: Point; b: Point; fb: number; ncc: number }[] = [];
  for (let j = 0; j < BOX_GRID; j++) {
    for (let i = 0; i < BOX_GRID; i++) {
      const a = { x: box.x1 + w * (0.1 + (0.8 * (i + 0.5)) / BOX_GRID), y: box.y1 + h * (0.1 + (0.8 * (j + 0.5)) / BOX_GRID) };
      const s = trackPointStep(from, to, a, { ...lk, halfWindow });
      if (s.point && Number.isFinite(s.forwardBackward)) tracked.push({ a, b: s.point, fb: s.forwardBackward, ncc: s.ncc });
    }
  }
  if (tracked.length < 2) return { box, confidence: 0 };
  const fbCut = median(tracked.map((t) => t.fb));
  const nccCut = median(tracked.map((t) => t.ncc));
  const kept = tracked.filter((t) => t.fb <= fbCut && t.ncc >= nccCut);
  const use = kept.length >= 2 ? kept : tracked;
  const dx = median(use.map((t) => t.b.x - t.a.x));
  const dy = median(use.map((t) => t.b.y - t.a.y));
  const ratios: number[] = [];
  for (let m = 0; m < use.length; m++) {
    for (let n = m + 1; n < use.length; n++) {
      const before = Math.hypot(use[m]!.a.x - use[n]!.a.x, use[m]!.a.y - use[n]!.a.y);
      if (before > 1) ratios.push(Math.hypot(use[m]!.b.x - use[n]!.b.x, use[m]!.b.y - use[n]!.b.y) / before);
    }
  }
  const scale = ratios.length ? median(ratios) : 1;
  const cx = (box.x1 + box.x2) / 2 + dx;
  const cy = (box.y1 + box.y2) / 2 + dy;
  const next = { x1: cx - (w * scale) / 2, y1: cy - (h * scale) / 2, x2: cx + (w * scale) / 2, y2: cy + (h * scale) / 2 };
  const reliable = tracked.filter((t) => t.fb < 2 * FB_SCALE_PX).length / (BOX_GRID * BOX_GRID);
  return { box: next, confidence: Math.min(reliable, fbConfidence(median(use.map((t) => t.fb))), Math.max(0, median(use.map((t) => t.ncc)))) };
}

/** Yields one step per frame after the start, the flagged low-confidence frame last if tracking stopped early. */
export function* trackSteps(request: TrackRequest): Generator<TrackStep, TrackResult['reason']> {
  const { frames, start, direction, point, box, minConfidence = 0.5, maxFrames = Infinity, levels = 3, lk = {}, constantVelocity = true } = request;
  if (!point === !box) throw new Error('track: give exactly one of point or box');
  const sign = direction === 'forward' ? 1 : -1;
  let previous: PyramidLevel[] | null = null;
  let currentPoint = point;
  let currentBox = box;
  let index = 0;
  let velocity: Point | null = null;
  for (const image of frames) {
    if (index > maxFrames) return 'max_frames';
    const pyramid = buildPyramid(image, levels);
    if (previous) {
      const frame = start + sign * index;
      let confidence: number;
      if (currentPoint) {
        const before: Point = currentPoint;
        ({ point: currentPoint, confidence } = stepPoint(previous, pyramid, before, lk, velocity ?? undefined));
        velocity = constantVelocity ? { x: currentPoint.x - before.x, y: currentPoint.y - before.y } : null;
      } else {
        ({ box: currentBox, confidence } = stepBox(previous, pyramid, currentBox!, lk));
      }
      const flagged = confidence < minConfidence;
      yield { frame, ...(currentPoint ? { point: currentPoint } : { box: currentBox }), confidence, flagged };
      if (flagged) return 'low_confidence';
    }
    previous = pyramid;
    index++;
  }
  return 'end';
}

/** Runs `trackSteps` to the end and collects the steps. */
export function track(request: TrackRequest): TrackResult {
  const steps: TrackStep[] = [];
  const run = trackSteps(request);
  for (let next = run.next(); ; next = run.next()) {
    if (next.done) return { steps, reason: next.value };
    steps.push(next.value);
  }
}
