/**
 * Float32 batches ready for the model, built from sample lists, the frame cache, normalised actions and
 * the tokenizer. Augmentation is drawn per (seed, step, slot, view), so the same step gives the same batch.
 */
import { mixSeed, seededRandom } from '../../shared/training/rng';
import { ACTION_HORIZON, GROUNDING_KINDS, TARGET_SIZE, actionWindow, type ActionSample, type GroundingSample } from '../../shared/training/samples';
import { normalizeAction, type ActionStatistics } from '../../shared/training/normalize';
import { createTokenizer, type TokenizerSpec } from '../../shared/training/tokenizer';
import { IDENTITY, NO_AUGMENT, augmentImage, drawAugmentation, mapBox, mapPoint, type Augmentation, type AugmentOptions } from './augment';
import type { FrameSource } from './frameStore';

/** The largest grounding target (a trajectory); smaller ones are zero-padded with mask 0. */
export const MAX_TARGET = Math.max(...Object.values(TARGET_SIZE));

export interface BatchContext {
  /** The primary camera first; an optional second camera after it. */
  views: FrameSource[];
  tokenizer: TokenizerSpec;
  /** Off (NO_AUGMENT) unless given: validation batches leave images alone. */
  augment?: AugmentOptions;
  seed: number;
}

export interface NormalisedActions {
  /** Channels per frame, in the statistics' (gripper-last) order. */
  dims: number;
  episodes: Map<number, Float32Array>;
  /** The robot state of the same frames, normalised, when the run trains with it. */
  states?: NormalisedActions;
}

export interface ActionBatch {
  size: number;
  /** [B, views, S, S, 3] in [0, 1]. */
  images: Float32Array;
  /** [B, maxLength] token ids. */
  tokens: Int32Array;
  /** [B, horizon, D] normalised actions. */
  actions: Float32Array;
  /** [B, horizon]: 0 for steps past the episode's end. */
  actionMask: Float32Array;
  /** [B, state dims] normalised state of each sample's frame, when the actions carry states. */
  states?: Float32Array;
}

export interface GroundingBatch {
  size: number;
  /** [B, views, S, S, 3] in [0, 1]; the targets are in the primary camera's (view 0's) image. */
  images: Float32Array;
  tokens: Int32Array;
  /** [B, MAX_TARGET]: x, y pairs in the primary image's pixels or normalised [0, 1]. */
  targets: Float32Array;
  targetMask: Float32Array;
  /** [B]: index into GROUNDING_KINDS. */
  kinds: Int32Array;
}

/** Every episode's actions normalised once. */
export function normaliseEpisodes(stats: ActionStatistics, episodes: Map<number, Float32Array>): NormalisedActions {
  const dims = stats.order.length;
  const out = new Map<number, Float32Array>();
  for (const [id, values] of episodes) {
    const normalised = new Float32Array(values.length);
    for (let f = 0; f * dims < values.length; f++) {
      normalizeAction(stats, values.subarray(f * dims, (f + 1) * dims), normalised.subarray(f * dims, (f + 1) * dims));
    }
    out.set(id, normalised);
  }
  return { dims, episodes: out };
}

function toFloat(target: Float32Array, offset: number, image: Uint8Array): void {
  for (let i = 0; i < image.length; i++) target[offset + i] = image[i]! / 255;
}

export function actionBatch(
  samples: readonly ActionSample[],
  indices: readonly number[],
  actions: NormalisedActions,
  ctx: BatchContext,
  step: number,
  horizon = ACTION_HORIZON,
): ActionBatch {
  const B = indices.length;
  const { size } = ctx.views[0]!;
  const pixels = size * size * 3;
  const V = ctx.views.length;
  const tokenizer = createTokenizer(ctx.tokenizer);
  const batch: ActionBatch = {
    size: B,
    images: new Float32Array(B * V * pixels),
    tokens: new Int32Array(B * ctx.tokenizer.maxLength),
    actions: new Float32Array(B * horizon * actions.dims),
    actionMask: new Float32Array(B * horizon),
    ...(actions.states && { states: new Float32Array(B * actions.states.dims) }),
  };
  indices.forEach((sampleIndex, slot) => {
    const s = samples[sampleIndex]!;
    const rows = actions.episodes.get(s.episodeId);
    if (!rows) throw new Error(`no actions for episode ${s.episodeId}`);
    ctx.views.forEach((view, v) => {
      const a = drawAugmentation(seededRandom(mixSeed(ctx.seed, step, slot, v)), size, size, ctx.augment ?? NO_AUGMENT);
      toFloat(batch.images, (slot * V + v) * pixels, augmentImage(view.frame(s.episodeId, s.frame), a));
    });
    batch.tokens.set(tokenizer.encode(s.instruction).ids, slot * ctx.tokenizer.maxLength);
    if (actions.states && batch.states) {
      const d = actions.states.dims;
      const stateRows = actions.states.episodes.get(s.episodeId);
      if (!stateRows) throw new Error(`no state for episode ${s.episodeId}`);
      batch.states.set(stateRows.subarray(s.frame * d, (s.frame + 1) * d), slot * d);
    }
    actionWindow(rows, actions.dims, s.frame, horizon, {
      values: batch.actions.subarray(slot * horizon * actions.dims, (slot + 1) * horizon * actions.dims),
      mask: batch.actionMask.subarray(slot * horizon, (slot + 1) * horizon),
    });
  });
  return batch;
}

/** The target in pixels of the augmented size x size image, or null when it left the view. */
function augmentedTarget(s: GroundingSample, a: Augmentation, size: number): number[] | null {
  const px = s.target.map((v) => v * size);
  if (s.kind === 'box') return mapBox(a, size, size, px);
  const out: number[] = [];
  for (let i = 0; i < px.length; i += 2) out.push(...mapPoint(a, size, size, px[i]!, px[i + 1]!));
  // A point must stay in view; a trajectory may leave it a little (its end often nears the border).
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x <= size && y <= size;
  if (s.kind === 'point' && !inside(out[0]!, out[1]!)) return null;
  return out;
}

export function groundingBatch(
  samples: readonly GroundingSample[],
  indices: readonly number[],
  ctx: BatchContext,
  step: number,
  units: 'pixels' | 'normalised' = 'normalised',
): GroundingBatch {
  const B = indices.length;
  const [primary, ...others] = ctx.views;
  const { size } = primary!;
  const pixels = size * size * 3;
  const V = ctx.views.length;
  const tokenizer = createTokenizer(ctx.tokenizer);
  const batch: GroundingBatch = {
    size: B,
    images: new Float32Array(B * V * pixels),
    tokens: new Int32Array(B * ctx.tokenizer.maxLength),
    targets: new Float32Array(B * MAX_TARGET),
    targetMask: new Float32Array(B * MAX_TARGET),
    kinds: new Int32Array(B),
  };
  indices.forEach((sampleIndex, slot) => {
    const s = samples[sampleIndex]!;
    const random = seededRandom(mixSeed(ctx.seed, step, slot, 0x6e0));
    // A draw that pushes the target out of view is redrawn; after a few tries the image stays as it is.
    let a = IDENTITY;
    let target = augmentedTarget(s, a, size);
    for (let attempt = 0; attempt < 4 && ctx.augment; attempt++) {
      const candidate = drawAugmentation(random, size, size, ctx.augment);
      const moved = augmentedTarget(s, candidate, size);
      if (moved) {
        [a, target] = [candidate, moved];
        break;
      }
    }
    if (!target) throw new Error(`grounding target of ${s.source} at frame ${s.frame} lies outside the image`);
    toFloat(batch.images, slot * V * pixels, augmentImage(primary!.frame(s.episodeId, s.frame), a));
    // The other cameras carry no label: each takes its own draw, as in action batches.
    others.forEach((view, i) => {
      const other = drawAugmentation(seededRandom(mixSeed(ctx.seed, step, slot, 0x6e0 + i + 1)), size, size, ctx.augment ?? NO_AUGMENT);
      toFloat(batch.images, (slot * V + i + 1) * pixels, augmentImage(view.frame(s.episodeId, s.frame), other));
    });
    batch.tokens.set(tokenizer.encode(s.query).ids, slot * ctx.tokenizer.maxLength);
    const scale = units === 'pixels' ? 1 : 1 / size;
    target.forEach((v, i) => {
      batch.targets[slot * MAX_TARGET + i] = v * scale;
      batch.targetMask[slot * MAX_TARGET + i] = 1;
    });
    batch.kinds[slot] = GROUNDING_KINDS.indexOf(s.kind);
  });
  return batch;
}
