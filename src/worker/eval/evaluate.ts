/**
 * A checkpoint's success rate per environment variant, with 95 percent Wilson intervals from the sim's
 * suite, beside the random policy's on the same episodes (the floor a trained policy must clear).
 */
import type { VariantResult } from '../../sim/suite';
import { runSuite, type SuiteEpisode } from '../../sim/suite';
import { createRandomPolicy } from '../../sim/policies';
import { createCheckpointPolicy, loadCheckpointPolicy, runnerCameras, type RunnerOptions } from './policyRunner';

export interface EvaluateOptions extends RunnerOptions {
  variants: readonly string[];
  /** Episodes per variant. */
  episodes: number;
  /** Seeds seed .. seed + episodes - 1 of each variant; also the policy's and the random policy's seed. */
  seed?: number;
  /** Task families, taken in turn (episode i gets families[i % length]); by default each seed's own. */
  families?: readonly string[];
  /** The camera to render, when the checkpoint's run folder does not say. */
  camera?: string;
  /** The second camera of a two-camera checkpoint, when the checkpoint and its run folder do not say. */
  secondCamera?: string;
  /** Episodes run in lockstep, one model call for all of them (default 8). */
  batchSize?: number;
  /** Also run the random policy on the same episodes (default true). */
  random?: boolean;
  onEpisode?: (episode: SuiteEpisode, who: 'policy' | 'random') => void;
}

export interface EvaluationResult {
  policy: VariantResult[];
  random: VariantResult[] | null;
  /** Mean steps per episode of the policy. */
  meanSteps: number;
  seconds: number;
}

export async function evaluatePolicy(checkpointDir: string, options: EvaluateOptions): Promise<EvaluationResult> {
  const started = performance.now();
  const seed = options.seed ?? 0;
  const spec = { variants: options.variants, episodesPerVariant: options.episodes, baseSeed: seed, batchSize: options.batchSize ?? 8, ...(options.families && { families: options.families }) };
  const loaded = await loadCheckpointPolicy(checkpointDir, { ...(options.camera && { camera: options.camera }), ...(options.secondCamera && { secondCamera: options.secondCamera }) });
  try {
    const policy = createCheckpointPolicy(loaded, { ...options, seed });
    const run = await runSuite(policy, spec, {
      env: { cameras: runnerCameras(loaded, options) },
      onEpisode: (e) => options.onEpisode?.(e, 'policy'),
    });
    const random = options.random === false
      ? null
      : await runSuite(createRandomPolicy(seed), spec, { env: { render: false }, onEpisode: (e) => options.onEpisode?.(e, 'random') });
    const steps = run.episodes.reduce((n, e) => n + e.actions.length, 0);
    return { policy: run.variants, random: random?.variants ?? null, meanSteps: steps / run.episodes.length, seconds: (performance.now() - started) / 1000 };
  } finally {
    loaded.dispose();
  }
}
