/**
 * The scripted expert as a policy, and its success rate for benchmarks. The expert is a reference
 * policy: besides the observed state it reads the true scene from the policy context.
 */
import { TASK_FAMILIES, type EpisodeInfo, type Policy, type PolicySlot, type TaskFamily } from './contracts';
import { TabletopEnv } from './env';
import { integerInRange } from './errors';
import { ExpertEpisode } from './expertPlan';
import { Rng } from './rng';
import { MAX_SEED, checkSeed } from './scene';
import type { Action, State } from './types';

export interface ExpertOptions {
  /** Seeded noise in heights, offsets, speeds and motion so demonstrations vary. Default true. */
  noise?: boolean;
}

export function newExpertEpisode(info: EpisodeInfo, opts: ExpertOptions = {}): ExpertEpisode {
  const rng = opts.noise === false ? null : new Rng(`expert/${info.seed}/${info.variant}/${info.task.family}`);
  return new ExpertEpisode(info, rng);
}

/** The expert for a batch: one waypoint machine per episode, dropped once its episode leaves the batch. */
export function createExpertPolicy(opts: ExpertOptions = {}): Policy & { actOne(state: State, slot: PolicySlot): Action } {
  let episodes = new Map<number, ExpertEpisode>();
  const actOne = (state: State, slot: PolicySlot): Action => {
    let episode = episodes.get(slot.episodeId);
    if (!episode || slot.step === 0) {
      episode = newExpertEpisode(slot.info, opts);
      episodes.set(slot.episodeId, episode);
    }
    return episode.act(state, slot.scene);
  };
  const policy = (obs: Parameters<Policy>[0], ctx: Parameters<Policy>[1]): Action[] => {
    const actions = obs.map((o, i) => actOne(o.state, ctx.slots[i]!));
    const live = new Set(ctx.slots.map((s) => s.episodeId));
    episodes = new Map([...episodes].filter(([id]) => live.has(id)));
    return actions;
  };
  return Object.assign(policy, { actOne });
}

export interface RateResult {
  successes: number;
  n: number;
  rate: number;
}

export interface ExpertRate extends RateResult {
  perFamily: Record<TaskFamily, RateResult>;
  /** Longest successful episode per family, in steps: what the step limits are set from. */
  longest: Record<TaskFamily, number>;
  /** Failures by termination reason. */
  failures: Record<string, number>;
}

/**
 * Runs the expert (without rendering) on seeds baseSeed .. baseSeed + n - 1 of a variant; the family
 * of seed s is the default TASK_FAMILIES[s % 4], so consecutive seeds cover all four evenly.
 */
export function expertSuccessRate(n: number, baseSeed = 0, variant = 'in_distribution'): ExpertRate {
  integerInRange('episode count', n, 1, 1_000_000);
  checkSeed(baseSeed);
  integerInRange('last seed', baseSeed + n - 1, 0, MAX_SEED);
  const env = new TabletopEnv({ render: false });
  const zero = () => Object.fromEntries(TASK_FAMILIES.map((f) => [f, 0])) as Record<TaskFamily, number>;
  const wins = zero();
  const counts = zero();
  const longest = zero();
  const failures: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const { observation, info } = env.reset(baseSeed + i, variant);
    const expert = newExpertEpisode(info);
    let state = observation.state;
    for (;;) {
      const r = env.step(expert.act(state, env.scene));
      state = r.observation.state;
      if (!r.done) continue;
      counts[info.task.family] += 1;
      if (r.success) {
        wins[info.task.family] += 1;
        longest[info.task.family] = Math.max(longest[info.task.family], env.stepCount);
      } else failures[`${info.task.family}:${r.reason}`] = (failures[`${info.task.family}:${r.reason}`] ?? 0) + 1;
      break;
    }
  }
  const rate = (s: number, m: number): RateResult => ({ successes: s, n: m, rate: m === 0 ? 0 : s / m });
  const successes = TASK_FAMILIES.reduce((s, f) => s + wins[f], 0);
  const perFamily = Object.fromEntries(TASK_FAMILIES.map((f) => [f, rate(wins[f], counts[f])])) as Record<TaskFamily, RateResult>;
  return { ...rate(successes, n), perFamily, longest, failures };
}
