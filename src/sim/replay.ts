/**
 * Frame-exact replay of a recorded sim rollout: the same (seed, variant, family) reset and the executed
 * actions stepped again re-render every frame the policy saw. The environment is deterministic, so the
 * frames equal the recorded ones byte for byte; a rollout whose record says otherwise was not made by
 * this environment (or its code changed since), which is what the frame hashes are there to catch.
 */
import type { RolloutRecord } from '../shared/rollouts/record';
import { makeCameras } from './camera';
import type { TerminationReason } from './contracts';
import { TabletopEnv } from './env';
import { SimInputError } from './errors';
import type { State } from './types';

export interface ReplaySpec {
  seed: number;
  variant: string;
  family?: string;
  /** The size the rollout was rendered at. */
  width: number;
  height: number;
  /** Cameras to render (default every camera of the environment). */
  cameras?: readonly string[];
  actions: readonly (readonly number[])[];
}

export interface ReplayFrame {
  t: number;
  images: Record<string, Uint8Array>;
  state: State;
}

export interface ReplayOutcome {
  steps: number;
  success: boolean;
  reason: TerminationReason | null;
}

/** Yields frame t (the observation action t was taken on) for every action, and returns how the episode ended. */
export function* replayFrames(spec: ReplaySpec): Generator<ReplayFrame, ReplayOutcome> {
  let cameras = makeCameras(spec.width, spec.height);
  if (spec.cameras) {
    const wanted = spec.cameras;
    const unknown = wanted.filter((name) => !cameras.some((c) => c.name === name));
    if (unknown.length > 0) throw new SimInputError(`replay: the environment has no camera ${unknown.map((n) => `"${n}"`).join(', ')}`);
    cameras = cameras.filter((c) => wanted.includes(c.name));
  }
  const env = new TabletopEnv({ cameras });
  let { observation } = env.reset(spec.seed, spec.variant, spec.family === undefined ? {} : { family: spec.family });
  let outcome: ReplayOutcome = { steps: 0, success: false, reason: null };
  for (const [t, action] of spec.actions.entries()) {
    if (env.done) throw new SimInputError(`replay: the episode ended after ${t} steps but the record has ${spec.actions.length} actions`);
    yield { t, images: observation.images, state: observation.state };
    const result = env.step(action);
    observation = result.observation;
    outcome = { steps: t + 1, success: result.success, reason: result.reason };
  }
  return outcome;
}

/** The replay spec of a sim rollout record: its meta (seed, variant, family, width, height) and executed actions. */
export function replaySpecOf(record: RolloutRecord): ReplaySpec {
  if (record.source !== 'sim') throw new SimInputError(`replay: only sim rollouts can be re-run, this one is from "${record.source}"`);
  const { seed, variant, family, width, height } = record.meta as Record<string, unknown>;
  const int = (name: string, v: unknown) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new SimInputError(`replay: meta.${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
    return v;
  };
  if (typeof variant !== 'string') throw new SimInputError('replay: meta.variant is missing');
  const actions = record.steps.map((s, i) => {
    if (!s.executed) throw new SimInputError(`replay: step ${i} has no executed action`);
    return s.executed;
  });
  return {
    seed: int('seed', seed), variant, ...(typeof family === 'string' && { family }),
    width: int('width', width), height: int('height', height), cameras: record.cameras, actions,
  };
}
