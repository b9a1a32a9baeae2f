/**
 * Recording one episode with a policy (the scripted expert by default) into a RecordedEpisode: the
 * true scene, place point, state and action of every frame, so that images and 2-D ground truth can
 * be made later from the scenes alone. Rendering is off while recording for the same reason.
 */
import type { EpisodeInfo, Policy, PolicyContext, RecordedEpisode } from './contracts';
import { TabletopEnv, type EnvOptions } from './env';
import { SimInputError } from './errors';
import { createExpertPolicy } from './expert';
import type { SceneState } from './types';

export interface RecordOptions {
  seed: number;
  variant: string;
  family?: string;
  /** Ask for a particular target, e.g. "red can". */
  target?: string;
  /** Must answer synchronously; the scripted expert by default. */
  policy?: Policy;
  /** Env settings (step limits, ...); rendering is always off while recording. */
  env?: Omit<EnvOptions, 'render'>;
}

/** A recorded episode plus the scene after its last action (the frame no action follows). */
export interface RecordedRun extends RecordedEpisode {
  finalScene: SceneState;
}

export function recordEpisode(opts: RecordOptions): RecordedRun {
  const env = new TabletopEnv({ ...opts.env, render: false });
  const policy = opts.policy ?? createExpertPolicy();
  const { observation, info } = env.reset(opts.seed, opts.variant, {
    ...(opts.family !== undefined && { family: opts.family }),
    ...(opts.target !== undefined && { target: opts.target }),
  });
  const run = newRecord(info, env);
  let obs = observation;
  for (;;) {
    const ctx: PolicyContext = { slots: [{ episodeId: 0, step: env.stepCount, info, scene: env.scene }] };
    const out = policy([obs], ctx);
    if (out instanceof Promise) throw new SimInputError('recordEpisode needs a policy that answers synchronously; use runSuite for async policies');
    if (!Array.isArray(out) || out.length !== 1) throw new SimInputError('the policy must return exactly one action per observation');
    run.scenes.push(env.scene);
    run.placePoints.push(env.placePoint);
    run.states.push(obs.state);
    const result = env.step(out[0]);
    run.actions.push([...(out[0] as number[])] as RecordedEpisode['actions'][number]);
    obs = result.observation;
    if (result.done) {
      run.success = result.success;
      run.reason = result.reason!;
      run.finalScene = env.scene;
      return run;
    }
  }
}

/** An empty record for an episode just reset; frames are appended as it runs. */
export function newRecord(info: EpisodeInfo, env: TabletopEnv): RecordedRun {
  return {
    seed: info.seed,
    variant: info.variant,
    task: info.task,
    instruction: info.instruction,
    scenes: [],
    placePoints: [],
    states: [],
    actions: [],
    success: false,
    reason: 'timeout',
    finalScene: env.scene,
  };
}
