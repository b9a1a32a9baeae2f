import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeActionStatistics } from '../../shared/training/normalize';
import type { ActionSample, GroundingSample } from '../../shared/training/samples';
import { buildTokenizer, createTokenizer } from '../../shared/training/tokenizer';
import { selectBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { normaliseEpisodes } from '../data/batches';
import type { FrameSource } from '../data/frameStore';
import { policyConfig } from '../model/config';
import { createPolicy, type Policy } from '../model/policy';
import { TINY } from '../model/testing';
import { toActionTensors, toGroundingTensors } from './run';
import { evalInterval, isEvalStep, spreadIndices, validate, type ValidationData } from './validate';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

beforeAll(async () => {
  expect((await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] })).name).toBe('wasm');
});

const S = TINY.imageSize;
const frames: FrameSource = {
  size: S,
  frame(episodeId, frame) {
    const data = new Uint8Array(S * S * 3).map((_, i) => (i * 7 + episodeId * 31 + frame * 13) % 256);
    return { data, width: S, height: S };
  },
};
const tokenizer = buildTokenizer(['pick the cup', 'where is the cup', 'the box of the cup', 'the path of the cup'], { maxLength: TINY.maxTextTokens });
const config = policyConfig({ ...TINY, vocabSize: createTokenizer(tokenizer).vocabSize });

const point = (ep: number, frame: number, x: number, y: number): GroundingSample => ({ episodeId: ep, frame, query: 'where is the cup', kind: 'point', target: [x, y], source: `p${frame}` });
const box = (ep: number, frame: number, b: number[]): GroundingSample => ({ episodeId: ep, frame, query: 'the box of the cup', kind: 'box', target: b, source: `b${frame}` });
const path = (ep: number, frame: number, from: number): GroundingSample => ({
  episodeId: ep, frame, query: 'the path of the cup', kind: 'trajectory', source: `t${frame}`,
  target: Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? from + i / 40 : 0.5)),
});

// Two episodes of 12 frames, 7 action channels (gripper last).
const dims = 7;
const raw = new Map([1, 2].map((ep) => [ep, Float32Array.from({ length: 12 * dims }, (_, i) => Math.sin(i * 0.37 + ep) * (i % dims === dims - 1 ? 0 : 1) + (i % dims === dims - 1 && i > 40 ? 1 : 0))]));
const stats = computeActionStatistics([...raw].map(([ep, values]) => ({ label: `e${ep}`, values })), ['x', 'y', 'z', 'r', 'p', 'w', 'gripper']);
const actionData = normaliseEpisodes(stats, raw);

function dataset(overrides: Partial<ValidationData> = {}): ValidationData {
  const actions: ActionSample[] = [1, 2].flatMap((ep) => Array.from({ length: 12 }, (_, f) => ({ episodeId: ep, frame: f, instruction: 'pick the cup' })));
  return {
    actions,
    grounding: [point(1, 0, 0.5, 0.5), point(1, 3, 0.9, 0.9), box(1, 1, [0.2, 0.2, 0.6, 0.6]), box(2, 2, [0.7, 0.7, 0.9, 0.9]), path(2, 4, 0.1), point(2, 5, 0.52, 0.5)],
    actionData,
    views: [frames],
    tokenizer,
    seed: 5,
    horizon: 8,
    ...overrides,
  };
}
const toTensors = { action: toActionTensors, grounding: toGroundingTensors };

/** A policy that always answers the same: its metrics are known exactly. */
function constantPolicy(): Policy {
  const answers = { point: [0.5, 0.5], box: [0.2, 0.2, 0.6, 0.6], trajectory: Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 0.1 + i / 40 : 0.5 + 11 / 224)) };
  return {
    architecture: 'constant', config, params: null as never,
    forward: () => { throw new Error('not used'); },
    groundingLoss: () => { throw new Error('not used'); },
    actionLoss: () => { throw new Error('not used'); },
    stage2Loss: () => { throw new Error('not used'); },
    predictGrounding: (obs, kind) => {
      const n = obs.images.shape[0];
      return tf.tensor2d(Array.from({ length: n }, () => answers[kind]).flat(), [n, answers[kind].length]);
    },
    predictActions: (obs) => tf.zeros([obs.images.shape[0], 8, dims]) as tf.Tensor3D,
    dispose: () => undefined,
  };
}

describe('validation metrics of a policy', () => {
  it('scores each prediction against its own sample', () => {
    const values = validate(constantPolicy(), dataset(), toTensors, { batchSize: 4 });
    // Points at (0.5, 0.5): hits (0.5, 0.5) and (0.52, 0.5) (4.5 px), misses (0.9, 0.9).
    expect(values['val/point_acc']).toBeCloseTo(2 / 3);
    // The same box as the first, none of the second.
    expect(values['val/box_iou']).toBeCloseTo(0.5);
    expect(values['val/box_acc50']).toBeCloseTo(0.5);
    // Every trajectory point 11 px below the target's.
    expect(values['val/traj_ade']).toBeCloseTo(11, 4);
    expect(values['val/traj_fde']).toBeCloseTo(11, 4);
    // Zeros against the normalised targets: the mean |target| over the steps that exist.
    let sum = 0;
    let count = 0;
    for (const rows of actionData.episodes.values()) {
      for (let f = 0; f < 12; f++) for (let k = 0; k < 8 && f + k < 12; k++) for (let d = 0; d < dims; d++) {
        sum += Math.abs(rows[(f + k) * dims + d]!);
        count += 1;
      }
    }
    expect(values['val/action_l1']).toBeCloseTo(sum / count, 5);
  });

  it('reports only the kinds that have validation samples', () => {
    const values = validate(constantPolicy(), dataset({ grounding: [point(1, 0, 0.5, 0.5)], actionData: null }), toTensors, { batchSize: 4 });
    expect(Object.keys(values)).toEqual(['val/point_acc']);
    expect(validate(constantPolicy(), dataset({ grounding: [], actions: [] }), toTensors, { batchSize: 4 })).toEqual({});
  });

  describe('with a real tiny policy', () => {
    let policy: Policy;
    beforeAll(() => {
      policy = createPolicy(config, 3);
    });
    afterAll(() => policy.dispose());

    it('gives metrics in range, the same twice, and leaves no tensor behind', () => {
      const first = validate(policy, dataset(), toTensors, { batchSize: 3, maxSamples: 10 });
      gc();
      const before = tf.memory().numTensors;
      const bytes = tf.memory().numBytes;
      const second = validate(policy, dataset(), toTensors, { batchSize: 3, maxSamples: 10 });
      expect(second).toEqual(first);
      expect(tf.memory().numTensors).toBe(before);
      expect(tf.memory().numBytes).toBe(bytes);
      expect(Object.keys(first).sort()).toEqual(['val/action_l1', 'val/box_acc50', 'val/box_iou', 'val/point_acc', 'val/traj_ade', 'val/traj_fde']);
      for (const name of ['val/point_acc', 'val/box_iou', 'val/box_acc50']) {
        expect(first[name]).toBeGreaterThanOrEqual(0);
        expect(first[name]).toBeLessThanOrEqual(1);
      }
      expect(first['val/traj_ade']).toBeGreaterThan(0);
      expect(first['val/traj_fde']).toBeLessThanOrEqual(224 * Math.SQRT2);
      expect(first['val/action_l1']).toBeGreaterThan(0);
      // Another flow-matching seed samples other actions.
      expect(validate(policy, dataset(), toTensors, { batchSize: 3, maxSamples: 10, seed: 99 })['val/action_l1']).not.toBe(first['val/action_l1']);
    });
  });
});

describe('when and what validation samples', () => {
  it('validates about ten times a run by default, every evalEvery steps when given, and at the last step', () => {
    expect(evalInterval(0, 150)).toBe(15);
    expect(evalInterval(0, 7)).toBe(1);
    expect(evalInterval(40, 150)).toBe(40);
    const steps = Array.from({ length: 150 }, (_, i) => i + 1).filter((s) => isEvalStep(s, evalInterval(40, 150), 150));
    expect(steps).toEqual([40, 80, 120, 150]);
  });
  it('spreads a capped subset over the whole split', () => {
    expect(spreadIndices(3, 64)).toEqual([0, 1, 2]);
    const picked = spreadIndices(1000, 64);
    expect(picked).toHaveLength(64);
    expect(new Set(picked).size).toBe(64);
    expect(picked[0]).toBe(0);
    expect(picked.at(-1)).toBeGreaterThan(980);
  });
});
