/**
 * The evaluation suite: runs a policy on every (variant, seed) episode in batches and reports
 * per-variant success rates with 95 percent Wilson intervals, plus every episode's full record.
 * Observations are kept by reference: each episode stores its scenes, from which any frame can be
 * re-rendered (renderEpisodeFrame), rather than all of its images.
 */
import { TASK_FAMILIES, type EpisodeInfo, type Observation, type Policy, type PolicySlot, type TaskFamily, type VariantName } from './contracts';
import type { EnvOptions, TabletopEnv } from './env';
import { BatchEnv, MAX_BATCH_SIZE, type EpisodeSpec } from './envBatch';
import { SimInputError, integerInRange } from './errors';
import type { RateResult } from './expert';
import { validateAction } from './physics';
import { newRecord, type RecordedRun } from './record';
import { MAX_SEED, checkSeed } from './scene';
import { wilsonInterval } from './suiteStats';
import { checkFamily } from './tasks';
import type { Action, SceneState } from './types';
import { checkVariant } from './variants';

export interface SuiteSpec {
  variants: readonly string[];
  episodesPerVariant: number;
  /** Seeds baseSeed .. baseSeed + episodesPerVariant - 1 (default 0), unless `seeds` is given. */
  baseSeed?: number;
  /** Explicit seeds, one per episode of each variant (its length must equal episodesPerVariant). */
  seeds?: readonly number[];
  /** Episode i of a variant uses families[i % length]; by default the seed's own family. */
  families?: readonly string[];
  /** Episodes run in lockstep per policy call (default 8). */
  batchSize?: number;
}

export interface SuiteEpisode extends RecordedRun {
  episodeId: number;
  /** Frames that can be rendered: one per action plus the final scene. */
  frameCount: number;
}

export interface VariantResult extends RateResult {
  variant: VariantName;
  /** 95 percent Wilson interval of the rate. */
  ci: [number, number];
  perFamily: Partial<Record<TaskFamily, RateResult>>;
}

export interface SuiteResult {
  variants: VariantResult[];
  episodes: SuiteEpisode[];
}

export interface SuiteOptions {
  env?: EnvOptions;
  /** Called as each episode finishes. */
  onEpisode?: (episode: SuiteEpisode) => void;
  signal?: AbortSignal;
}

export const MAX_EPISODES_PER_VARIANT = 100_000;

/** Every episode of the suite in run order, validated. */
export function suiteEpisodes(spec: SuiteSpec): (EpisodeSpec & { variant: VariantName })[] {
  if (spec.variants.length === 0) throw new SimInputError('suite needs at least one variant');
  const variants = spec.variants.map(checkVariant);
  const n = integerInRange('episodesPerVariant', spec.episodesPerVariant, 1, MAX_EPISODES_PER_VARIANT);
  const families = spec.families?.map(checkFamily);
  if (families && families.length === 0) throw new SimInputError('families must not be empty when given');
  let seeds: number[];
  if (spec.seeds) {
    if (spec.seeds.length !== n) throw new SimInputError(`seeds has ${spec.seeds.length} entries but episodesPerVariant is ${n}`);
    seeds = spec.seeds.map(checkSeed);
  } else {
    const base = checkSeed(spec.baseSeed ?? 0);
    integerInRange('last seed of the suite', base + n - 1, 0, MAX_SEED);
    seeds = Array.from({ length: n }, (_, i) => base + i);
  }
  return variants.flatMap((variant) =>
    seeds.map((seed, i) => ({ seed, variant, ...(families && { family: families[i % families.length]! }) })),
  );
}

export async function runSuite(policy: Policy, spec: SuiteSpec, opts: SuiteOptions = {}): Promise<SuiteResult> {
  const queue = suiteEpisodes(spec);
  const batch = new BatchEnv(integerInRange('batch size', spec.batchSize ?? 8, 1, MAX_BATCH_SIZE), opts.env ?? {});
  const episodes: SuiteEpisode[] = [];
  const running: (Running | null)[] = Array.from({ length: batch.size }, () => null);
  let nextId = 0;
  const refill = () => {
    for (let slot = 0; slot < batch.size; slot++) {
      if (running[slot] || queue.length === 0) continue;
      const { observation, info } = batch.resetSlot(slot, queue.shift()!);
      running[slot] = { id: nextId++, obs: observation, record: newRecord(info, batch.env(slot)) };
    }
  };
  refill();
  while (running.some((r) => r !== null)) {
    if (opts.signal?.aborted) throw new SimInputError('suite run aborted');
    const active = running.flatMap((r, slot) => (r ? [{ r, slot }] : []));
    const slots: PolicySlot[] = active.map(({ r, slot }) => {
      const env = batch.env(slot);
      return { episodeId: r.id, step: env.stepCount, info: env.info, scene: env.scene };
    });
    const actions = await policy(active.map(({ r }) => r.obs), { slots });
    if (!Array.isArray(actions) || actions.length !== active.length) {
      throw new SimInputError(`the policy returned ${Array.isArray(actions) ? actions.length : 'no'} actions for ${active.length} observations`);
    }
    const perSlot: (Action | null)[] = running.map(() => null);
    active.forEach(({ r, slot }, i) => {
      const env = batch.env(slot);
      const a = validateAction(actions[i]);
      r.record.scenes.push(env.scene);
      r.record.placePoints.push(env.placePoint);
      r.record.states.push(r.obs.state);
      r.record.actions.push([...a] as Action);
      perSlot[slot] = a;
    });
    const results = batch.step(perSlot);
    results.forEach((result, slot) => {
      const r = running[slot];
      if (!result || !r) return;
      r.obs = result.observation;
      if (!result.done) return;
      Object.assign(r.record, { success: result.success, reason: result.reason!, finalScene: batch.env(slot).scene });
      const episode: SuiteEpisode = { ...r.record, episodeId: r.id, frameCount: r.record.actions.length + 1 };
      episodes.push(episode);
      opts.onEpisode?.(episode);
      running[slot] = null;
    });
    refill();
  }
  episodes.sort((a, b) => a.episodeId - b.episodeId);
  return { variants: summarise(episodes, [...new Set(spec.variants.map(checkVariant))]), episodes };
}

interface Running {
  id: number;
  obs: Observation;
  record: RecordedRun;
}


function summarise(episodes: SuiteEpisode[], variants: VariantName[]): VariantResult[] {
  return variants.map((variant) => {
    const mine = episodes.filter((e) => e.variant === variant);
    const successes = mine.filter((e) => e.success).length;
    const perFamily: Partial<Record<TaskFamily, RateResult>> = {};
    for (const family of TASK_FAMILIES) {
      const f = mine.filter((e) => e.task.family === family);
      if (f.length === 0) continue;
      const s = f.filter((e) => e.success).length;
      perFamily[family] = { successes: s, n: f.length, rate: s / f.length };
    }
    return { variant, successes, n: mine.length, rate: mine.length ? successes / mine.length : 0, ci: wilsonInterval(successes, mine.length), perFamily };
  });
}

/** The scene of frame i of an episode: 0 .. actions.length - 1 are the observed frames, the last is the end. */
export function episodeScene(episode: RecordedRun, frame: number): SceneState {
  integerInRange('frame index', frame, 0, episode.actions.length);
  return frame < episode.scenes.length ? episode.scenes[frame]! : episode.finalScene;
}

/** Re-renders frame i of an episode from its stored scene with an env's cameras. */
export function renderEpisodeFrame(episode: RecordedRun, frame: number, env: TabletopEnv): Record<string, Uint8Array> {
  return env.renderScene(episodeScene(episode, frame));
}
