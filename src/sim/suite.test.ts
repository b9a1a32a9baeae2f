import { describe, expect, it } from 'vitest';
import type { Observation, Policy } from './contracts';
import { TabletopEnv } from './env';
import { BatchEnv } from './envBatch';
import { SimInputError } from './errors';
import { createExpertPolicy } from './policies';
import { episodeScene, renderEpisodeFrame, runSuite, suiteEpisodes } from './suite';
import { wilsonInterval } from './suiteStats';

describe('wilsonInterval', () => {
  it('matches known values', () => {
    const [lo, hi] = wilsonInterval(8, 10);
    expect(lo).toBeCloseTo(0.4902, 4);
    expect(hi).toBeCloseTo(0.9433, 4);
    const [lo2, hi2] = wilsonInterval(50, 100);
    expect(lo2).toBeCloseTo(0.4038, 4);
    expect(hi2).toBeCloseTo(0.5962, 4);
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(0, 10)[1]).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10)[0]).toBeCloseTo(0.7225, 4);
    expect(wilsonInterval(10, 10)[1]).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it('rejects impossible counts', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(/exceeds/);
    expect(() => wilsonInterval(-1, 10)).toThrow(/success count/);
    expect(() => wilsonInterval(1, 2.5)).toThrow(/trial count/);
  });
});

describe('runSuite', () => {
  it('reports per-variant rates with intervals and full episode records', async () => {
    const seen: number[] = [];
    const result = await runSuite(
      createExpertPolicy(),
      { variants: ['in_distribution', 'new_background'], episodesPerVariant: 6, baseSeed: 40, batchSize: 4 },
      { env: { render: false }, onEpisode: (e) => seen.push(e.episodeId) },
    );
    expect(result.variants.map((v) => v.variant)).toEqual(['in_distribution', 'new_background']);
    for (const v of result.variants) {
      expect(v).toMatchObject({ n: 6, successes: 6, rate: 1 });
      expect(v.ci).toEqual(wilsonInterval(6, 6));
      expect(Object.values(v.perFamily).reduce((s, f) => s + f!.n, 0)).toBe(6);
    }
    expect(result.episodes).toHaveLength(12);
    expect(seen.sort((a, b) => a - b)).toEqual(result.episodes.map((e) => e.episodeId));
    for (const e of result.episodes) {
      expect(e.frameCount).toBe(e.actions.length + 1);
      expect(e.scenes).toHaveLength(e.actions.length);
      expect(episodeScene(e, e.actions.length)).toBe(e.finalScene);
      expect(e.reason).toBe('success');
    }
    expect(result.episodes.map((e) => e.seed)).toEqual([40, 41, 42, 43, 44, 45, 40, 41, 42, 43, 44, 45]);
  });

  it('keeps observations by reference: any frame re-renders exactly as it was observed', async () => {
    const observed = new Map<string, Uint8Array>();
    const expert = createExpertPolicy();
    // An async policy that notes what it saw, to compare against re-rendered frames.
    const watcher: Policy = async (obs: Observation[], ctx) => {
      obs.forEach((o, i) => observed.set(`${ctx.slots[i]!.episodeId}/${ctx.slots[i]!.step}`, o.images.front!));
      return expert(obs, ctx);
    };
    const result = await runSuite(watcher, { variants: ['in_distribution'], episodesPerVariant: 2, batchSize: 2, families: ['pick'] }, { env: { width: 32, height: 24 } });
    const env = new TabletopEnv({ width: 32, height: 24 });
    for (const e of result.episodes) {
      for (const frame of [0, Math.floor(e.actions.length / 2), e.actions.length - 1]) {
        expect(renderEpisodeFrame(e, frame, env).front).toEqual(observed.get(`${e.episodeId}/${frame}`));
      }
      expect(e.task.family).toBe('pick');
    }
  });

  it('rejects bad suites and misbehaving policies by name', async () => {
    const expert = createExpertPolicy();
    const base = { variants: ['in_distribution'], episodesPerVariant: 2 };
    expect(() => suiteEpisodes({ ...base, variants: ['moonlight'] })).toThrow(/unknown variant "moonlight"/);
    expect(() => suiteEpisodes({ ...base, variants: [] })).toThrow(/at least one variant/);
    expect(() => suiteEpisodes({ ...base, episodesPerVariant: 0 })).toThrow(/episodesPerVariant/);
    expect(() => suiteEpisodes({ ...base, seeds: [1, 2, 3] })).toThrow(/seeds has 3 entries/);
    expect(() => suiteEpisodes({ ...base, seeds: [1, -2] })).toThrow(/seed/);
    expect(() => suiteEpisodes({ ...base, families: ['stack'] })).toThrow(/unknown task family "stack"/);
    expect(() => suiteEpisodes({ ...base, baseSeed: 2 ** 32 - 1 })).toThrow(/last seed/);
    await expect(runSuite(expert, { ...base, batchSize: 0 }, { env: { render: false } })).rejects.toThrow(/batch size/);
    await expect(runSuite(expert, { ...base, batchSize: 1000 }, { env: { render: false } })).rejects.toThrow(/batch size/);
    await expect(runSuite(() => [], base, { env: { render: false } })).rejects.toThrow(/returned 0 actions for 2 observations/);
    await expect(runSuite((obs) => obs.map(() => [0, 0, Number.NaN, 0, 0, 0, 0] as never), base, { env: { render: false } })).rejects.toThrow(SimInputError);
  });
});

describe('BatchEnv', () => {
  it('steps its slots in lockstep, skipping idle ones', () => {
    const batch = new BatchEnv(3, { render: false });
    const resets = batch.reset([{ seed: 1, variant: 'in_distribution' }, { seed: 2, variant: 'unseen_objects', family: 'pick' }]);
    expect(resets).toHaveLength(2);
    const results = batch.step([[0.01, 0, 0, 0, 0, 0, 0], [0, 0.01, 0, 0, 0, 0, 0], null]);
    expect(results[0]!.observation.state[0]).toBeCloseTo(resets[0]!.observation.state[0] + 0.01, 9);
    expect(results[1]!.observation.state[1]).toBeCloseTo(resets[1]!.observation.state[1] + 0.01, 9);
    expect(results[2]).toBeNull();
    expect(() => batch.step([null])).toThrow(/expected 3 actions/);
    expect(() => batch.reset(Array.from({ length: 4 }, (_, seed) => ({ seed, variant: 'in_distribution' })))).toThrow(/do not fit/);
    expect(() => new BatchEnv(0)).toThrow(/batch size/);
  });
});
