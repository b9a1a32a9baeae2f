import { describe, expect, it } from 'vitest';
import { TASK_FAMILIES } from './contracts';
import { expertSuccessRate } from './expert';
import { gripperState } from './physics';
import { createExpertPolicy, createRandomPolicy, createReplayPolicy } from './policies';
import { recordEpisode } from './record';
import { runSuite } from './suite';

describe('scripted expert', () => {
  it('solves at least 98 percent of 200 seeded in-distribution episodes, every family included', () => {
    const r = expertSuccessRate(200, 0);
    expect(r.n).toBe(200);
    expect(r.rate).toBeGreaterThanOrEqual(0.98);
    for (const family of TASK_FAMILIES) {
      expect(r.perFamily[family].n).toBe(50);
      expect(r.perFamily[family].rate).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('gives the same results stepped in batches as one episode at a time', async () => {
    const suite = await runSuite(createExpertPolicy(), { variants: ['in_distribution'], episodesPerVariant: 12, baseSeed: 100, batchSize: 5 }, { env: { render: false } });
    for (const e of suite.episodes) {
      const alone = recordEpisode({ seed: e.seed, variant: e.variant });
      expect(e.actions).toEqual(alone.actions);
      expect(e.success).toBe(alone.success);
    }
  });
});

describe('recordEpisode', () => {
  it('records one scene, place point, state and action per frame, deterministically', () => {
    for (const family of TASK_FAMILIES) {
      const e = recordEpisode({ seed: 11, variant: 'in_distribution', family });
      expect(e.success).toBe(true);
      expect(e.reason).toBe('success');
      expect(e.scenes).toHaveLength(e.actions.length);
      expect(e.states).toHaveLength(e.actions.length);
      expect(e.placePoints).toHaveLength(e.actions.length);
      e.scenes.forEach((s, i) => expect(gripperState(s)).toEqual(e.states[i]));
      expect(e.placePoints.every((p) => (p === null) === (family === 'pick'))).toBe(true);
      expect(recordEpisode({ seed: 11, variant: 'in_distribution', family })).toEqual(e);
    }
  });
});

describe('reference policies', () => {
  it('replays a recorded expert episode exactly, state for state', () => {
    for (const family of TASK_FAMILIES) {
      const original = recordEpisode({ seed: 23, variant: 'similar_distractors', family });
      const replayed = recordEpisode({ seed: 23, variant: 'similar_distractors', family, policy: createReplayPolicy(original.actions) });
      expect(replayed.states).toEqual(original.states);
      expect(replayed.scenes).toEqual(original.scenes);
      expect(replayed.success).toBe(original.success);
    }
  });

  it('replays recorded episodes matched by seed, variant and family inside a suite', async () => {
    const originals = [0, 1, 2, 3].map((seed) => recordEpisode({ seed, variant: 'in_distribution' }));
    const suite = await runSuite(createReplayPolicy(originals), { variants: ['in_distribution'], episodesPerVariant: 4, batchSize: 4 }, { env: { render: false } });
    suite.episodes.forEach((e, i) => expect(e.states).toEqual(originals[i]!.states));
    expect(suite.variants[0]!.rate).toBe(1);
  });

  it('lets a random policy succeed less than 5 percent of the time', async () => {
    const suite = await runSuite(createRandomPolicy(1), { variants: ['in_distribution'], episodesPerVariant: 200, batchSize: 16 }, { env: { render: false } });
    expect(suite.variants[0]!.n).toBe(200);
    expect(suite.variants[0]!.rate).toBeLessThan(0.05);
  });
});
