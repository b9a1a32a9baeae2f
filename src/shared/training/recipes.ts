/**
 * The policy recipes and model presets a run's config names, shared by the studio (which checks them
 * and prepares the data at the preset's image size) and the worker (which builds the model from them).
 * Recipes not listed here (e.g. the tests' 'counting') are the worker's own business: no data is prepared.
 */

export interface PolicyRecipe {
  /** Stage 2 wraps the instruction in the spatial prompt ("Locate the key objects for your task."). */
  spatialPrompt: boolean;
  /**
   * Stage 2's default weight of the grounding loss beside the action loss (hyperparameters.groundingWeight
   * overrides it). 0 draws no grounding batches at all, so such a step costs less than a co-training one.
   */
  groundingWeight: number;
  /** Stage 2 from scratch becomes a chain: stage 1 (grounding) first, stage 2 from its last checkpoint. */
  chained: boolean;
}

/**
 * The paper's ablation: what stage 2 trains with, all at the same number of steps. Runs stored before
 * 'vanilla-cotrain' existed say 'vanilla' for what is now 'vanilla-cotrain' (README, "Recipes").
 */
export const POLICY_RECIPES: Record<string, PolicyRecipe> = {
  /** ST4VLA: stage 1 grounding, then the spatially guided stage 2 from its checkpoint. */
  'st4vla': { spatialPrompt: true, groundingWeight: 0.1, chained: true },
  /** Spatial prompt and action + 0.1 × grounding, from scratch. */
  'spatially-guided': { spatialPrompt: true, groundingWeight: 0.1, chained: false },
  /** Co-training without the prompt: the bare instruction, action + 0.1 × grounding. */
  'vanilla-cotrain': { spatialPrompt: false, groundingWeight: 0.1, chained: false },
  /** A plain VLA: the bare instruction and the action loss only. */
  'vanilla': { spatialPrompt: false, groundingWeight: 0, chained: false },
};

/** The recipe a run trains with: the named one, its grounding weight replaced by the run's own when given. */
export function effectiveRecipe(name: string, hyperparameters: { groundingWeight?: number | undefined }): PolicyRecipe | undefined {
  const recipe = POLICY_RECIPES[name];
  if (!recipe) return undefined;
  return hyperparameters.groundingWeight === undefined ? recipe : { ...recipe, groundingWeight: hyperparameters.groundingWeight };
}

/** What the Train page and `st4vla train --recipe` offer: a recipe with the stage it implies. */
export interface RecipeChoice {
  id: string;
  label: string;
  recipe: string;
  stage: 'grounding' | 'action';
  /** One line for the form. */
  explanation: string;
}

export const RECIPE_CHOICES: readonly RecipeChoice[] = [
  { id: 'stage1', label: 'Stage 1 only', recipe: 'st4vla', stage: 'grounding', explanation: 'Grounding records only (points, boxes, trajectories) with the grounding loss.' },
  { id: 'st4vla', label: 'ST4VLA', recipe: 'st4vla', stage: 'action', explanation: 'Stage 1 grounding, then spatially guided stage 2 from its last checkpoint: two chained runs.' },
  { id: 'spatially-guided', label: 'Spatially guided', recipe: 'spatially-guided', stage: 'action', explanation: 'Spatial prompt, action + 0.1 × grounding loss, from scratch.' },
  { id: 'vanilla-cotrain', label: 'Vanilla co-train', recipe: 'vanilla-cotrain', stage: 'action', explanation: 'Bare instruction, action + 0.1 × grounding loss, from scratch.' },
  { id: 'vanilla', label: 'Vanilla VLA', recipe: 'vanilla', stage: 'action', explanation: 'Bare instruction, action loss only (no grounding batches, so cheaper steps), from scratch.' },
];

/** ST4VLA's default share of a chain's steps that stage 1 takes. */
export const STAGE1_SHARE = 0.2;

/** Stage 1's steps of a chain of `steps` in all: the given number, or 20 % of them; stage 2 keeps at least one. */
export function stage1StepsOf(steps: number, stage1Steps?: number): number {
  return stage1Steps ?? Math.max(1, Math.min(steps - 1, Math.round(steps * STAGE1_SHARE)));
}

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
