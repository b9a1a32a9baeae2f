/**
 * Everything an evaluation needs before its worker starts, checked while nothing exists yet: the
 * checkpoint (there, complete, a stage-2 one that can act), the schedule against its chunk, the camera
 * and render size from its run and datasets, and the project's grounding question paraphrases. Errors
 * name the field of evaluations.start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { EvaluationStart } from '../../shared/contract/evaluations';
import { ApiError } from '../../shared/contract/errors';
import type { RecordRequest } from '../../shared/rollouts/messages';
import type { Checkpoint, Run } from '../db/repositories/training';
import { loadQaTemplates, QaTemplatesError } from '../exports/qaTemplates';
import { resolveInProject, type Project } from '../project/project';

type Start = z.output<typeof EvaluationStart>;

export interface EvaluationPlan {
  name: string;
  checkpoint: Checkpoint;
  /** Absolute. */
  checkpointDir: string;
  /** What the evaluation row keeps as its config: the suite and how it ran. */
  config: Record<string, unknown>;
  /** The worker's request without its outDir (the staging folder, known once the row exists). */
  request: Omit<RecordRequest, 'outDir'>;
  /** Episodes in the suite. */
  total: number;
}

export function planEvaluation(project: Project, input: Start): EvaluationPlan {
  const repos = project.repos;
  const checkpoint = repos.training.getCheckpoint(input.checkpointId);
  if (!checkpoint) throw new ApiError('not_found', `checkpointId: there is no checkpoint ${input.checkpointId}`);
  const checkpointDir = resolveInProject(project, checkpoint.path);
  if (!existsSync(join(checkpointDir, 'model.json'))) {
    throw new ApiError('bad_request', `checkpointId: checkpoint ${checkpoint.id} has no model.json in ${checkpointDir} (moved, deleted or not finished writing)`);
  }
  const run = repos.training.getRun(checkpoint.runId);
  if (run && run.stage !== 'action') {
    throw new ApiError('bad_request', `checkpointId: checkpoint ${checkpoint.id} is of the stage-1 (grounding) run "${run.name}", which predicts no actions; evaluate a stage-2 (action) checkpoint`);
  }
  if (input.execute !== undefined && input.ensemble) throw new ApiError('bad_request', 'ensemble: execute and ensemble exclude each other');
  const chunk = chunkOf(checkpointDir);
  if (input.execute !== undefined && chunk !== null && input.execute > chunk) {
    throw new ApiError('bad_request', `execute: must be at most the checkpoint's chunk of ${chunk} actions, got ${input.execute}`);
  }
  const camera = run ? runCamera(run) : undefined;
  const size = run && camera ? videoSize(project, run, camera) : undefined;
  const questions = projectQuestions(project);
  const suite = {
    variants: input.variants,
    episodes: input.episodes,
    seed: input.seed,
    ...(input.families && { families: input.families }),
    ...(input.execute !== undefined && { execute: input.execute }),
    ...(input.ensemble && { ensemble: input.ensemble }),
    batchSize: input.batchSize,
    grounding: input.grounding,
  };
  return {
    name: input.name ?? `${run?.name ?? `checkpoint ${checkpoint.id}`} @ step ${checkpoint.step}`,
    checkpoint,
    checkpointDir,
    config: { ...suite, ...(camera && { camera }), ...(size && { size }) },
    request: { checkpointDir, ...suite, ...(camera && { camera }), ...(size && { size }), questions },
    total: input.variants.length * input.episodes,
  };
}

/** The paraphrases training asked its grounding questions with, so the policy is asked as it learnt. */
function projectQuestions(project: Project): RecordRequest['questions'] {
  try {
    const templates = loadQaTemplates(project.dir);
    return { point: templates.point.questions, box: templates.box.questions, trajectory: templates.trajectory.questions };
  } catch (error) {
    if (error instanceof QaTemplatesError) throw new ApiError('bad_request', `the project's grounding questions cannot be read: ${error.message}`);
    throw error;
  }
}

/** The rows of each predicted chunk, from the checkpoint's model.json; null when it does not say. */
function chunkOf(checkpointDir: string): number | null {
  try {
    const json = JSON.parse(readFileSync(join(checkpointDir, 'model.json'), 'utf8')) as { modelTopology?: { config?: { expert?: { chunk?: unknown } } } };
    const chunk = json.modelTopology?.config?.expert?.chunk;
    return typeof chunk === 'number' && Number.isInteger(chunk) ? chunk : null;
  } catch {
    // The worker names what is wrong with an unreadable model.json.
    return null;
  }
}

function runCamera(run: Run): string | undefined {
  const camera = (run.config as { data?: { camera?: unknown } } | null)?.data?.camera;
  return typeof camera === 'string' && camera ? camera : undefined;
}

/**
 * The size of the camera's videos in the run's first dataset: the environment renders at it, so frames
 * are squashed to the model's input as the training frames were. Even, for H.264.
 */
function videoSize(project: Project, run: Run, camera: string): { width: number; height: number } | undefined {
  for (const datasetId of run.datasetIds) {
    const episode = project.repos.episodes.getByIndex(datasetId, 0);
    const found = episode && project.repos.episodes.camerasOf(episode.id).find((c) => c.name === camera);
    const width = found?.width ?? 0;
    const height = found?.height ?? 0;
    if (width >= 2 && height >= 2) return { width: width - (width % 2), height: height - (height % 2) };
  }
  return undefined;
}
