import { useEffect, useState } from 'react';
import type { EpisodeRow } from '../../../../shared/contract/domain';
import type { RolloutSummary } from '../../../../shared/contract/rollouts';
import { getStudioClient } from '../../../platform/client';
import { comparableEpisodes, comparableRollouts, parseTargetKey, targetKey, type CompareTarget } from './compareTarget';

export interface ComparePickerViewProps {
  rollout: Pick<RolloutSummary, 'seed' | 'variant'>;
  rollouts: RolloutSummary[];
  episodes: EpisodeRow[];
  value: CompareTarget | null;
  onChange(target: CompareTarget | null): void;
  loading?: boolean;
}

const outcome = (r: RolloutSummary) => (r.success === null ? '?' : r.success ? 'success' : `failure${r.reason ? `: ${r.reason.replace(/_/g, ' ')}` : ''}`);

/** "Compare with…": rollouts of the same seed and variant, and demonstrations of the same instruction. Props only. */
export function ComparePickerView({ rollout, rollouts, episodes, value, onChange, loading }: ComparePickerViewProps) {
  const empty = rollouts.length === 0 && episodes.length === 0;
  return (
    <label className="rollout-player__compare">
      <span className="muted">Compare with</span>
      <select
        className="input"
        value={targetKey(value)}
        onChange={(e) => onChange(parseTargetKey(e.target.value))}
        disabled={loading && !value}
        aria-label="Compare with"
      >
        <option value="">{loading ? 'Loading…' : empty ? 'Nothing comparable' : 'Nothing (this rollout alone)'}</option>
        {rollouts.length > 0 && (
          <optgroup label={rollout.seed !== null ? `Rollouts of seed ${rollout.seed}${rollout.variant ? ` · ${rollout.variant}` : ''}` : 'Rollouts of this instruction'}>
            {rollouts.map((r) => (
              <option key={r.id} value={targetKey({ kind: 'rollout', id: r.id })}>
                #{r.id} · {r.checkpointId !== null ? `checkpoint ${r.checkpointId}` : r.source} · {outcome(r)} · {r.steps} steps
              </option>
            ))}
          </optgroup>
        )}
        {episodes.length > 0 && (
          <optgroup label="Demonstrations of this instruction">
            {episodes.map((e) => (
              <option key={e.id} value={targetKey({ kind: 'episode', id: e.id })}>
                episode {e.index} · {e.length} frames
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}

/** The picker with its candidates loaded from rollouts.list and episodes.list. */
export function ComparePicker({ rollout, value, onChange }: { rollout: RolloutSummary; value: CompareTarget | null; onChange(target: CompareTarget | null): void }) {
  const [candidates, setCandidates] = useState<{ rollouts: RolloutSummary[]; episodes: EpisodeRow[] } | null>(null);
  useEffect(() => {
    let live = true;
    const client = getStudioClient();
    const rollouts = client.call('rollouts.list', { ...(rollout.variant !== null ? { variant: rollout.variant } : {}), limit: 1000 });
    const episodes = client.call('episodes.list', { search: rollout.instruction, limit: 500 });
    // One list failing (no dataset yet) must not hide the other.
    void Promise.allSettled([rollouts, episodes]).then(([r, e]) => {
      if (!live) return;
      setCandidates({
        rollouts: r.status === 'fulfilled' ? comparableRollouts(rollout, r.value.rows) : [],
        episodes: e.status === 'fulfilled' ? comparableEpisodes(rollout.instruction, e.value.rows) : [],
      });
    });
    return () => {
      live = false;
    };
  }, [rollout]);
  return <ComparePickerView rollout={rollout} rollouts={candidates?.rollouts ?? []} episodes={candidates?.episodes ?? []} value={value} onChange={onChange} loading={candidates === null} />;
}
