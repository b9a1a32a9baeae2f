/**
 * Evaluations the studio runs itself (a checkpoint on a suite of the built-in environment, in the worker
 * process), and what closes the loop from rollouts back to annotation: the frames the model was least
 * sure about, and sending a rollout to the annotation queue.
 */
import { z } from 'zod';
import { event, method } from './define';
import { Id } from './domain';
import { EvaluationSummary } from './rollouts';

/** The environment's evaluation variants (kept equal to src/sim's VARIANTS by a test). */
export const EVALUATION_VARIANTS = [
  'in_distribution',
  'unseen_positions',
  'unseen_objects',
  'new_background',
  'heldout_paraphrases',
  'similar_distractors',
] as const;

export const EvaluationStart = z.object({
  checkpointId: Id,
  /** Shown in the evaluations list; defaults to "<run name> @ step N". */
  name: z.string().trim().min(1).max(200).optional(),
  variants: z.array(z.enum(EVALUATION_VARIANTS)).min(1),
  /** Episodes per variant. */
  episodes: z.number().int().min(1).max(1000),
  /** Episode i of a variant uses seed + i, so two checkpoints evaluated with one seed meet the same scenes. */
  seed: z.number().int().nonnegative().default(0),
  /** Task families to draw from; all of them when left out. */
  families: z.array(z.enum(['pick', 'place', 'near', 'push'])).min(1).optional(),
  /** Actions of each predicted chunk executed before the next prediction (default 1); not with ensemble. */
  execute: z.number().int().min(1).max(64).optional(),
  /** Temporal ensembling of overlapping chunks, weight exp(-decay * i). */
  ensemble: z.object({ decay: z.number().finite().nonnegative() }).optional(),
  /** Episodes stepped in lockstep, one batched policy call for all of them. */
  batchSize: z.number().int().min(1).max(64).default(8),
  /** Ask the policy for its point, box and trajectory at every prediction (default true). */
  grounding: z.boolean().default(true),
});
export type EvaluationStart = z.input<typeof EvaluationStart>;

/** One step of a rollout the model was unsure about, with why. */
export const UnsureFrame = z.object({
  rolloutId: Id,
  /** The step, which is also the frame index of the rollout's videos. */
  step: z.number().int().nonnegative(),
  /** Higher is less sure; comparable across rollouts of one call. */
  score: z.number(),
  /** Which signals made it unsure, e.g. 'point_outside_box', 'point_jump', 'box_jump'. */
  reasons: z.array(z.string()),
});

export const evaluationMethods = {
  'evaluations.start': method(
    'Checks the checkpoint and the suite, records the evaluation and runs it in the worker process; rollouts are stored as they finish. Progress as job.progress kind evaluate, jobId "evaluation-<id>".',
    EvaluationStart,
    EvaluationSummary,
  ),
  'evaluations.cancel': method(
    'Stops a running evaluation after the current batch of steps; finished rollouts are kept and it ends cancelled.',
    z.object({ id: Id }),
    EvaluationSummary,
  ),
  'rollouts.leastSure': method(
    'The frames the model was least sure about across rollouts (its point outside its own box, predictions jumping between steps), most unsure first, at most one per rollout step.',
    z.object({
      evaluationIds: z.array(Id).min(1).max(100).optional(),
      rolloutIds: z.array(Id).min(1).max(10_000).optional(),
      limit: z.number().int().min(1).max(1000).default(50),
    }),
    z.array(UnsureFrame),
  ),
  'rollouts.sendToAnnotation': method(
    "Makes a rollout an episode of the project's \"Rollouts\" dataset (its videos, instruction and state), marked needs_review, with the model's predicted points, boxes and trajectories on the chosen steps (all predicting steps when left out) as editable annotations; sending it again returns the same episode.",
    z.object({ id: Id, steps: z.array(z.number().int().nonnegative()).max(10_000).optional(), author: z.string().min(1).max(200).optional() }),
    z.object({ episodeId: Id, datasetId: Id, annotations: z.number().int().nonnegative(), created: z.boolean() }),
  ),
} as const;

export const evaluationEvents = {
  'evaluations.changed': event(
    'An evaluation was started, finished, failed or cancelled; the list reloads.',
    z.object({ id: Id, status: EvaluationSummary.shape.status }),
  ),
} as const;
