/**
 * The policy recipes and model presets a run's config names, shared by the studio (which checks them
 * and prepares the data at the preset's image size) and the worker (which builds the model from them).
 * Recipes not listed here (e.g. the tests' 'counting') are the worker's own business: no data is prepared.
 */

export interface PolicyRecipe {
  /** Stage 2 wraps the instruction in the spatial prompt ("Locate the key objects for your task."). */
  spatialPrompt: boolean;
  /** Stage 2's weight of the grounding loss beside the action loss. */
  groundingWeight: number;
}

export const POLICY_RECIPES: Record<string, PolicyRecipe> = {
  /** ST4VLA's spatially guided recipe: spatial prompt on, action + 0.1 × grounding. */
  'st4vla': { spatialPrompt: true, groundingWeight: 0.1 },
  /** The baseline: the same co-training, the bare instruction as the prompt. */
  'vanilla': { spatialPrompt: false, groundingWeight: 0.1 },
};

/** Sizes of the miniature policy; the keys are fields of the worker's PolicyConfig. */
export interface PolicyPreset {
  imageSize: number;
  patch: number;
  width: number;
  heads: number;
  coreLayers: number;
  mlpRatio: number;
  querying: { queries: number; layers: number };
  expert: { width: number; heads: number; layers: number; chunk: number; sampleSteps: number };
}

export const POLICY_PRESETS: Record<string, PolicyPreset> = {
  /** A few steps per second on two shared cores: for trying the loop and for tests. */
  quick: {
    imageSize: 64, patch: 16, width: 32, heads: 2, coreLayers: 1, mlpRatio: 2,
    querying: { queries: 4, layers: 1 },
    expert: { width: 32, heads: 2, layers: 1, chunk: 8, sampleSteps: 5 },
  },
  /** The README's default model (2.9 M parameters, about 1.2 s per step of 8 on wasm). */
  small: {
    imageSize: 64, patch: 8, width: 128, heads: 4, coreLayers: 4, mlpRatio: 4,
    querying: { queries: 16, layers: 2 },
    expert: { width: 128, heads: 4, layers: 4, chunk: 8, sampleSteps: 8 },
  },
};

export const isPolicyRecipe = (recipe: string): boolean => Object.hasOwn(POLICY_RECIPES, recipe);
