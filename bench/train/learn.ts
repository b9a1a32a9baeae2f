/**
 * `npx tsx bench/train/learn.ts`: does the miniature policy learn to act? Expert demonstrations straight
 * from the environment (no video, no project), the policy trained in process on them, then run closed
 * loop on held-out seeds beside the random policy. A fast loop for model and data questions; the real
 * pipeline (frame cache, worker process, checkpoints) is what bench/train/demo.ts times.
 * Options: --families pick --episodes 100 --steps 1500 --batch 32 --lr 1e-3 --preset quick
 *   --head flow|l1 --state --execute 4 --eval 40 --size 64 --map conv|tokens --giou 1 --scenes 0
 *   --expert-width N --expert-layers N --glimpse (with --spatial)
 */
import { parseArgs } from 'node:util';
import { makeCameras, DISPLAY_RESOLUTION } from '../../src/sim/camera';
import { createExpertPolicy } from '../../src/sim/expert';
import { objectBox, objectCentre, projectPoint } from '../../src/sim/groundTruth';
import { createRandomPolicy } from '../../src/sim/policies';
import { runSuite } from '../../src/sim/suite';
import { TabletopEnv } from '../../src/sim/env';
import { ACTION_NAMES } from '../../src/sim/types';
import { computeActionStatistics, computeStateStatistics, normalizeAction } from '../../src/shared/training/normalize';
import { POLICY_PRESETS } from '../../src/shared/training/recipes';
import { buildTokenizer, createTokenizer, PAD_ID } from '../../src/shared/training/tokenizer';
import { selectBackend } from '../../src/worker/backend/select';
import { tf } from '../../src/worker/backend/tf';
import { createCheckpointPolicy, type CheckpointPolicy } from '../../src/worker/eval/policyRunner';
import { areaResizeSquare } from '../../src/shared/training/resize';
import { augmentImage, DEFAULT_AUGMENT, drawAugmentation, IDENTITY, mapBox, mapPoint } from '../../src/worker/data/augment';
import { policyConfig } from '../../src/worker/model/config';
import { createPolicy } from '../../src/worker/model/policy';
import { AdamW, DEFAULT_ADAMW } from '../../src/worker/train/optim';
import { printTable } from '../table';

const { values } = parseArgs({
  options: {
    families: { type: 'string', default: 'pick' },
    episodes: { type: 'string', default: '100' },
    steps: { type: 'string', default: '1500' },
    batch: { type: 'string', default: '32' },
    lr: { type: 'string', default: '1e-3' },
    preset: { type: 'string', default: 'quick' },
    head: { type: 'string', default: 'flow' },
    state: { type: 'boolean', default: false },
    spatial: { type: 'boolean', default: false },
    glimpse: { type: 'boolean', default: false },
    cotrain: { type: 'string', default: '0' },
    pretrain: { type: 'string', default: '0' },
    execute: { type: 'string', default: '4' },
    eval: { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    patch: { type: 'string' },
    vision: { type: 'string', default: 'patch' },
    width: { type: 'string' },
    layers: { type: 'string' },
    kinds: { type: 'string', default: 'point,box' },
    shift: { type: 'string', default: '0' },
    scenes: { type: 'string', default: '0' },
    size: { type: 'string' },
    map: { type: 'string', default: 'conv' },
    giou: { type: 'string', default: '1' },
    'expert-width': { type: 'string' },
    'expert-layers': { type: 'string' },
    'eval-seed': { type: 'string', default: '900000' },
  },
});
const families = values.families.split(',');
const started = performance.now();
const log = (line: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)}s] ${line}\n`);
await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });

const preset = { ...POLICY_PRESETS[values.preset]! };
if (values.patch) preset.patch = Number(values.patch);
if (values.size) preset.imageSize = Number(values.size);
if (values.layers) preset.coreLayers = Number(values.layers);
if (values.width) (preset.width = Number(values.width)), (preset.expert = { ...preset.expert, width: Number(values.width) });
if (values['expert-width']) preset.expert = { ...preset.expert, width: Number(values['expert-width']) };
if (values['expert-layers']) preset.expert = { ...preset.expert, layers: Number(values['expert-layers']) };
const S = preset.imageSize;
const camera = makeCameras(DISPLAY_RESOLUTION.width, DISPLAY_RESOLUTION.height).filter((c) => c.name === 'front');

interface Demo { instruction: string; images: Uint8Array[]; states: number[][]; actions: number[][]; point: number[][]; box: number[][] }
const demos: Demo[] = [];
{
  const expert = createExpertPolicy();
  const current = new Map<number, Demo>();
  const recorder: Parameters<typeof runSuite>[0] = (obs, ctx) => {
    const actions = expert(obs, ctx) as number[][];
    ctx.slots.forEach((slot, i) => {
      if (slot.step === 0) current.set(slot.episodeId, { instruction: obs[i]!.instruction, images: [], states: [], actions: [], point: [], box: [] });
      const d = current.get(slot.episodeId)!;
      const { width, height } = DISPLAY_RESOLUTION;
      d.images.push(areaResizeSquare(obs[i]!.images.front!, width, height, S));
      d.states.push([...obs[i]!.state]);
      d.actions.push([...actions[i]!]);
      const target = slot.scene.objects.find((o) => o.id === slot.info.task.targetId)!;
      const [px, py] = projectPoint(camera[0]!, objectCentre(target));
      d.point.push([px / width, py / height]);
      const bx = objectBox(camera[0]!, target) ?? [px - 1, py - 1, px + 1, py + 1];
      d.box.push([bx[0] / width, bx[1] / height, bx[2] / width, bx[3] / height]);
    });
    return actions as never;
  };
  const run = await runSuite(recorder, { variants: ['in_distribution'], episodesPerVariant: Number(values.episodes), baseSeed: 500_000, families }, { env: { cameras: camera } });
  run.episodes.forEach((e) => {
    if (e.success) demos.push(current.get(e.episodeId)!);
  });
  log(`${demos.length}/${run.episodes.length} expert demos, ${demos.reduce((n, d) => n + d.actions.length, 0)} frames`);
}

// --scenes N: one first frame of each of N more scenes, grounding data only (a stage-1 corpus beside the demonstrations).
const sceneDemos: Demo[] = [];
{
  const env = new TabletopEnv({ cameras: camera });
  const { width, height } = DISPLAY_RESOLUTION;
  for (let i = 0; i < Number(values.scenes); i++) {
    const { observation, info } = env.reset(700_000 + i, 'in_distribution', { family: families[i % families.length] });
    const target = env.scene.objects.find((o) => o.id === info.task.targetId)!;
    const [px, py] = projectPoint(camera[0]!, objectCentre(target));
    const bx = objectBox(camera[0]!, target) ?? [px - 1, py - 1, px + 1, py + 1];
    sceneDemos.push({ instruction: info.instruction, images: [areaResizeSquare(observation.images.front!, width, height, S)], states: [], actions: [], point: [[px / width, py / height]], box: [[bx[0] / width, bx[1] / height, bx[2] / width, bx[3] / height]] });
  }
  if (sceneDemos.length) log(`${sceneDemos.length} more scenes for grounding`);
}
const stats = computeActionStatistics(demos.map((d, i) => ({ label: `demo ${i}`, values: d.actions.flat() })), ACTION_NAMES);
const SD = values.state ? 7 : 0;
if (SD) stats.state = computeStateStatistics(demos.map((d, i) => ({ label: `demo ${i}`, values: d.states.flat() })), ['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'opening']);
const tokSpec = buildTokenizer(demos.map((d) => d.instruction), { maxLength: 16 });
const tokenizer = createTokenizer(tokSpec);
const norm = demos.map((d) => d.actions.map((a) => Array.from(normalizeAction(stats, a))));
const config = policyConfig({
  ...preset, cameras: 1, vocabSize: tokenizer.vocabSize, maxTextTokens: 16, padId: PAD_ID,
  vision: values.vision as 'patch' | 'conv', grounding: { map: values.map as 'tokens' | 'conv', giouWeight: Number(values.giou) }, stateDim: SD, spatialTokens: values.spatial, spatialGlimpse: values.glimpse, expert: { ...preset.expert, head: values.head as 'flow' | 'l1', actionDim: 7 }, promptTemplate: '{instruction}',
});
const policy = createPolicy(config, Number(values.seed));
const steps = Number(values.steps);
const B = Number(values.batch);
const lr = Number(values.lr);
const optimizer = new AdamW(policy.params.list, { ...DEFAULT_ADAMW, lr: { core: lr, querying: 2 * lr, expert: 4 * lr }, warmupSteps: Math.floor(steps / 10), totalSteps: Math.max(1, steps) });
const heldOut = Math.max(1, Math.floor(demos.length / 10));
const frames = demos.slice(0, demos.length - heldOut).flatMap((d, e) => d.actions.map((_, f) => [e, f] as const));
const heldFrames = demos.slice(demos.length - heldOut).flatMap((d, i) => d.actions.map((_, f) => [demos.length - heldOut + i, f] as const));
/** Point error on held-out demos' frames, px of the S-pixel image: mean and the share within 10 px at 224. */
function pointError(): string {
  return `${pointErrorOf(heldFrames)} (training frames: ${pointErrorOf(frames)})`;
}
function pointErrorOf(all: (readonly [number, number])[]): string {
  const picks = all.filter((_, i) => i % 3 === 0).slice(0, 64);
  return tf.tidy(() => {
    const [p] = groundingBatches(picks);
    const pred = policy.predictGrounding(p!, 'point').arraySync() as number[][];
    const truth = p!.target.arraySync() as number[][];
    const errs = pred.map((q, i) => Math.hypot(q[0]! - truth[i]![0]!, q[1]! - truth[i]![1]!) * S);
    const near = errs.filter((e) => e <= (10 * S) / 224).length / errs.length;
    const median = [...errs].sort((a, b) => a - b)[Math.floor(errs.length / 2)]!;
    return `point error ${(errs.reduce((a, b) => a + b, 0) / errs.length).toFixed(2)} px (median ${median.toFixed(2)}) at ${S}, within 10 px at 224: ${(near * 100).toFixed(0)}%`;
  });
}
let rng = Number(values.seed) * 7919;
const rand = () => ((rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const H = config.expert.chunk;
const cotrain = Number(values.cotrain);
const pretrain = Number(values.pretrain);
const groundingText = (d: Demo) => `locate the key object for ${d.instruction}`;
function groundingBatches(picks: (readonly [number, number])[], augment = false, from: Demo[] = demos) {
  const n = picks.length;
  const images = new Float32Array(n * S * S * 3);
  const text = new Int32Array(n * 16);
  const point = new Float32Array(n * 2);
  const box = new Float32Array(n * 4);
  picks.forEach(([e, f], b) => {
    const d = from[e]!;
    const a = augment && Number(values.shift) > 0 ? drawAugmentation(rand, S, S, { ...DEFAULT_AUGMENT, maxShift: Number(values.shift) }) : IDENTITY;
    augmentImage({ data: d.images[f]!, width: S, height: S }, a).forEach((v, i) => (images[b * S * S * 3 + i] = v / 255));
    text.set(tokenizer.encode(groundingText(d)).ids, b * 16);
    const [px, py] = mapPoint(a, S, S, d.point[f]![0]! * S, d.point[f]![1]! * S);
    point.set([px / S, py / S], b * 2);
    const bx = mapBox(a, S, S, d.box[f]!.map((v) => v * S)) ?? [px - 1, py - 1, px + 1, py + 1];
    box.set(bx.map((v) => v / S), b * 4);
  });
  const img = tf.tensor5d(images, [n, 1, S, S, 3]);
  const txt = tf.tensor2d(text, [n, 16], 'int32');
  return [
    { kind: 'point' as const, images: img, text: txt, target: tf.tensor2d(point, [n, 2]) },
    { kind: 'box' as const, images: img, text: txt, target: tf.tensor2d(box, [n, 4]) },
  ];
}
const pick = () => frames[Math.floor(rand() * frames.length)]!;
/** A grounding sample: from the extra scenes when there are any, half the time. */
const groundingPicks = (n: number) => Array.from({ length: n }, () => (sceneDemos.length && rand() < 0.5 ? ([Math.floor(rand() * sceneDemos.length), 0, 1] as const) : ([...pick(), 0] as const)));
function groundingBatchesMixed(n: number) {
  const picks = groundingPicks(n);
  const scene = picks.filter((p) => p[2] === 1).map((p) => [p[0], p[1]] as const);
  const demo = picks.filter((p) => p[2] === 0).map((p) => [p[0], p[1]] as const);
  if (!scene.length) return groundingBatches(demo, true);
  if (!demo.length) return groundingBatches(scene, true, sceneDemos);
  const a = groundingBatches(demo, true);
  const b = groundingBatches(scene, true, sceneDemos);
  return a.map((part, i) => ({ kind: part.kind, images: tf.concat([part.images, b[i]!.images]) as tf.Tensor5D, text: tf.concat([part.text, b[i]!.text]) as tf.Tensor2D, target: tf.concat([part.target, b[i]!.target]) as tf.Tensor2D }));
}
if (pretrain > 0) {
  const pre = new AdamW(policy.params.list, { ...DEFAULT_ADAMW, lr: { core: lr, querying: 2 * lr, expert: 4 * lr }, warmupSteps: Math.floor(pretrain / 10), totalSteps: pretrain });
  for (let step = 0; step < pretrain; step++) {
    const loss = tf.tidy(() => {
      const [p, bx] = groundingBatchesMixed(B);
      const { value, grads } = tf.variableGrads(() => (values.kinds.includes('box') ? tf.add(policy.groundingLoss(p!), policy.groundingLoss(bx!)) : policy.groundingLoss(p!)) as tf.Scalar, policy.params.variables);
      pre.apply(grads);
      return value.dataSync()[0]!;
    });
    if (step % 100 === 0 || step === pretrain - 1) log(`stage 1 step ${step} grounding loss ${loss.toFixed(4)}; ${pointError()}`);
  }
  pre.dispose();
}
for (let step = 0; step < steps; step++) {
  const images = new Float32Array(B * S * S * 3);
  const text = new Int32Array(B * 16);
  const actions = new Float32Array(B * H * 7);
  const state = new Float32Array(B * SD);
  for (let b = 0; b < B; b++) {
    const [e, f] = pick();
    const d = demos[e]!;
    const img = d.images[f]!;
    for (let i = 0; i < img.length; i++) images[b * img.length + i] = img[i]! / 255;
    text.set(tokenizer.encode(d.instruction).ids, b * 16);
    if (SD) state.set(normalizeAction(stats.state!, d.states[f]!), b * SD);
    for (let k = 0; k < H; k++) actions.set(norm[e]![Math.min(f + k, d.actions.length - 1)]!, (b * H + k) * 7);
  }
  const loss = tf.tidy(() => {
    const batch = { images: tf.tensor5d(images, [B, 1, S, S, 3]), text: tf.tensor2d(text, [B, 16], 'int32'), actions: tf.tensor3d(actions, [B, H, 7]), ...(SD ? { state: tf.tensor2d(state, [B, SD]) } : {}) };
    const g = cotrain > 0 ? groundingBatchesMixed(B) : [];
    const { value, grads } = tf.variableGrads(() => {
      let total = policy.actionLoss(batch, { seed: step });
      for (const part of g) total = tf.add(total, tf.mul(cotrain / 2, policy.groundingLoss(part))) as tf.Scalar;
      return total;
    }, policy.params.variables);
    optimizer.apply(grads);
    return value.dataSync()[0]!;
  });
  if (step % 100 === 0 || step === steps - 1) log(`step ${step} loss ${loss.toFixed(4)}${cotrain > 0 ? `; ${pointError()}` : ''}`);
}

const loaded: CheckpointPolicy = {
  model: policy, tokenizer, statistics: stats, promptTemplate: '{instruction}', camera: 'front', imageSize: S, chunk: H, info: {}, dispose: () => policy.dispose(),
};
if (process.env.LEARN_DIAG) {
  const d = demos[0]!;
  const S3 = S * S * 3;
  const imgs = new Float32Array(d.images.length * S3);
  d.images.forEach((img, f) => img.forEach((v, i) => (imgs[f * S3 + i] = v / 255)));
  const text = new Int32Array(d.images.length * 16);
  d.images.forEach((_, f) => text.set(tokenizer.encode(d.instruction).ids, f * 16));
  const st = new Float32Array(d.images.length * SD);
  if (SD) d.states.forEach((row, f) => st.set(normalizeAction(stats.state!, row), f * SD));
  const out = tf.tidy(() => policy.predictActions({ images: tf.tensor5d(imgs, [d.images.length, 1, S, S, 3]), text: tf.tensor2d(text, [d.images.length, 16], 'int32'), ...(SD ? { state: tf.tensor2d(st, [d.images.length, SD]) } : {}) }, { seed: 1 }).arraySync() as number[][][]);
  out.forEach((chunk, f) => console.log(f, 'expert', norm[0]![f]!.map((v) => v.toFixed(2)).join(' '), '| pred', chunk[0]!.map((v) => v.toFixed(2)).join(' ')));
}
const spec = { variants: ['in_distribution'], episodesPerVariant: Number(values.eval), baseSeed: Number(values['eval-seed']), families };
if (Number(values.eval) === 0) process.exit(0);
const mine = await runSuite(createCheckpointPolicy(loaded, { execute: Number(values.execute) }), spec, { env: { cameras: camera } });
const random = await runSuite(createRandomPolicy(1), spec, { env: { render: false } });
const reasons = (r: typeof mine) => Object.entries(r.episodes.reduce<Record<string, number>>((m, e) => ((m[e.reason] = (m[e.reason] ?? 0) + 1), m), {})).map(([k, v]) => `${k} ${v}`).join(', ');
printTable(
  `learn: ${values.preset}, ${values.head}, state ${SD > 0}, spatial ${values.spatial}, cotrain ${cotrain}, pretrain ${pretrain}, ${demos.length} demos of ${values.families}, ${steps} steps of ${B}, execute ${values.execute}`,
  ['policy', 'success', 'ends'],
  [
    ['trained', `${mine.variants[0]!.successes}/${mine.variants[0]!.n}`, reasons(mine)],
    ['random', `${random.variants[0]!.successes}/${random.variants[0]!.n}`, reasons(random)],
  ],
);
log('done');
