import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { ParamStore } from '../model/params';
import { AdamW, DEFAULT_ADAMW, scheduleFactor, type AdamWConfig } from './optim';

beforeAll(async () => {
  expect((await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] })).name).toBe('wasm');
});

const config: AdamWConfig = { ...DEFAULT_ADAMW, lr: { core: 0.01, querying: 0.02, expert: 0.1 }, warmupSteps: 4, totalSteps: 14, minLrRatio: 0.1, weightDecay: 0, clipNorm: 0 };

function store(): ParamStore {
  const s = new ParamStore(1);
  tf.tidy(() => {
    s.add('core/w', 'core', [2, 2], 'zeros').assign(tf.tensor2d([[1, 2], [3, 4]]));
    s.add('expert/b', 'expert', [2], 'zeros').assign(tf.tensor1d([1, -1]));
  });
  return s;
}

/** Gradients of Σ p·c for fixed c: the same gradient every step, keyed as tf.variableGrads keys them. */
function grads(s: ParamStore, scale = 1): tf.NamedTensorMap {
  return { [s.list[0]!.variable.name]: tf.mul(tf.tensor2d([[0.5, -0.5], [2, 0]]), scale), [s.list[1]!.variable.name]: tf.mul(tf.tensor1d([-3, 1]), scale) };
}

describe('learning-rate schedule', () => {
  it('warms up linearly, then decays along a cosine to the floor and stays there', () => {
    const f = (step: number) => scheduleFactor(config, step);
    expect([0, 1, 2, 3].map(f)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(f(4)).toBe(1);
    expect(f(9)).toBeCloseTo(0.1 + 0.9 * 0.5, 10); // half-way through the decay
    expect(f(14)).toBeCloseTo(0.1, 10);
    expect(f(1000)).toBeCloseTo(0.1, 10);
    for (let s = 4; s < 14; s++) expect(f(s + 1)).toBeLessThan(f(s));
  });
});

describe('AdamW', () => {
  it("first step moves each weight by its group's rate against the gradient's sign (bias-corrected Adam)", () => {
    const s = store();
    const opt = new AdamW(s.list, config);
    const g = grads(s);
    const report = opt.apply(g);
    // The first update uses a quarter of the peak rate (warm-up step 0 of 4).
    expect(report.lr).toEqual({ core: 0.0025, querying: 0.005, expert: 0.025 });
    expect(report.gradNorm).toBeCloseTo(Math.hypot(0.5, 0.5, 2, 0, 3, 1), 5);
    const w = s.list[0]!.variable.dataSync();
    // A zero gradient leaves its weight alone.
    [1 - 0.0025, 2 + 0.0025, 3 - 0.0025, 4].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 6));
    const b = s.list[1]!.variable.dataSync();
    [1 + 0.025, -1 - 0.025].forEach((v, i) => expect(b[i]).toBeCloseTo(v, 6));
    tf.dispose(Object.values(g));
    opt.dispose();
    s.dispose();
  });

  it('applies decoupled weight decay to matrices only and clips the global norm', () => {
    const s = store();
    const opt = new AdamW(s.list, { ...config, weightDecay: 0.5, clipNorm: 1 });
    // Clipping scales the gradient uniformly, which Adam's first step cannot see; the norm is reported unclipped.
    const g = grads(s, 10);
    expect(opt.apply(g).gradNorm).toBeCloseTo(10 * Math.hypot(0.5, 0.5, 2, 3, 1), 3);
    const w = s.list[0]!.variable.dataSync();
    expect(w[3]).toBeCloseTo(4 * (1 - 0.0025 * 0.5), 6);
    expect(s.list[1]!.variable.dataSync()[0]).toBeCloseTo(1.025, 6);
    tf.dispose(Object.values(g));
    opt.dispose();
    s.dispose();
  });

  it('resumes exactly from its saved state', () => {
    const run = (steps: number, resumeAt?: number) => {
      const s = store();
      let opt = new AdamW(s.list, config);
      for (let step = 0; step < steps; step++) {
        if (step === resumeAt) {
          const state = opt.getState();
          opt.dispose();
          opt = new AdamW(s.list, config);
          opt.setState(state);
        }
        const g = grads(s, 1 + step);
        opt.apply(g);
        tf.dispose(Object.values(g));
      }
      const out = [...s.list[0]!.variable.dataSync(), ...s.list[1]!.variable.dataSync()];
      opt.dispose();
      s.dispose();
      return out;
    };
    expect(run(8, 5)).toEqual(run(8));
  });

  it('leaves a parameter without a gradient alone, and refuses gradients of another model or state of another model', () => {
    const s = store();
    const opt = new AdamW(s.list, config);
    const state = opt.getState();
    expect(() => opt.setState({ ...state, slots: state.slots.slice(1) })).toThrow('optimizer state has 1 parameters, the model has 2');
    expect(() => opt.apply({ other: tf.scalar(1) })).toThrow("AdamW: the gradients are for none of this model's parameters");
    const only = { [s.list[1]!.variable.name]: tf.tensor1d([1, 1]) };
    opt.apply(only);
    expect(Array.from(s.list[0]!.variable.dataSync())).toEqual([1, 2, 3, 4]);
    expect(opt.getState().slots[0]!.m).toEqual(new Float32Array(4));
    tf.dispose(Object.values(only));
    opt.dispose();
    s.dispose();
  });
});
