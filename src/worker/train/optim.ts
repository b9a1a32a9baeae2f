/**
 * AdamW with parameter groups and a warm-up + cosine learning-rate schedule, as InternVLA-M1's stage 2
 * (torch AdamW, betas 0.9/0.95, "cosine_with_min_lr", a higher rate for the action expert than for
 * the VLM), with global gradient-norm clipping. Written on plain variables rather than tf.train.adam,
 * whose single learning rate and unexported moment slots allow neither the groups nor an exact resume.
 */
import { tf } from '../backend/tf';
import type { Param, ParamGroup } from '../model/params';

export interface AdamWConfig {
  /** Peak learning rate of each group. */
  lr: Record<ParamGroup, number>;
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled weight decay, applied to matrices only (not biases, norms' scales or 1-D tables). */
  weightDecay: number;
  /** Clip the global gradient norm to this; 0 disables. */
  clipNorm: number;
  /** Linear warm-up over this many steps, then cosine decay to minLrRatio × peak at totalSteps. */
  warmupSteps: number;
  totalSteps: number;
  minLrRatio: number;
}

/** Section 3.2's recipe (betas, decay, clip, schedule shape) scaled to a miniature run. */
export const DEFAULT_ADAMW: AdamWConfig = {
  // The reference's ratios (VLM 1e-5 : base 5e-5 : action 1e-4 is 1 : 5 : 10) are for a pretrained VLM;
  // the miniature core trains from scratch, so its rate is closer to the others (1 : 2 : 4).
  lr: { core: 1e-4, querying: 2e-4, expert: 4e-4 },
  beta1: 0.9,
  beta2: 0.95,
  eps: 1e-8,
  weightDecay: 1e-8,
  clipNorm: 1,
  warmupSteps: 500,
  totalSteps: 10_000,
  minLrRatio: 0.01,
};

/** The multiplier of the peak rate for the update numbered `step` (0-based). */
export function scheduleFactor(c: Pick<AdamWConfig, 'warmupSteps' | 'totalSteps' | 'minLrRatio'>, step: number): number {
  // (step + 1): the first update already moves the weights, unlike a schedule starting at exactly 0.
  if (step < c.warmupSteps) return (step + 1) / c.warmupSteps;
  const span = Math.max(1, c.totalSteps - c.warmupSteps);
  const progress = Math.min(1, (step - c.warmupSteps) / span);
  return c.minLrRatio + (1 - c.minLrRatio) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/** Everything a resumed run needs to continue bit for bit: the step count and both moments per parameter. */
export interface AdamWState {
  step: number;
  slots: Array<{ name: string; m: Float32Array; v: Float32Array }>;
}

export interface StepReport {
  /** Global gradient norm before clipping. */
  gradNorm: number;
  lr: Record<ParamGroup, number>;
}

interface Slot {
  param: Param;
  m: tf.Variable;
  v: tf.Variable;
}

/** A variable shares its initial tensor's data: that tensor is disposed, or it outlives dispose() as a leak. */
function zeroVariable(like: tf.Variable): tf.Variable {
  const zeros = tf.zerosLike(like);
  const variable = tf.variable(zeros, false);
  zeros.dispose();
  return variable;
}

export class AdamW {
  private readonly slots: Slot[];
  /** Updates done so far. */
  step = 0;

  constructor(params: Param[], readonly config: AdamWConfig) {
    for (const group of Object.keys(config.lr) as ParamGroup[]) {
      if (!(config.lr[group] >= 0)) throw new Error(`AdamW: lr.${group} must be a non-negative number, got ${config.lr[group]}`);
    }
    if (!(config.warmupSteps >= 0 && config.totalSteps > 0)) throw new Error('AdamW: warmupSteps must be ≥ 0 and totalSteps > 0');
    this.slots = params.map((param) => ({ param, m: zeroVariable(param.variable), v: zeroVariable(param.variable) }));
  }

  learningRate(group: ParamGroup, step = this.step): number {
    return this.config.lr[group] * scheduleFactor(this.config, step);
  }

  /** One update from gradients keyed by engine variable name (what tf.variableGrads returns). */
  apply(grads: tf.NamedTensorMap): StepReport {
    const { beta1, beta2, eps, weightDecay, clipNorm } = this.config;
    const t = this.step + 1;
    const lr = Object.fromEntries((Object.keys(this.config.lr) as ParamGroup[]).map((g) => [g, this.learningRate(g)])) as Record<ParamGroup, number>;
    const gradNorm = tf.tidy(() => {
      // A parameter the loss did not touch (another grounding kind's head, say) gets no gradient from
      // tf.variableGrads; like torch's AdamW for grad None, it and its moments are left alone this step.
      const live = this.slots.filter((s) => grads[s.param.variable.name]);
      if (live.length === 0) throw new Error('AdamW: the gradients are for none of this model\'s parameters');
      const gs = live.map((s) => grads[s.param.variable.name]!);
      const norm = tf.sqrt(tf.addN(gs.map((g) => tf.sum(tf.square(g)))));
      const clip = clipNorm > 0 ? tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-6))) : tf.scalar(1);
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      live.forEach((s, i) => {
        const g = tf.mul(gs[i]!, clip);
        const m = tf.add(tf.mul(beta1, s.m), tf.mul(1 - beta1, g));
        const v = tf.add(tf.mul(beta2, s.v), tf.mul(1 - beta2, tf.square(g)));
        s.m.assign(m);
        s.v.assign(v);
        const rate = lr[s.param.group];
        const p = s.param.variable;
        const decayed = weightDecay > 0 && p.rank >= 2 ? tf.mul(p, 1 - rate * weightDecay) : p;
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), eps));
        p.assign(tf.sub(decayed, tf.mul(rate, update)));
      });
      return norm.dataSync()[0]!;
    });
    this.step = t;
    return { gradNorm, lr };
  }

  getState(): AdamWState {
    return {
      step: this.step,
      slots: this.slots.map((s) => ({ name: s.param.name, m: s.m.dataSync<'float32'>().slice(), v: s.v.dataSync<'float32'>().slice() })),
    };
  }

  setState(state: AdamWState): void {
    if (state.slots.length !== this.slots.length) {
      throw new Error(`optimizer state has ${state.slots.length} parameters, the model has ${this.slots.length}`);
    }
    state.slots.forEach((saved, i) => {
      const s = this.slots[i]!;
      if (saved.name !== s.param.name || saved.m.length !== s.param.variable.size || saved.v.length !== s.param.variable.size) {
        throw new Error(`optimizer state slot ${i} is ${saved.name} (${saved.m.length} values), the model has ${s.param.name} (${s.param.variable.size})`);
      }
    });
    state.slots.forEach((saved, i) => {
      const s = this.slots[i]!;
      tf.tidy(() => {
        s.m.assign(tf.tensor(saved.m.slice(), s.m.shape));
        s.v.assign(tf.tensor(saved.v.slice(), s.v.shape));
      });
    });
    this.step = state.step;
  }

  dispose(): void {
    for (const s of this.slots) tf.dispose([s.m, s.v]);
  }
}
