/**
 * A trained checkpoint as a chunk policy for the recording evaluation: its action chunks from the
 * policy runner (same image squash, prompt and statistics as `st4vla demo`), and at every prediction its
 * point, box and trajectory for the grounding questions training asked about the sim's target, tokenised
 * with the checkpoint's tokenizer and answered by predictGrounding on the same frame.
 */
import type { Spatial } from '../../shared/rollouts/record';
import { groundingQuery, type QueryKind, type QuestionLists } from '../../shared/rollouts/query';
import type { Observation, PolicySlot } from '../../sim/contracts';
import { tf } from '../backend/tf';
import { createCheckpointPolicy, policyCameras, type CheckpointPolicy } from './policyRunner';
import type { ChunkPolicy } from './record';
import { stackViews } from './views';

export interface CheckpointChunkOptions {
  /** The size the environment renders at. */
  source: { width: number; height: number };
  /** Seeds the flow-matching noise. */
  seed?: number;
  questions: QuestionLists;
  /** Ask for point, box and trajectory at every prediction (default true). */
  grounding?: boolean;
}

const KINDS: QueryKind[] = ['point', 'box', 'trajectory'];

export function checkpointChunkPolicy(policy: CheckpointPolicy, options: CheckpointChunkOptions): ChunkPolicy {
  const runner = createCheckpointPolicy(policy, { source: options.source, seed: options.seed ?? 0, execute: policy.chunk });
  const { imageSize: S, tokenizer } = policy;
  const L = tokenizer.spec.maxLength;
  const { width, height } = options.source;
  const cameras = policyCameras(policy);

  const ground = (obs: Observation[], slots: PolicySlot[]): Spatial[] => {
    const n = obs.length;
    // Every camera the model takes; its answers are in the primary camera's image (policy.camera).
    const pixels = stackViews(obs, cameras, { width, height }, S);
    const out: Spatial[] = obs.map(() => ({}));
    const images = tf.tensor5d(pixels, [n, cameras.length, S, S, 3]);
    try {
      for (const kind of KINDS) {
        const tokens = new Int32Array(n * L);
        obs.forEach((o, b) => {
          const { seed, variant } = slots[b]!.info;
          tokens.set(tokenizer.encode(groundingQuery(options.questions, kind, `${variant}/${seed}`, slots[b]!.step, o.instruction)).ids, b * L);
        });
        const predicted = tf.tidy(() => policy.model.predictGrounding({ images, text: tf.tensor2d(tokens, [n, L], 'int32') }, kind));
        const values = predicted.dataSync();
        predicted.dispose();
        const per = values.length / n;
        for (let b = 0; b < n; b++) {
          const v = Array.from(values.subarray(b * per, (b + 1) * per));
          if (kind === 'point') out[b]!.point = [v[0]!, v[1]!];
          else if (kind === 'box') out[b]!.box = [v[0]!, v[1]!, v[2]!, v[3]!];
          else out[b]!.trajectory = Array.from({ length: v.length / 2 }, (_, i) => [v[2 * i]!, v[2 * i + 1]!] as [number, number]);
        }
      }
    } finally {
      images.dispose();
    }
    return out;
  };

  return {
    chunk: policy.chunk,
    camera: policy.camera,
    predict: (obs) => runner.predictChunks(obs),
    ...(options.grounding !== false && { ground }),
  };
}
