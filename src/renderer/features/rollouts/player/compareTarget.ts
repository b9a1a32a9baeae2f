/** What a rollout can be compared with, side by side on the same step. */
import type { EpisodeRow } from '../../../../shared/contract/domain';
import type { RolloutSummary } from '../../../../shared/contract/rollouts';

export type CompareTarget = { kind: 'rollout'; id: number } | { kind: 'episode'; id: number };

/** A bare number is a rollout id (two checkpoints' rollouts of one seed is the common case). */
export function toCompareTarget(value: number | CompareTarget | null | undefined): CompareTarget | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? { kind: 'rollout', id: value } : value;
}

export const targetKey = (t: CompareTarget | null): string => (t ? `${t.kind}:${t.id}` : '');

export function parseTargetKey(key: string): CompareTarget | null {
  const m = /^(rollout|episode):(\d+)$/.exec(key);
  return m ? { kind: m[1] as CompareTarget['kind'], id: Number(m[2]) } : null;
}

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Rollouts worth comparing with `self`: the same seed and variant (the same scene, so any difference is
 * the policy's), or, without a seed, the same instruction. `self` is left out.
 */
export function comparableRollouts(self: Pick<RolloutSummary, 'id' | 'seed' | 'variant' | 'instruction'>, rows: RolloutSummary[]): RolloutSummary[] {
  return rows.filter((r) => {
    if (r.id === self.id) return false;
    if (self.seed !== null) return r.seed === self.seed && r.variant === self.variant;
    return sameText(r.instruction, self.instruction);
  });
}

/** Demonstrations of the same task: episodes whose instruction is the rollout's. */
export function comparableEpisodes(instruction: string, rows: EpisodeRow[]): EpisodeRow[] {
  return rows.filter((e) => sameText(e.instruction, instruction));
}
