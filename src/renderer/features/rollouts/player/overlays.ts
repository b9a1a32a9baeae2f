/**
 * What the rollout player draws over a camera at a step, in that camera's pixels (the record keeps
 * [0, 1] of the image). Predictions exist only in the policy's camera; the environment's truth and the
 * gripper's path on every camera that has them.
 */
import type { RolloutRecord, RolloutStep, Spatial } from '../../../../shared/rollouts/record';

export const OVERLAY_LAYERS = ['predicted', 'future', 'truth', 'path'] as const;
export type OverlayLayer = (typeof OVERLAY_LAYERS)[number];
export type OverlayLayers = Record<OverlayLayer, boolean>;

/** One colour for what the policy said, another for what was true. */
export const PREDICTED_COLOR = '#ff9f1c';
export const TRUTH_COLOR = '#3ddc84';
export const PATH_COLOR = '#5ec8ff';

export const LAYER_INFO: Record<OverlayLayer, { label: string; color: string; title: string }> = {
  predicted: { label: 'Predicted point + box', color: PREDICTED_COLOR, title: "The policy's point and box for the prompt, in its camera" },
  future: { label: 'Predicted path', color: PREDICTED_COLOR, title: "The policy's predicted trajectory from this step on (dashed)" },
  truth: { label: 'True target', color: TRUTH_COLOR, title: "The target object's true box and centre, on every camera that has them" },
  path: { label: 'Gripper path', color: PATH_COLOR, title: 'Where the gripper actually went, up to this step' },
};

export const ALL_LAYERS_ON: OverlayLayers = { predicted: true, future: true, truth: true, path: true };

type Xy = [number, number];

export type OverlayShape =
  | { kind: 'box'; layer: OverlayLayer; x: number; y: number; w: number; h: number; stale: boolean }
  | { kind: 'point'; layer: OverlayLayer; x: number; y: number; stale: boolean }
  | { kind: 'path'; layer: OverlayLayer; points: Xy[]; dashed: boolean };

export interface OverlayCamera {
  name: string;
  width: number;
  height: number;
}

/** The step with index `t`; records number their steps 0.., but an importer may have left gaps. */
export function stepAt(record: Pick<RolloutRecord, 'steps'>, t: number): RolloutStep | undefined {
  const direct = record.steps[t];
  return direct?.t === t ? direct : record.steps.find((s) => s.t === t);
}

/**
 * The prediction in effect at step `t`: the step's own, or the last one made before it (a policy that
 * predicts chunks grounds only when it asks for a chunk). `age` is how many steps old it is.
 */
export function predictionAt(record: Pick<RolloutRecord, 'steps'>, t: number): { spatial: Spatial; age: number } | null {
  for (let i = record.steps.length - 1; i >= 0; i--) {
    const step = record.steps[i]!;
    if (step.t > t || !step.predicted) continue;
    return { spatial: step.predicted, age: t - step.t };
  }
  return null;
}

function spatialShapes(spatial: Spatial, layer: OverlayLayer, px: (p: readonly number[]) => Xy, stale: boolean): OverlayShape[] {
  const out: OverlayShape[] = [];
  if (spatial.box) {
    const [x0, y0] = px([spatial.box[0], spatial.box[1]]);
    const [x1, y1] = px([spatial.box[2], spatial.box[3]]);
    out.push({ kind: 'box', layer, x: Math.min(x0, x1), y: Math.min(y0, y1), w: Math.abs(x1 - x0), h: Math.abs(y1 - y0), stale });
  }
  if (spatial.point) {
    const [x, y] = px(spatial.point);
    out.push({ kind: 'point', layer, x, y, stale });
  }
  return out;
}

/** The shapes of the layers switched on, for one camera at step `t`, back to front. */
export function overlayShapes(record: Pick<RolloutRecord, 'steps' | 'policyCamera'>, t: number, camera: OverlayCamera, layers: OverlayLayers): OverlayShape[] {
  const px = (p: readonly number[]): Xy => [p[0]! * camera.width, p[1]! * camera.height];
  const shapes: OverlayShape[] = [];
  const step = stepAt(record, t);

  if (layers.path) {
    // The executed path: every step's true gripper point up to now; a step without one breaks the line.
    let run: Xy[] = [];
    const flush = () => {
      if (run.length > 1) shapes.push({ kind: 'path', layer: 'path', points: run, dashed: false });
      run = [];
    };
    for (const s of record.steps) {
      if (s.t > t) break;
      const g = s.truth?.[camera.name]?.gripper;
      if (g) run.push(px(g));
      else flush();
    }
    flush();
    const now = step?.truth?.[camera.name]?.gripper;
    if (now) shapes.push({ kind: 'point', layer: 'path', ...xy(px(now)), stale: false });
  }

  if (record.policyCamera === camera.name && (layers.predicted || layers.future)) {
    const prediction = predictionAt(record, t);
    if (prediction) {
      const stale = prediction.age > 0;
      const trajectory = prediction.spatial.trajectory;
      if (layers.future && trajectory && trajectory.length > 1) {
        shapes.push({ kind: 'path', layer: 'future', points: trajectory.map(px), dashed: true });
      }
      if (layers.predicted) shapes.push(...spatialShapes(prediction.spatial, 'predicted', px, stale));
    }
  }
  // Truth last, on top: where the prediction is right, both boxes coincide and the green one stays visible.
  if (layers.truth) {
    const target = step?.truth?.[camera.name]?.target;
    if (target) shapes.push(...spatialShapes(target, 'truth', px, false));
  }
  return shapes;
}

function xy([x, y]: Xy) {
  return { x, y };
}

/** Which layers this record can draw at all, so the toggles of missing ones are shown disabled. */
export function availableLayers(record: Pick<RolloutRecord, 'steps' | 'policyCamera'>): OverlayLayers {
  const has = (f: (s: RolloutStep) => unknown) => record.steps.some(f);
  return {
    predicted: record.policyCamera !== null && has((s) => s.predicted?.box || s.predicted?.point),
    future: record.policyCamera !== null && has((s) => (s.predicted?.trajectory?.length ?? 0) > 1),
    truth: has((s) => Object.values(s.truth ?? {}).some((c) => c.target?.box || c.target?.point)),
    path: has((s) => Object.values(s.truth ?? {}).some((c) => c.gripper)),
  };
}
