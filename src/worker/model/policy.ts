/**
 * The miniature ST4VLA policy: vision encoder and vision-language core, grounding head, querying
 * transformer (with the gradient scale) and action expert, over one parameter store.
 *
 * Every method runs inside tf.tidy by its caller's choice: losses are meant for tf.variableGrads, which
 * keeps only what it returns; predictions tidy themselves.
 */
import { tf } from '../backend/tf';
import { ARCHITECTURE_ID, validateConfig, type GroundingKind, type PolicyConfig } from './config';
import { createCore, type CoreOutput } from './core';
import { actionExpert } from './expert';
import { groundingHead } from './grounding';
import { ParamStore, scope } from './params';
import { gradientScale, queryingTransformer } from './querying';
import { featureMap, mapSource } from './featureMap';
import { glimpse } from './glimpse';
import { spatialReadout, type ReadoutKind } from './spatialReadout';

export interface Observation {
  /** [B, cameras, H, W, C], pixels in [0, 1]. */
  images: tf.Tensor5D;
  /** [B, L] int32 token ids, padded with padId. Stage 2 tokenises the instruction in the prompt template. */
  text: tf.Tensor2D;
  /** [B, stateDim] normalised robot state; required for actions when the config has stateDim > 0. */
  state?: tf.Tensor2D;
}

export interface GroundingBatch extends Observation {
  kind: GroundingKind;
  /** [B, coordinates of the kind] in [0, 1] of the image. */
  target: tf.Tensor2D;
}

export interface ActionBatch extends Observation {
  /** [B, chunk, actionDim], normalised. */
  actions: tf.Tensor3D;
}

export interface ForwardOutput {
  core: CoreOutput;
  /** Condition tokens for the action expert [B, queries, expert width]. */
  condition: tf.Tensor3D;
}

export interface Stage2Loss {
  total: tf.Scalar;
  action: tf.Scalar;
  grounding: tf.Scalar | null;
}

export interface Policy {
  readonly architecture: string;
  readonly config: PolicyConfig;
  readonly params: ParamStore;
  forward(obs: Observation): ForwardOutput;
  groundingLoss(batch: GroundingBatch): tf.Scalar;
  /** Coordinates [B, n] in [0, 1]. */
  predictGrounding(obs: Observation, kind: GroundingKind): tf.Tensor2D;
  /** noise/t/seed fix the flow-matching draw (tests, evaluation); by default each call draws afresh. */
  actionLoss(batch: ActionBatch, draw?: { noise?: tf.Tensor3D; t?: tf.Tensor1D; seed?: number }): tf.Scalar;
  /** action + groundingWeight × grounding (co-training: the grounding batch is a separate one). */
  stage2Loss(actions: ActionBatch, grounding?: GroundingBatch, draw?: { seed?: number }): Stage2Loss;
  /** A chunk [B, chunk, actionDim] (normalised), sampled from seeded or given noise for 'flow'. */
  predictActions(obs: Observation, start?: { noise?: tf.Tensor3D; seed?: number }): tf.Tensor3D;
  dispose(): void;
}

/** The query tokens the spatial prompt adds to the action pass. */
const SPATIAL_QUERIES: readonly GroundingKind[] = ['point', 'box'];

export function createPolicy(config: PolicyConfig, seed = 1): Policy {
  validateConfig(config);
  const params = new ParamStore(seed);
  const core = createCore(scope(params, 'core', 'core'), config);
  const grounding = groundingHead(scope(params, 'grounding', 'core'), config);
  const querying = queryingTransformer(scope(params, 'querying', 'querying'), config);
  const expert = actionExpert(scope(params, 'expert', 'expert'), config);

  const spatial = config.grounding.readout === 'spatial';
  const fine = spatial && config.grounding.map === 'conv' ? featureMap(scope(params, 'grounding/map', 'core'), config) : null;
  const look = fine && config.spatialTokens && config.spatialGlimpse ? glimpse(scope(params, 'expert/glimpse', 'expert'), mapSource(config), config.expert.width) : null;
  const readout = spatial
    ? spatialReadout(scope(params, 'grounding/readout', 'core'), config, fine ? mapSource(config) : undefined)
    : null;
  const tokenAt = (hidden: tf.Tensor3D, fromEnd: number): tf.Tensor2D => {
    const [b, n, w] = hidden.shape;
    return tf.reshape(tf.slice(hidden, [0, n - fromEnd, 0], [b, 1, w]), [b, w]) as tf.Tensor2D;
  };
  const readsSpatially = (kind: GroundingKind): kind is ReadoutKind => readout !== null && kind !== 'trajectory';
  /** What the readout reads: the fine map of the primary camera, else the image tokens' content. */
  const features = (obs: Observation, out: CoreOutput) => (fine ? fine(obs.images) : out.content);
  /** The grounding answer in [0, 1]: read off the image, or from the query token by the head. */
  const answer = (out: CoreOutput, kind: GroundingKind, read: () => tf.Tensor3D, fromEnd = 1) =>
    readsSpatially(kind) ? readout!(kind, tokenAt(out.hidden, fromEnd), read()) : grounding.predict(kind, tokenAt(out.hidden, fromEnd));
  const forward = (obs: Observation): ForwardOutput => {
    const out = core(config.spatialTokens ? { ...obs, groundingQuery: SPATIAL_QUERIES } : obs);
    const tokens = [querying(out)];
    if (config.spatialTokens && readout) {
      // The spatial prompt's answer (point, box) as a condition token, scaled like the core's states.
      const map = features(obs, out);
      const said = tf.concat([answer(out, 'point', () => map, 2), answer(out, 'box', () => map, 1)], 1) as tf.Tensor2D;
      tokens.push(expert.answerToken(gradientScale(said, config.querying.gradScale)));
      // Where to look is the grounding's to learn; what is seen there also learns from the actions.
      if (look) tokens.push(look(gradientScale(map, config.querying.gradScale) as tf.Tensor3D, gradientScale(tf.slice(said, [0, 0], [said.shape[0], 2]) as tf.Tensor2D, 0)));
    }
    const state = expert.stateToken(obs.state, tokens[0]!.shape[0]);
    if (state) tokens.push(state);
    return { core: out, condition: tokens.length === 1 ? tokens[0]! : (tf.concat(tokens, 1) as tf.Tensor3D) };
  };
  const groundingLoss = (batch: GroundingBatch) => {
    const out = core({ ...batch, groundingQuery: batch.kind });
    if (readsSpatially(batch.kind)) return grounding.coordinateLoss(batch.kind, answer(out, batch.kind, () => features(batch, out)), batch.target);
    return grounding.loss(batch.kind, tokenAt(out.hidden, 1), batch.target);
  };
  const actionLoss: Policy['actionLoss'] = (batch, draw) => expert.loss(forward(batch).condition, batch.actions, draw);

  return {
    architecture: ARCHITECTURE_ID,
    config,
    params,
    forward,
    groundingLoss,
    predictGrounding: (obs, kind) =>
      tf.tidy(() => {
        const out = core({ ...obs, groundingQuery: kind });
        return answer(out, kind, () => features(obs, out));
      }),
    actionLoss,
    stage2Loss(actions, groundingBatch, draw) {
      const action = actionLoss(actions, draw);
      if (!groundingBatch || config.groundingWeight === 0) return { total: action, action, grounding: null };
      const g = groundingLoss(groundingBatch);
      return { total: tf.add(action, tf.mul(config.groundingWeight, g)) as tf.Scalar, action, grounding: g };
    },
    predictActions: (obs, start) => tf.tidy(() => expert.sample(forward(obs).condition, start)),
    dispose: () => params.dispose(),
  };
}
