import { describe, expect, it } from 'vitest';
import type { RolloutRecord } from '../shared/rollouts/record';
import { recordEpisode } from './record';
import { replayFrames, replaySpecOf } from './replay';

const record = (over: Partial<RolloutRecord> = {}): RolloutRecord => ({
  version: 1, source: 'sim', instruction: '', success: false, reason: 'timeout', cameras: ['front'], policyCamera: null, fps: 10,
  meta: { seed: 2, variant: 'in_distribution', family: 'near', width: 32, height: 24 }, steps: [{ t: 0, executed: [0, 0, 0, 0, 0, 0, 0] }], ...over,
});

describe('replaying a rollout record', () => {
  it('reads seed, variant, family, size, cameras and executed actions from the record', () => {
    expect(replaySpecOf(record())).toEqual({ seed: 2, variant: 'in_distribution', family: 'near', width: 32, height: 24, cameras: ['front'], actions: [[0, 0, 0, 0, 0, 0, 0]] });
  });

  it('refuses what it cannot re-run, naming why', () => {
    expect(() => replaySpecOf(record({ source: 'libero' }))).toThrow(/only sim rollouts can be re-run, this one is from "libero"/);
    expect(() => replaySpecOf(record({ meta: { variant: 'in_distribution', width: 32, height: 24 } }))).toThrow(/meta.seed must be a non-negative integer/);
    expect(() => replaySpecOf(record({ steps: [{ t: 0 }] }))).toThrow(/step 0 has no executed action/);
    expect(() => replayFrames({ ...replaySpecOf(record()), cameras: ['top'] }).next()).toThrow(/no camera "top"/);
  });

  it('re-runs the recorded actions to the same end, and notices actions past the end of the episode', () => {
    const run = recordEpisode({ seed: 3, variant: 'in_distribution' });
    const spec = { seed: 3, variant: 'in_distribution', width: 32, height: 24, cameras: ['side'], actions: run.actions };
    const frames = replayFrames(spec);
    let next = frames.next();
    let n = 0;
    for (; !next.done; next = frames.next()) {
      expect(Object.keys(next.value.images)).toEqual(['side']);
      expect(next.value.state).toEqual(run.states[n]);
      n++;
    }
    expect(next.value).toEqual({ steps: run.actions.length, success: run.success, reason: run.reason });
    const longer = replayFrames({ ...spec, actions: [...run.actions, run.actions[0]!] });
    expect(() => [...longer]).toThrow(/the episode ended after \d+ steps but the record has \d+ actions/);
  });
});
