/**
 * Reference policies: the scripted expert (about 100 percent), a random policy (about 0 percent,
 * the floor any learned policy must beat) and replay of recorded actions.
 */
import { ACTION_LIMITS } from './physics';
import type { EpisodeInfo, Policy, PolicySlot, RecordedEpisode } from './contracts';
import { SimInputError } from './errors';
import { Rng } from './rng';
import type { Action } from './types';

export { createExpertPolicy, type ExpertOptions } from './expert';

/** Keeps one value per running episode, dropping those that have left the batch. */
function perEpisode<T>(make: (slot: PolicySlot) => T): (slots: PolicySlot[]) => T[] {
  let memory = new Map<number, T>();
  return (slots) => {
    const next = new Map<number, T>();
    const out = slots.map((slot) => {
      const kept = slot.step === 0 ? undefined : memory.get(slot.episodeId);
      const value = kept ?? make(slot);
      next.set(slot.episodeId, value);
      return value;
    });
    memory = next;
    return out;
  };
}

/**
 * Uniform random deltas within the action limits; the gripper command flips now and then so that
 * it sometimes stays shut long enough to catch something. Seeded per episode.
 */
export function createRandomPolicy(seed = 0): Policy {
  const rngs = perEpisode((slot) => ({
    rng: new Rng(`random/${seed}/${slot.info.seed}/${slot.info.variant}/${slot.info.task.family}`),
    grip: 0,
  }));
  return (obs, ctx) =>
    rngs(ctx.slots.slice(0, obs.length)).map((s) => {
      const t = ACTION_LIMITS.translation;
      if (s.rng.next() < 0.15) s.grip = 1 - s.grip;
      const u = () => s.rng.uniform(-1, 1);
      return [u() * t, u() * t, u() * t, 0, 0, u() * ACTION_LIMITS.rotation, s.grip] as Action;
    });
}

function sameEpisode(a: RecordedEpisode, b: EpisodeInfo): boolean {
  return a.seed === b.seed && a.variant === b.variant && a.task.family === b.task.family;
}

/**
 * Replays recorded actions by step: one sequence for every episode, or recorded episodes matched by
 * (seed, variant, family). Past the end of its sequence it holds still with the last gripper command.
 */
export function createReplayPolicy(source: readonly Action[] | readonly RecordedEpisode[]): Policy {
  const sequences = (slot: PolicySlot): readonly Action[] => {
    if (source.length === 0 || Array.isArray(source[0])) return source as readonly Action[];
    const match = (source as readonly RecordedEpisode[]).find((e) => sameEpisode(e, slot.info));
    if (!match) {
      const { seed, variant, task } = slot.info;
      throw new SimInputError(`no recorded episode to replay for seed ${seed}, ${variant}, ${task.family}`);
    }
    return match.actions;
  };
  return (obs, ctx) =>
    ctx.slots.slice(0, obs.length).map((slot) => {
      const actions = sequences(slot);
      const a = actions[slot.step];
      if (a) return [...a] as Action;
      return [0, 0, 0, 0, 0, 0, actions.length ? actions[actions.length - 1]![6] : 0];
    });
}
