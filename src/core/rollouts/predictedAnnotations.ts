/**
 * A rollout's predictions as annotation changes: which steps to annotate, and the normalised point, box
 * and trajectory of a step turned into pixel geometry of the policy camera (as annotations store it).
 */
import type { z } from 'zod';
import type { BoxGeometry, PointGeometry, TrajectoryGeometry } from '../../shared/contract/annotations';
import type { AnnotationCreate } from '../../shared/contract/domain';
import { ApiError } from '../../shared/contract/errors';
import type { RolloutRecord, RolloutStep } from '../../shared/rollouts/record';
import { hasPrediction, pickSpread, scoreSteps } from './leastSure';

/** Annotating every predicting step of a long rollout buries the reviewer; past this many, steps are thinned. */
export const MAX_DEFAULT_STEPS = 60;
/** The unsure moments added on top of the thinned steps, so the frames most worth correcting are always there. */
const UNSURE_STEPS = 10;

type Create = z.output<typeof AnnotationCreate>;

export interface ImageSize {
  name: string;
  width: number;
  height: number;
}

/**
 * The steps to annotate: the ones asked for (each must exist and carry a prediction), else every
 * predicting step, thinned evenly to at most MAX_DEFAULT_STEPS plus the rollout's least-sure steps.
 */
export function chooseSteps(record: RolloutRecord, asked: number[] | undefined): number[] {
  const byT = new Map(record.steps.map((s) => [s.t, s]));
  if (asked) {
    asked.forEach((t, i) => {
      const step = byT.get(t);
      if (!step || t >= record.steps.length) {
        throw new ApiError('bad_request', `steps.${i}: step ${t} is beyond the rollout (steps 0 to ${record.steps.length - 1})`);
      }
      if (!hasPrediction(step.predicted)) throw new ApiError('bad_request', `steps.${i}: step ${t} has no prediction to annotate`);
    });
    return [...new Set(asked)].sort((a, b) => a - b);
  }
  const predicting = record.steps.filter((s) => s.t < record.steps.length && hasPrediction(s.predicted)).map((s) => s.t);
  if (predicting.length <= MAX_DEFAULT_STEPS) return predicting;
  const stride = Math.ceil(predicting.length / MAX_DEFAULT_STEPS);
  const kept = new Set(predicting.filter((_, i) => i % stride === 0));
  const unsure = pickSpread(scoreSteps(record).map((s) => ({ ...s, rolloutId: 0 })), UNSURE_STEPS);
  for (const u of unsure) kept.add(u.step);
  return [...kept].sort((a, b) => a - b);
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));

/**
 * Pixels of the camera from normalised coordinates. A prediction off the image is pulled onto its edge:
 * an annotation must lie inside the picture, and the reviewer still sees where the model pointed.
 */
function toPixel(p: readonly [number, number], camera: ImageSize): { x: number; y: number } {
  return { x: clamp(p[0]) * camera.width, y: clamp(p[1]) * camera.height };
}

/** The box with its corners ordered and clipped to the image; null when nothing of it is left. */
function toBox(b: readonly [number, number, number, number], camera: ImageSize): BoxGeometry | null {
  const x1 = clamp(Math.min(b[0], b[2])) * camera.width;
  const x2 = clamp(Math.max(b[0], b[2])) * camera.width;
  const y1 = clamp(Math.min(b[1], b[3])) * camera.height;
  const y2 = clamp(Math.max(b[1], b[3])) * camera.height;
  // Stored coordinates are rounded to 1/1000 px; a box thinner than that would be refused.
  return x2 - x1 >= 0.01 && y2 - y1 >= 0.01 ? { x1, y1, x2, y2 } : null;
}

/**
 * The predicted path of the gripper from this step on. The model gives its vertices no times, so all of
 * them sit on the step's own frame: inventing times would both mislead and keep every earlier prediction
 * on screen over the later ones (a trajectory shows from its first vertex's frame to its last).
 */
function toTrajectory(points: readonly (readonly [number, number])[], t: number, camera: ImageSize): TrajectoryGeometry | null {
  if (points.length < 2) return null;
  return { of: 'gripper', points: points.map((p) => ({ ...toPixel(p, camera), frame: t })) };
}

/** The creates for one step's prediction: its point, box and trajectory, whichever it has. */
export function stepChanges(step: RolloutStep, camera: ImageSize, labelId: number): Create[] {
  const predicted = step.predicted;
  if (!predicted) return [];
  const base = { camera: camera.name, frame: step.t, isTrack: false, labelId, query: null, source: 'imported' as const, confidence: null };
  const out: Create[] = [];
  if (predicted.point) {
    const geometry: PointGeometry = { ...toPixel(predicted.point, camera), role: 'other' };
    out.push({ op: 'create', kind: 'point', geometry, ...base });
  }
  const box = predicted.box && toBox(predicted.box, camera);
  if (box) out.push({ op: 'create', kind: 'box', geometry: box, ...base });
  const trajectory = predicted.trajectory && toTrajectory(predicted.trajectory, step.t, camera);
  if (trajectory) out.push({ op: 'create', kind: 'trajectory', geometry: trajectory, ...base });
  return out;
}

/** Every create for the chosen steps, in step order. */
export function predictedChanges(record: RolloutRecord, steps: number[], camera: ImageSize, labelId: number): Create[] {
  const byT = new Map(record.steps.map((s) => [s.t, s]));
  return steps.flatMap((t) => stepChanges(byT.get(t)!, camera, labelId));
}
