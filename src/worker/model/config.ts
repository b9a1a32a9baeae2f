/**
 * The miniature ST4VLA policy's one configuration object: every size of every module, the heads'
 * choices and the stage-2 loss weights. A checkpoint stores it whole; two checkpoints can be swapped
 * only when their architecture id and this object's shape-giving fields agree.
 */

/** Bumped when parameter names or the forward maths change, so old checkpoints are refused. */
export const ARCHITECTURE_ID = 'st4vla-mini/3';

export type GroundingKind = 'point' | 'box' | 'trajectory';
/** Coordinates a grounding answer has: a point (x, y), a box (x1, y1, x2, y2), 8 trajectory points. */
export const GROUNDING_COORDS: Record<GroundingKind, number> = { point: 2, box: 4, trajectory: 16 };

export interface PolicyConfig {
  /** Square input side in pixels (64 to 128). */
  imageSize: number;
  channels: number;
  /** 1 = primary camera only, 2 = primary and a second camera. */
  cameras: 1 | 2;
  /** Patch side: imageSize / patch squared image tokens per camera (64 at 64 px with 8 px patches). */
  patch: number;
  /**
   * 'patch': a linear patch embedding; 'conv': a stem of 3×3 stride-2 convolutions (log2(patch) of them)
   * over the pixels and their x, y coordinates, which finds small objects a patch's linear map blurs.
   */
  vision: 'patch' | 'conv';
  /** Token ids are in [0, vocabSize); padId marks padding, which attention ignores. */
  vocabSize: number;
  maxTextTokens: number;
  padId: number;
  /** The vision-language core: a transformer encoder over text and image tokens. */
  width: number;
  heads: number;
  coreLayers: number;
  mlpRatio: number;
  grounding: {
    /** 'bins': each coordinate a class among `bins` (cross entropy, like the VLM's text answer); 'regression': L1 (+ GIoU for boxes). */
    head: 'bins' | 'regression';
    bins: number;
    /** Weight of the GIoU term for boxes in regression mode. */
    giouWeight: number;
    /**
     * 'spatial': points and boxes are read off the image tokens where the query attends (spatialReadout.ts),
     * and with the spatial prompt the action expert gets that answer as one more condition token;
     * 'token': regressed from the query token's state. Trajectories are always regressed. Spatial needs regression.
     */
    readout: 'spatial' | 'token';
    /**
     * What the spatial readout reads: 'tokens', the image tokens' content on the patch grid; 'conv', a
     * feature map of imageSize / 2 cells a side from two small convolutions (featureMap.ts), finer than
     * the patch grid, for answers to a fraction of a pixel.
     */
    map: 'tokens' | 'conv';
  };
  querying: {
    queries: number;
    layers: number;
    /** Gradient reaching the core from the querying transformer is multiplied by this (0.5 in ST4VLA). */
    gradScale: number;
  };
  /**
   * Proprioceptive state numbers fed to the action expert as one more condition token (normalised like
   * the actions, q01/q99 to [-1, 1]); 0 = the policy sees images and text only.
   */
  stateDim: number;
  expert: {
    /** 'flow': flow matching over noisy action tokens; 'l1': direct regression with an L1 loss. */
    head: 'flow' | 'l1';
    width: number;
    heads: number;
    layers: number;
    /** Future actions predicted at once, and the numbers in each. */
    chunk: number;
    actionDim: number;
    /** Euler steps when sampling a flow-matching chunk (5 to 10). */
    sampleSteps: number;
  };
  /**
   * The spatial prompt's effect inside the model: the action pass also appends the point and box query
   * tokens, so the hidden states the querying transformer reads hold what grounding taught the core to
   * answer ("Locate the key objects for your task"). Off for the vanilla recipes. Changes no weight.
   */
  spatialTokens: boolean;
  /**
   * With spatialTokens and the fine map: the action expert also gets a glimpse of the map around the
   * answered point (glimpse.ts), the object's shape that a grasp needs. Adds weights.
   */
  spatialGlimpse: boolean;
  /** Stage 2: action loss + groundingWeight × grounding loss. */
  groundingWeight: number;
  /** Stage 2 wraps the instruction in this; `{instruction}` is replaced. Stored with the checkpoint. */
  promptTemplate: string;
}

export const SPATIAL_PROMPT = 'Your task is {instruction}. Locate the key objects for your task.';

export const DEFAULT_POLICY_CONFIG: PolicyConfig = {
  imageSize: 64,
  channels: 3,
  cameras: 1,
  patch: 8,
  vision: 'patch',
  vocabSize: 512,
  maxTextTokens: 32,
  padId: 0,
  width: 128,
  heads: 4,
  coreLayers: 4,
  mlpRatio: 4,
  // Regression by measurement (bench/train/policy.ts --grounding, 32 px, held-out): point error 2.9 px
  // against 13.5 px for 224 bins at 400 steps, 0.38 against 5.85 px at 1200; box IoU 0.19 against 0.07
  // at 400. From scratch, 224 classes per coordinate learn far more slowly than one shared output.
  grounding: { head: 'regression', bins: 224, giouWeight: 1, readout: 'spatial', map: 'conv' },
  querying: { queries: 16, layers: 2, gradScale: 0.5 },
  stateDim: 0,
  expert: { head: 'flow', width: 128, heads: 4, layers: 4, chunk: 8, actionDim: 7, sampleSteps: 8 },
  spatialTokens: false,
  spatialGlimpse: false,
  groundingWeight: 0.1,
  promptTemplate: SPATIAL_PROMPT,
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** The defaults with some fields replaced (nested objects merge), checked. */
export function policyConfig(overrides: DeepPartial<PolicyConfig> = {}): PolicyConfig {
  const d = DEFAULT_POLICY_CONFIG;
  const c: PolicyConfig = {
    ...d,
    ...overrides,
    // Bins answer from the query token: the spatial readout regresses, so bins without a readout named take the token one.
    grounding: { ...d.grounding, ...(overrides.grounding?.head === 'bins' ? { readout: 'token' } : {}), ...overrides.grounding },
    querying: { ...d.querying, ...overrides.querying },
    expert: { ...d.expert, ...overrides.expert },
  } as PolicyConfig;
  validateConfig(c);
  return c;
}

/** Throws naming the first field that cannot build a model. */
export function validateConfig(c: PolicyConfig): void {
  const fail = (field: string, why: string) => {
    throw new Error(`Policy config: ${field} ${why}`);
  };
  const positiveInt = (field: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) fail(field, `must be a positive integer, got ${v}`);
  };
  positiveInt('imageSize', c.imageSize);
  positiveInt('patch', c.patch);
  if (c.imageSize % c.patch !== 0) fail('patch', `(${c.patch}) must divide imageSize (${c.imageSize})`);
  if (c.vision !== 'patch' && c.vision !== 'conv') fail('vision', `must be 'patch' or 'conv', got ${c.vision}`);
  if (c.vision === 'conv' && !Number.isInteger(Math.log2(c.patch))) fail('patch', `must be a power of 2 for the conv stem, got ${c.patch}`);
  if (c.cameras !== 1 && c.cameras !== 2) fail('cameras', `must be 1 or 2, got ${c.cameras}`);
  positiveInt('vocabSize', c.vocabSize);
  positiveInt('maxTextTokens', c.maxTextTokens);
  if (!Number.isInteger(c.padId) || c.padId < 0 || c.padId >= c.vocabSize) fail('padId', `must be a token id below vocabSize, got ${c.padId}`);
  positiveInt('heads', c.heads);
  if (c.width % c.heads !== 0) fail('width', `(${c.width}) must be a multiple of heads (${c.heads})`);
  positiveInt('coreLayers', c.coreLayers);
  positiveInt('grounding.bins', c.grounding.bins);
  if (c.grounding.readout !== 'spatial' && c.grounding.readout !== 'token') fail('grounding.readout', `must be 'spatial' or 'token', got ${c.grounding.readout}`);
  if (c.grounding.readout === 'spatial' && c.grounding.head !== 'regression') fail('grounding.readout', "'spatial' needs grounding.head 'regression'");
  if (c.grounding.map !== 'tokens' && c.grounding.map !== 'conv') fail('grounding.map', `must be 'tokens' or 'conv', got ${c.grounding.map}`);
  if (c.grounding.map === 'conv' && c.imageSize % 2 !== 0) fail('grounding.map', `'conv' needs an even imageSize, got ${c.imageSize}`);
  positiveInt('querying.queries', c.querying.queries);
  positiveInt('querying.layers', c.querying.layers);
  if (!(c.querying.gradScale >= 0 && c.querying.gradScale <= 1)) fail('querying.gradScale', `must be in [0, 1], got ${c.querying.gradScale}`);
  if (!Number.isInteger(c.stateDim) || c.stateDim < 0) fail('stateDim', `must be a non-negative integer, got ${c.stateDim}`);
  positiveInt('expert.heads', c.expert.heads);
  if (c.expert.width % c.expert.heads !== 0) fail('expert.width', `(${c.expert.width}) must be a multiple of expert.heads (${c.expert.heads})`);
  positiveInt('expert.layers', c.expert.layers);
  positiveInt('expert.chunk', c.expert.chunk);
  positiveInt('expert.actionDim', c.expert.actionDim);
  positiveInt('expert.sampleSteps', c.expert.sampleSteps);
  if (!c.promptTemplate.includes('{instruction}')) fail('promptTemplate', 'must contain {instruction}');
}

/** Stage 2's spatial prompt: the instruction substituted into the template. */
export function spatialPrompt(template: string, instruction: string): string {
  return template.replaceAll('{instruction}', instruction);
}

export const imageTokens = (c: PolicyConfig): number => c.cameras * (c.imageSize / c.patch) ** 2;
