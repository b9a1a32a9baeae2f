/**
 * The action expert: a chunk of future actions from the querying transformer's condition tokens.
 *
 * 'flow' (default): flow matching. A training sample mixes noise ε and the true chunk a at a time
 * t ~ U(0, 1), x_t = t·a + (1 − t)·ε; transformer blocks over [condition tokens, time token, x_t's action
 * tokens] predict the velocity a − ε, with a mean-squared loss. Sampling starts at pure noise and takes
 * `sampleSteps` Euler steps of that velocity from t = 0 to 1.
 * 'l1': learned action queries in place of the noisy tokens, the chunk regressed directly with L1.
 */
import { tf } from '../backend/tf';
import type { PolicyConfig } from './config';
import { block, gelu, layerNorm, linear } from './layers';
import type { Scope } from './params';

export interface ActionExpert {
  /** Mean training loss for true chunks [B, chunk, actionDim]. noise/t default to fresh random draws. */
  loss(condition: tf.Tensor3D, actions: tf.Tensor3D, draw?: { noise?: tf.Tensor3D; t?: tf.Tensor1D; seed?: number }): tf.Scalar;
  /** A chunk [B, chunk, actionDim]; for 'flow' from the given or seeded starting noise. */
  sample(condition: tf.Tensor3D, start?: { noise?: tf.Tensor3D; seed?: number }): tf.Tensor3D;
  /** The velocity (flow) or the chunk (l1) the blocks output for x_t at times t [B]. */
  apply(condition: tf.Tensor3D, x: tf.Tensor3D | null, t: tf.Tensor1D | null): tf.Tensor3D;
  /** The state token [B, 1, width] appended to the condition tokens; null when the config has no state. */
  stateToken(state: tf.Tensor2D | undefined, batch: number): tf.Tensor3D | null;
  /** The spatial prompt's answer [B, 6] (point, box) as one condition token [B, 1, width]. */
  answerToken(answer: tf.Tensor2D): tf.Tensor3D;
}

/** Sinusoidal features of t ∈ [0, 1] (scaled to 0..1000 as diffusion timesteps): [B] → [B, width]. */
export function timeFeatures(t: tf.Tensor1D, width: number): tf.Tensor2D {
  const half = width / 2;
  const freqs = tf.tensor1d(Array.from({ length: half }, (_, i) => Math.exp((-Math.log(10_000) * i) / half)));
  const angles = tf.mul(tf.reshape(tf.mul(t, 1000), [-1, 1]), tf.reshape(freqs, [1, half]));
  return tf.concat([tf.sin(angles), tf.cos(angles)], 1) as tf.Tensor2D;
}

export function actionExpert(s: Scope, c: PolicyConfig): ActionExpert {
  const { width, heads, layers, chunk, actionDim, head, sampleSteps } = c.expert;
  const flow = head === 'flow';
  const actionIn = flow ? linear(s, 'action_in', actionDim, width) : undefined;
  const actionQueries = flow ? undefined : s.add('action_queries', [chunk, width], 'normal');
  const position = s.add('position', [chunk, width], 'normal');
  const time1 = flow ? linear(s, 'time/1', width, width) : undefined;
  const time2 = flow ? linear(s, 'time/2', width, width) : undefined;
  const blocks = Array.from({ length: layers }, (_, i) => block(s.child(`layer${i}`), width, heads, c.mlpRatio));
  const final = layerNorm(s, 'ln_final', width);
  const out = linear(s, 'action_out', width, actionDim);
  const stateIn = c.stateDim > 0 ? linear(s, 'state_in', c.stateDim, width) : undefined;
  const answerIn = c.spatialTokens && c.grounding.readout === 'spatial' ? linear(s, 'answer_in', 6, width) : undefined;

  const apply: ActionExpert['apply'] = (condition, x, t) => {
    const b = condition.shape[0];
    const parts: tf.Tensor[] = [condition];
    let tokens: tf.Tensor;
    if (flow) {
      if (!x || !t || !actionIn || !time1 || !time2) throw new Error('the flow-matching expert needs noisy actions and times');
      parts.push(tf.reshape(time2(gelu(time1(timeFeatures(t, width)))), [b, 1, width]));
      tokens = actionIn(x);
    } else {
      tokens = tf.tile(tf.reshape(actionQueries!, [1, chunk, width]), [b, 1, 1]);
    }
    parts.push(tf.add(tokens, position));
    let h = tf.concat(parts, 1) as tf.Tensor3D;
    for (const layer of blocks) h = layer({ x: h });
    const actionTokens = tf.slice(h, [0, h.shape[1] - chunk, 0], [b, chunk, width]);
    return out(final(actionTokens)) as tf.Tensor3D;
  };

  return {
    apply,
    answerToken(answer) {
      if (!answerIn) throw new Error('this policy reads no spatial answer (spatialTokens off or the token readout)');
      // Centred: coordinates in [0, 1] become [-1, 1], the range the actions and the state have.
      return tf.reshape(answerIn(tf.sub(tf.mul(answer, 2), 1)), [answer.shape[0], 1, width]) as tf.Tensor3D;
    },
    stateToken(state, b) {
      if (!stateIn) return null;
      if (!state) throw new Error(`this policy takes the robot state (${c.stateDim} numbers) with every action batch`);
      if (state.shape[0] !== b || state.shape[1] !== c.stateDim) throw new Error(`state is [${state.shape.join(', ')}], the policy takes [${b}, ${c.stateDim}]`);
      return tf.reshape(stateIn(state), [b, 1, width]) as tf.Tensor3D;
    },
    loss(condition, actions, draw = {}) {
      const b = condition.shape[0];
      if (actions.shape[1] !== chunk || actions.shape[2] !== actionDim) {
        throw new Error(`actions are [${actions.shape.join(', ')}], the expert predicts [batch, ${chunk}, ${actionDim}]`);
      }
      if (!flow) return tf.mean(tf.abs(tf.sub(apply(condition, null, null), actions))) as tf.Scalar;
      const noise = draw.noise ?? (tf.randomNormal([b, chunk, actionDim], 0, 1, 'float32', draw.seed) as tf.Tensor3D);
      const t = draw.t ?? (tf.randomUniform([b], 0, 1, 'float32', draw.seed === undefined ? undefined : draw.seed + 1) as tf.Tensor1D);
      const tb = tf.reshape(t, [b, 1, 1]);
      const xt = tf.add(tf.mul(tb, actions), tf.mul(tf.sub(1, tb), noise)) as tf.Tensor3D;
      return tf.mean(tf.squaredDifference(apply(condition, xt, t), tf.sub(actions, noise))) as tf.Scalar;
    },
    sample(condition, start = {}) {
      if (!flow) return apply(condition, null, null);
      const b = condition.shape[0];
      let x = start.noise ?? (tf.randomNormal([b, chunk, actionDim], 0, 1, 'float32', start.seed) as tf.Tensor3D);
      const dt = 1 / sampleSteps;
      for (let k = 0; k < sampleSteps; k++) {
        const t = tf.fill([b], k * dt) as tf.Tensor1D;
        x = tf.add(x, tf.mul(apply(condition, x, t), dt)) as tf.Tensor3D;
      }
      return x;
    },
  };
}
