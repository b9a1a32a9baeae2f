/**
 * An evaluation as the contract shows it (with its rollout and success counts), and its success table
 * per variant from the rollouts it stored, so a cancelled evaluation reports the episodes it finished.
 */
import type { z } from 'zod';
import type { EvaluationSummary as EvaluationSummarySchema } from '../../shared/contract/rollouts';
import { wilsonInterval } from '../../sim/suiteStats';
import type { Repositories } from '../db/repositories';

type EvaluationSummary = z.infer<typeof EvaluationSummarySchema>;

/** The job.progress id of an evaluation. */
export function jobIdOf(evaluationId: number): string {
  return `evaluation-${evaluationId}`;
}

export function evaluationSummary(repos: Repositories, id: number): EvaluationSummary | undefined {
  const e = repos.rollouts.getEvaluation(id);
  if (!e) return undefined;
  const details = repos.rolloutCatalog.evaluationDetails(id);
  const totals = repos.rolloutCatalog.evaluationTotals().get(id);
  return {
    id: e.id,
    name: e.name,
    source: e.source,
    checkpointId: e.checkpointId,
    checkpointPath: details?.checkpointPath ?? null,
    status: e.status,
    config: e.config,
    error: details?.error ?? null,
    rollouts: totals?.rollouts ?? 0,
    successes: totals?.successes ?? 0,
    createdAt: e.createdAt,
    finishedAt: e.finishedAt,
  };
}

export interface VariantRow {
  variant: string;
  successes: number;
  n: number;
  rate: number;
  /** 95 percent Wilson interval. */
  ci: [number, number];
  meanSteps: number;
}

/** Success per variant, in the order of `variants` (variants with no rollout yet have n = 0). */
export function variantTable(rollouts: readonly { variant: string | null; success: boolean | null; steps: number }[], variants: readonly string[]): VariantRow[] {
  return variants.map((variant) => {
    const mine = rollouts.filter((r) => r.variant === variant);
    const successes = mine.filter((r) => r.success === true).length;
    const steps = mine.reduce((sum, r) => sum + r.steps, 0);
    return {
      variant,
      successes,
      n: mine.length,
      rate: mine.length ? successes / mine.length : 0,
      ci: wilsonInterval(successes, mine.length),
      meanSteps: mine.length ? steps / mine.length : 0,
    };
  });
}
