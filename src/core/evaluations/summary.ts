/**
 * An evaluation as the contract shows it (with its rollout and success counts), and its success table
 * per variant from the rollouts it stored, so a cancelled evaluation reports the episodes it finished.
 */
import type { z } from 'zod';
import type { EvaluationSummary as EvaluationSummarySchema } from '../../shared/contract/rollouts';
import { wilsonInterval } from '../../sim/suiteStats';
import type { Repositories } from '../db/repositories';
import type { Evaluation } from '../db/repositories/rollouts';

type EvaluationSummary = z.infer<typeof EvaluationSummarySchema>;

/** The job.progress id of an evaluation. */
export function jobIdOf(evaluationId: number): string {
  return `evaluation-${evaluationId}`;
}

export function evaluationSummary(repos: Repositories, id: number): EvaluationSummary | undefined {
  const e = repos.rollouts.getEvaluation(id);
  return e && summaryOf(repos, e, repos.rolloutCatalog.evaluationTotals());
}

/** Every evaluation of the project, newest first. */
export function evaluationSummaries(repos: Repositories): EvaluationSummary[] {
  const totals = repos.rolloutCatalog.evaluationTotals();
  return repos.rollouts.listEvaluations().map((e) => summaryOf(repos, e, totals));
}

function summaryOf(repos: Repositories, e: Evaluation, totals: ReturnType<Repositories['rolloutCatalog']['evaluationTotals']>): EvaluationSummary {
  const details = repos.rolloutCatalog.evaluationDetails(e.id);
  const counts = totals.get(e.id);
  return {
    id: e.id,
    name: e.name,
    source: e.source,
    checkpointId: e.checkpointId,
    checkpointPath: details?.checkpointPath ?? null,
    status: e.status,
    config: e.config,
    error: details?.error ?? null,
    rollouts: counts?.rollouts ?? 0,
    successes: counts?.successes ?? 0,
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
