/**
 * Per-step grounding signals of a rollout, read from its record: how well the predicted box and point
 * match the environment's truth for the target, in the policy's camera. The player plots them, failure
 * tags are suggested from them, and least-sure frames are ranked by them, so all three agree.
 */
import type { RolloutRecord, RolloutStep } from './record';

type Box = readonly [number, number, number, number];
type Point = readonly [number, number];

export interface StepSignals {
  t: number;
  /** IoU of the predicted box with the target's true box; null where either is missing. */
  iou: number | null;
  /** Distance of the predicted point from the target's true centre, in units of the image width; null where either is missing. */
  pointError: number | null;
  /** Whether the predicted point falls inside the predicted box; null where either is missing. */
  pointInOwnBox: boolean | null;
  /** Whether the predicted point falls inside the target's true box; null where either is missing. */
  pointOnTarget: boolean | null;
}

export function boxIou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

export function pointInBox(p: Point, b: Box): boolean {
  return p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];
}

/** The target's truth in the policy's camera for one step, if the record has it. */
export function targetTruth(record: Pick<RolloutRecord, 'policyCamera'>, step: RolloutStep) {
  return record.policyCamera ? step.truth?.[record.policyCamera]?.target : undefined;
}

export function stepSignals(record: Pick<RolloutRecord, 'policyCamera'>, step: RolloutStep): StepSignals {
  const predicted = step.predicted;
  const truth = targetTruth(record, step);
  const pbox = predicted?.box;
  const ppoint = predicted?.point;
  return {
    t: step.t,
    iou: pbox && truth?.box ? boxIou(pbox, truth.box) : null,
    pointError: ppoint && truth?.point ? Math.hypot(ppoint[0] - truth.point[0], ppoint[1] - truth.point[1]) : null,
    pointInOwnBox: ppoint && pbox ? pointInBox(ppoint, pbox) : null,
    pointOnTarget: ppoint && truth?.box ? pointInBox(ppoint, truth.box) : null,
  };
}

export function rolloutSignals(record: Pick<RolloutRecord, 'policyCamera' | 'steps'>): StepSignals[] {
  return record.steps.map((step) => stepSignals(record, step));
}

/**
 * Whether the predicted box overlaps the target at a step: IoU above `minIou`, or the predicted point
 * on the target when there is no box. Null where the step carries no prediction or no truth.
 */
export function onTarget(s: StepSignals, minIou = 0.1): boolean | null {
  if (s.iou !== null) return s.iou >= minIou;
  return s.pointOnTarget;
}

/** The first step at which the prediction left the target after having been on it; null if it never did. */
export function firstLeftTarget(signals: StepSignals[], minIou = 0.1): number | null {
  let wasOn = false;
  for (const s of signals) {
    const on = onTarget(s, minIou);
    if (on === true) wasOn = true;
    else if (on === false && wasOn) return s.t;
  }
  return null;
}

/** Share of the steps with a prediction and truth where the prediction was on the target; null if none had both. */
export function onTargetShare(signals: StepSignals[], minIou = 0.1): number | null {
  let on = 0;
  let n = 0;
  for (const s of signals) {
    const v = onTarget(s, minIou);
    if (v === null) continue;
    n++;
    if (v) on++;
  }
  return n > 0 ? on / n : null;
}
