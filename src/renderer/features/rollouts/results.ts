/** The results table's maths: success per variant with its 95 % Wilson interval, per evaluation. */
import { EVALUATION_VARIANTS } from '../../../shared/contract/evaluations';
import type { RolloutSummary } from '../../../shared/contract/rollouts';
import { wilsonInterval } from '../../../shared/stats/wilson';

/** Rollouts without a variant (imports that name none) are grouped under this. */
export const NO_VARIANT = '(no variant)';

export interface VariantResult {
  rollouts: number;
  /** Rollouts whose outcome is known; the rate and interval are over these. */
  known: number;
  successes: number;
  /** null when no outcome is known. */
  rate: number | null;
  ci: [number, number];
  meanSteps: number | null;
}

export interface ResultsTable {
  variants: string[];
  /** cells[evaluationId][variant]; a variant an evaluation did not run is missing. */
  cells: Record<number, Record<string, VariantResult>>;
  /** All variants of each evaluation together. */
  totals: Record<number, VariantResult>;
}

export function summarise(rows: readonly Pick<RolloutSummary, 'success' | 'steps'>[]): VariantResult {
  const known = rows.filter((r) => r.success !== null);
  const successes = known.filter((r) => r.success).length;
  const steps = rows.reduce((sum, r) => sum + r.steps, 0);
  return {
    rollouts: rows.length,
    known: known.length,
    successes,
    rate: known.length > 0 ? successes / known.length : null,
    ci: wilsonInterval(successes, known.length),
    meanSteps: rows.length > 0 ? steps / rows.length : null,
  };
}

/** The environment's variants in their own order first, then any others by name. */
export function variantOrder(variants: Iterable<string>): string[] {
  const known: readonly string[] = EVALUATION_VARIANTS;
  const rank = (v: string) => (known.includes(v) ? known.indexOf(v) : v === NO_VARIANT ? Number.MAX_SAFE_INTEGER : known.length);
  return [...new Set(variants)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function resultsTable(evaluationIds: readonly number[], rowsByEvaluation: Record<number, readonly RolloutSummary[]>): ResultsTable {
  const cells: ResultsTable['cells'] = {};
  const totals: ResultsTable['totals'] = {};
  const variants = new Set<string>();
  for (const id of evaluationIds) {
    const rows = rowsByEvaluation[id] ?? [];
    const groups = new Map<string, RolloutSummary[]>();
    for (const row of rows) {
      const v = row.variant ?? NO_VARIANT;
      variants.add(v);
      groups.set(v, [...(groups.get(v) ?? []), row]);
    }
    cells[id] = Object.fromEntries([...groups].map(([v, g]) => [v, summarise(g)]));
    totals[id] = summarise(rows);
  }
  return { variants: variantOrder(variants), cells, totals };
}

/** "62%" for a rate, "–" when nothing is known. */
export function formatRate(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)}%`;
}

/** The interval as whole percents, e.g. "48–75%". */
export function formatInterval([lo, hi]: [number, number]): string {
  return `${Math.round(lo * 100)}–${Math.round(hi * 100)}%`;
}
