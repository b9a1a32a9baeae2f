/** The "New evaluation" form: its fields, their defaults, and the evaluations.start input they make. */
import { EVALUATION_VARIANTS, type EvaluationStart } from '../../../shared/contract/evaluations';
import type { TrainingCheckpoint, TrainingRun } from '../../../shared/contract/training';

export type EvaluationVariant = (typeof EVALUATION_VARIANTS)[number];

export interface EvaluationForm {
  checkpointId: number | null;
  /** Empty: the backend names it "<run name> @ step N". */
  name: string;
  variants: EvaluationVariant[];
  episodes: number;
  seed: number;
  /** How a predicted chunk is used: execute its first k actions, or ensemble overlapping chunks. */
  mode: 'execute' | 'ensemble';
  execute: number;
  decay: number;
  batchSize: number;
}

export const DEFAULT_EVALUATION_FORM: EvaluationForm = {
  checkpointId: null, name: '', variants: [...EVALUATION_VARIANTS], episodes: 10, seed: 0,
  mode: 'execute', execute: 1, decay: 0.1, batchSize: 8,
};

/** A checkpoint as the picker lists it, under its run. */
export interface CheckpointChoice {
  id: number;
  runId: number;
  runName: string;
  step: number;
  isBest: boolean;
}

/** Newest run first, each run's checkpoints latest step first. */
export function checkpointChoices(runs: readonly TrainingRun[], checkpoints: Record<number, readonly TrainingCheckpoint[]>): CheckpointChoice[] {
  return runs.flatMap((run) =>
    [...(checkpoints[run.id] ?? [])]
      .sort((a, b) => b.step - a.step)
      .map((c) => ({ id: c.id, runId: run.id, runName: run.name, step: c.step, isBest: c.isBest })),
  );
}

/** The start input, or the form's own problems by field when it cannot make one. */
export function buildEvaluationStart(form: EvaluationForm): { input: EvaluationStart } | { issues: Record<string, string> } {
  if (form.checkpointId === null) return { issues: { checkpointId: 'Pick a checkpoint to evaluate' } };
  const name = form.name.trim();
  return {
    input: {
      checkpointId: form.checkpointId,
      ...(name ? { name } : {}),
      variants: form.variants,
      episodes: form.episodes,
      seed: form.seed,
      // The two are exclusive in the contract: ensembling uses every chunk, so "execute" is left out.
      ...(form.mode === 'ensemble' ? { ensemble: { decay: form.decay } } : { execute: form.execute }),
      batchSize: form.batchSize,
    },
  };
}

/** The start's rejected fields keyed by their dotted path ("variants", "ensemble.decay"). */
export { issuesByField } from '../../components/fieldIssues';

/** The issue key a form field's errors come under. */
export function fieldOf(key: keyof EvaluationForm): string {
  if (key === 'decay') return 'ensemble.decay';
  if (key === 'mode') return 'execute';
  return key;
}
