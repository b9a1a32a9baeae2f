/**
 * Validation during training: the policy's predictions on held-out episodes (the run folder's val split)
 * scored with the metrics. Deterministic — the same samples every time (evenly spread over the
 * split), no augmentation, a fixed flow-matching seed — so the curve moves only because the weights did.
 */
import { BOX_IOU_HIT, MetricMeans, actionL1, boxIoU, pointHit, trajectoryErrors } from '../../shared/training/metrics';
import { GROUNDING_KINDS, type ActionSample, type GroundingSample } from '../../shared/training/samples';
import type { TokenizerSpec } from '../../shared/training/tokenizer';
import { tf } from '../backend/tf';
import { actionBatch, groundingBatch, type BatchContext, type ActionBatch as DataActionBatch, type GroundingBatch as DataGroundingBatch, type NormalisedActions } from '../data/batches';
import type { FrameSource } from '../data/frameStore';
import type { GroundingKind, PolicyConfig } from '../model/config';
import type { ActionBatch, GroundingBatch, Policy } from '../model/policy';

/** At most this many samples per kind (actions, points, boxes, trajectories) are scored each time. */
export const VALIDATION_SAMPLES = 64;
/** How many times a run validates when evalEvery is 0. */
export const VALIDATIONS_PER_RUN = 10;

/** The run's converters from data batches to tensors (run.ts owns them; passed in to keep one copy). */
export interface ToTensors {
  action(batch: DataActionBatch, c: PolicyConfig): ActionBatch;
  grounding(batch: DataGroundingBatch, c: PolicyConfig): { batch: GroundingBatch; share: number }[];
}

export interface ValidationData {
  /** Held-out action samples, their instruction already in the recipe's prompt. */
  actions: readonly ActionSample[];
  grounding: readonly GroundingSample[];
  /** Normalised actions of every episode; null for the grounding stage. */
  actionData: NormalisedActions | null;
  views: FrameSource[];
  tokenizer: TokenizerSpec;
  seed: number;
  horizon: number;
}

export interface ValidateOptions {
  batchSize: number;
  maxSamples?: number;
  /** Fixes the flow-matching noise of predicted actions. */
  seed?: number;
}

/** The steps (counted after the step, 1..total) at which a run validates: every `evalEvery` and the last. */
export function evalInterval(evalEvery: number, totalSteps: number): number {
  return evalEvery > 0 ? evalEvery : Math.max(1, Math.ceil(totalSteps / VALIDATIONS_PER_RUN));
}

export const isEvalStep = (step: number, interval: number, total: number): boolean => step === total || step % interval === 0;

/** `max` indices spread evenly over 0..count-1 (all of them when count ≤ max): every val episode shows up. */
export function spreadIndices(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * count) / max));
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const disposeAll = (value: object) => tf.dispose(Object.values(value).filter((v): v is tf.Tensor => v instanceof tf.Tensor));

/** Metric names as the run reports them; only kinds with validation samples appear. */
export function validate(policy: Policy, data: ValidationData, toTensors: ToTensors, options: ValidateOptions): Record<string, number> {
  const max = options.maxSamples ?? VALIDATION_SAMPLES;
  const size = Math.max(1, options.batchSize);
  const ctx: BatchContext = { views: data.views, tokenizer: data.tokenizer, seed: data.seed };
  const means = new MetricMeans();

  for (const kind of GROUNDING_KINDS) {
    const ofKind = [...data.grounding.keys()].filter((i) => data.grounding[i]!.kind === kind);
    const picked = spreadIndices(ofKind.length, max).map((i) => ofKind[i]!);
    for (const indices of chunks(picked, size)) {
      const parts = toTensors.grounding(groundingBatch(data.grounding, indices, ctx, 0), policy.config);
      try {
        for (const { batch } of parts) {
          const predicted = policy.predictGrounding(batch, batch.kind);
          const values = predicted.dataSync();
          predicted.dispose();
          scoreGrounding(means, batch.kind, values, indices.map((i) => data.grounding[i]!.target));
        }
      } finally {
        for (const { batch } of parts) disposeAll(batch);
      }
    }
  }

  if (data.actionData && data.actions.length > 0) {
    const picked = spreadIndices(data.actions.length, max);
    for (const indices of chunks(picked, size)) {
      const raw = actionBatch(data.actions, indices, data.actionData, ctx, 0, data.horizon);
      const tensors = toTensors.action(raw, policy.config);
      try {
        const predicted = policy.predictActions(tensors, { seed: options.seed ?? data.seed });
        const values = predicted.dataSync();
        predicted.dispose();
        const per = data.horizon * data.actionData.dims;
        for (let b = 0; b < raw.size; b++) {
          const { sum, count } = actionL1(
            values.subarray(b * per, (b + 1) * per),
            raw.actions.subarray(b * per, (b + 1) * per),
            raw.actionMask.subarray(b * data.horizon, (b + 1) * data.horizon),
            data.actionData.dims,
          );
          if (count > 0) means.add('val/action_l1', sum, count);
        }
      } finally {
        disposeAll(tensors);
      }
    }
  }
  return means.means();
}

function scoreGrounding(means: MetricMeans, kind: GroundingKind, values: tf.TypedArray, targets: number[][]): void {
  const n = values.length / targets.length;
  targets.forEach((target, b) => {
    const predicted = values.subarray(b * n, (b + 1) * n);
    if (kind === 'point') {
      means.add('val/point_acc', pointHit(predicted, target) ? 1 : 0);
    } else if (kind === 'box') {
      const iou = boxIoU(predicted, target);
      means.add('val/box_iou', iou);
      means.add('val/box_acc50', iou >= BOX_IOU_HIT ? 1 : 0);
    } else {
      const { ade, fde } = trajectoryErrors(predicted, target);
      means.add('val/traj_ade', ade);
      means.add('val/traj_fde', fde);
    }
  });
}
