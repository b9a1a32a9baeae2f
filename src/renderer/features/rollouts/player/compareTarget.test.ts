import { describe, expect, it } from 'vitest';
import type { EpisodeRow } from '../../../../shared/contract/domain';
import { comparableEpisodes, comparableRollouts, parseTargetKey, targetKey, toCompareTarget } from './compareTarget';
import { stepForKey } from './stepKeys';
import { testSummary } from './testing';

const episode = (id: number, instruction: string): EpisodeRow => ({ id, datasetId: 1, index: id, instruction, length: 90, fps: 10, reviewStatus: 'todo', annotationCount: 0 });

describe('what a rollout is compared with', () => {
  it('takes a bare number as a rollout id and round-trips targets through the picker value', () => {
    expect(toCompareTarget(12)).toEqual({ kind: 'rollout', id: 12 });
    expect(toCompareTarget(undefined)).toBeNull();
    expect(parseTargetKey(targetKey({ kind: 'episode', id: 4 }))).toEqual({ kind: 'episode', id: 4 });
    expect(parseTargetKey('')).toBeNull();
  });

  it('offers rollouts of the same seed and variant (other checkpoints), never the rollout itself', () => {
    const self = testSummary({ id: 1, seed: 3, variant: 'in_distribution' });
    const rows = [
      self,
      testSummary({ id: 2, seed: 3, variant: 'in_distribution', checkpointId: 9 }),
      testSummary({ id: 3, seed: 4, variant: 'in_distribution' }),
      testSummary({ id: 4, seed: 3, variant: 'unseen_objects' }),
    ];
    expect(comparableRollouts(self, rows).map((r) => r.id)).toEqual([2]);
    const imported = testSummary({ id: 5, seed: null, variant: null, instruction: 'Pick up the red cube ' });
    expect(comparableRollouts(imported, [...rows, imported]).map((r) => r.id)).toEqual([1, 2, 3, 4]);
  });

  it('offers demonstrations with the same instruction only (search matches words, not the sentence)', () => {
    const rows = [episode(1, 'pick up the red cube'), episode(2, 'pick up the red cube and place it'), episode(3, 'Pick up the red cube')];
    expect(comparableEpisodes('pick up the red cube', rows).map((e) => e.id)).toEqual([1, 3]);
  });
});

describe('comma and period', () => {
  const key = (k: string, extra: object = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false, target: { tagName: 'DIV' }, ...extra });
  it('step one frame back and forth, but not while typing or with a modifier', () => {
    expect(stepForKey(key(','))).toBe(-1);
    expect(stepForKey(key('.'))).toBe(1);
    expect(stepForKey(key('.', { target: { tagName: 'INPUT' } }))).toBe(0);
    expect(stepForKey(key('.', { ctrlKey: true }))).toBe(0);
    expect(stepForKey(key('x'))).toBe(0);
  });
});
