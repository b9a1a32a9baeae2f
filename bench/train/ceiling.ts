/**
 * `npx tsx bench/train/ceiling.ts`: how precise must a policy be here, and how much can imitation learn
 * from the demonstrations alone? Two kinds of rows in one table, closed loop in the environment:
 *  - the scripted expert steering for a target displaced by d cm in a random direction (what a policy
 *    whose grounding is off by d would do at best), with d in pixels of the policy's 64-px image;
 *  - an MLP on the robot state and true information about the target (no image: perfect perception)
 *    imitating the expert's action chunks with L1, executing `--execute` actions of each chunk, for each
 *    of `--inputs`: `point` (its centre in the image, what point grounding gives), `object` (that plus
 *    its position, size and yaw in the world) and `grasp` (the point plus the expert's grasp pose: where
 *    the tool centre goes and at what yaw).
 * Options: --families pick --episodes 40 --demos 100 --steps 3000 --execute 4 --seed 900000
 *   --inputs point,object,grasp --no-expert (skip the displaced-expert rows)
 */
import { parseArgs } from 'node:util';
import { makeCameras, DISPLAY_RESOLUTION } from '../../src/sim/camera';
import type { Policy, PolicySlot } from '../../src/sim/contracts';
import { createExpertPolicy } from '../../src/sim/expert';
import { planGrasp } from '../../src/sim/expertGrasp';
import { objectCentre, projectPoint } from '../../src/sim/groundTruth';
import { runSuite } from '../../src/sim/suite';
import { ACTION_NAMES, STATE_NAMES, type SceneState, type Vec3 } from '../../src/sim/types';
import { computeActionStatistics, computeStateStatistics, denormalizeAction, normalizeAction } from '../../src/shared/training/normalize';
import { selectBackend } from '../../src/worker/backend/select';
import { tf } from '../../src/worker/backend/tf';
import { printTable } from '../table';

const { values } = parseArgs({
  options: {
    families: { type: 'string', default: 'pick' },
    episodes: { type: 'string', default: '40' },
    demos: { type: 'string', default: '100' },
    steps: { type: 'string', default: '3000' },
    execute: { type: 'string', default: '4' },
    seed: { type: 'string', default: '900000' },
    inputs: { type: 'string', default: 'point' },
    'no-expert': { type: 'boolean', default: false },
  },
});
const families = values.families.split(',');
const spec = { variants: ['in_distribution'], episodesPerVariant: Number(values.episodes), baseSeed: Number(values.seed), families };
const { width, height } = DISPLAY_RESOLUTION;
const camera = makeCameras(width, height).find((c) => c.name === 'front')!;
const POLICY_SIZE = 64;
/** The target's centre in the front camera, in [0, 1] of the image. */
const targetPoint = (scene: SceneState, id: string): [number, number] => {
  const [x, y] = projectPoint(camera, objectCentre(scene.objects.find((o) => o.id === id)!));
  return [x / width, y / height];
};
type Inputs = 'point' | 'object' | 'grasp';
/** What the MLP knows of the target besides the state, each number of order 1. */
const targetInfo = (inputs: Inputs, scene: SceneState, id: string): number[] => {
  const [px, py] = targetPoint(scene, id);
  const point = [2 * px - 1, 2 * py - 1];
  if (inputs === 'point') return point;
  const o = scene.objects.find((t) => t.id === id)!;
  const held = scene.gripper.held === id ? 1 : 0;
  if (inputs === 'object') {
    // Boxes look the same every quarter turn and elongated shapes every half turn.
    const yaw = [Math.cos(2 * o.yaw), Math.sin(2 * o.yaw), Math.cos(4 * o.yaw), Math.sin(4 * o.yaw)];
    return [...point, o.pos[0] * 5, o.pos[1] * 5, o.pos[2] * 10, o.size.sx * 10, o.size.sy * 10, o.size.sz * 10, ...yaw, held];
  }
  const plan = planGrasp(scene, o, 0);
  const pose = plan ? [plan.pos[0] * 5, plan.pos[1] * 5, plan.pos[2] * 10, Math.cos(plan.yaw), Math.sin(plan.yaw)] : [o.pos[0] * 5, o.pos[1] * 5, o.pos[2] * 10, 1, 0];
  return [...point, ...pose, held];
};
const rows: string[][] = [];
const rate = (r: Awaited<ReturnType<typeof runSuite>>) => `${r.variants[0]!.successes}/${r.variants[0]!.n}`;

// The expert aiming at a displaced target: the world and its grasp check stay true.
for (const cm of values['no-expert'] ? [] : [0, 0.5, 1, 1.5, 2, 3]) {
  const expert = createExpertPolicy();
  const offsets = new Map<number, [number, number]>();
  const pixels: number[] = [];
  const policy: Policy = (obs, ctx) =>
    obs.map((o, i) => {
      const slot = ctx.slots[i]!;
      if (!offsets.has(slot.episodeId)) {
        const angle = (2 * Math.PI * ((slot.info.seed * 7919) % 1000)) / 1000;
        const offset: [number, number] = [(Math.cos(angle) * cm) / 100, (Math.sin(angle) * cm) / 100];
        offsets.set(slot.episodeId, offset);
        const target = slot.info.scene.objects.find((t) => t.id === slot.info.task.targetId)!;
        const moved: Vec3 = [target.pos[0] + offset[0], target.pos[1] + offset[1], target.pos[2]];
        const [x0, y0] = projectPoint(camera, objectCentre(target));
        const [x1, y1] = projectPoint(camera, objectCentre({ ...target, pos: moved }));
        pixels.push(Math.hypot(((x1 - x0) * POLICY_SIZE) / width, ((y1 - y0) * POLICY_SIZE) / height));
      }
      const [dx, dy] = offsets.get(slot.episodeId)!;
      const shift = (scene: SceneState): SceneState => ({
        ...scene,
        objects: scene.objects.map((t) => (t.id === slot.info.task.targetId && !scene.gripper.held ? { ...t, pos: [t.pos[0] + dx, t.pos[1] + dy, t.pos[2]] } : t)),
      });
      const seen: PolicySlot = { ...slot, scene: shift(slot.scene), info: { ...slot.info, scene: shift(slot.info.scene) } };
      return expert.actOne(o.state, seen);
    });
  const run = await runSuite(policy, spec, { env: { render: false } });
  const px = pixels.reduce((a, b) => a + b, 0) / Math.max(1, pixels.length);
  rows.push([`expert, target off by ${cm} cm`, `${px.toFixed(2)} px`, rate(run)]);
}

interface Demo { states: number[][]; scenes: SceneState[]; targetId: string; actions: number[][] }
const demos: Demo[] = [];
{
  const expert = createExpertPolicy();
  const current = new Map<number, Demo>();
  const recorder: Policy = (obs, ctx) => {
    const actions = expert(obs, ctx) as number[][];
    ctx.slots.forEach((slot, i) => {
      if (slot.step === 0) current.set(slot.episodeId, { states: [], scenes: [], targetId: slot.info.task.targetId, actions: [] });
      const d = current.get(slot.episodeId)!;
      d.states.push([...obs[i]!.state]);
      d.scenes.push(structuredClone(slot.scene));
      d.actions.push([...actions[i]!]);
    });
    return actions as never;
  };
  const run = await runSuite(recorder, { variants: ['in_distribution'], episodesPerVariant: Number(values.demos), baseSeed: 500_000, families }, { env: { render: false } });
  for (const e of run.episodes) if (e.success) demos.push(current.get(e.episodeId)!);
}
const H = 8;
const actionStats = computeActionStatistics(demos.map((d, i) => ({ label: `${i}`, values: d.actions.flat() })), ACTION_NAMES);
const stateStats = computeStateStatistics(demos.map((d, i) => ({ label: `${i}`, values: d.states.flat() })), STATE_NAMES);
let rng = 12345;
const rand = () => ((rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

/** Trains an MLP on (state, target info) → action chunk and runs it closed loop; one table row. */
async function imitate(inputs: Inputs): Promise<string[]> {
  const input = (state: ArrayLike<number>, scene: SceneState, id: string) => [...normalizeAction(stateStats, state), ...targetInfo(inputs, scene, id)];
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (const d of demos) {
    d.actions.forEach((_, f) => {
      xs.push(input(d.states[f]!, d.scenes[f]!, d.targetId));
      ys.push(Array.from({ length: H }, (_, k) => [...normalizeAction(actionStats, d.actions[Math.min(f + k, d.actions.length - 1)]!)]).flat());
    });
  }
  const dims = [xs[0]!.length, 256, 256, 256, H * 7];
  const layers = dims.slice(1).map((d, i) => [tf.variable(tf.randomNormal([dims[i]!, d], 0, Math.sqrt(2 / dims[i]!), 'float32', i + 1)), tf.variable(tf.zeros([d]))] as const);
  const mlp = (x: tf.Tensor2D) => layers.reduce<tf.Tensor2D>((h, [w, b], i) => {
    const y = tf.add(tf.matMul(h, w as tf.Tensor2D), b) as tf.Tensor2D;
    return i < layers.length - 1 ? (tf.relu(y) as tf.Tensor2D) : y;
  }, x);
  const X = tf.tensor2d(xs);
  const Y = tf.tensor2d(ys);
  const optimizer = tf.train.adam(1e-3);
  let loss = NaN;
  for (let step = 0; step < Number(values.steps); step++) {
    const idx = tf.tensor1d(Array.from({ length: 64 }, () => Math.floor(rand() * xs.length)), 'int32');
    const l = optimizer.minimize(() => tf.mean(tf.abs(tf.sub(mlp(tf.gather(X, idx)), tf.gather(Y, idx)))) as tf.Scalar, true)!;
    loss = l.dataSync()[0]!;
    tf.dispose([l, idx]);
  }
  const queues = new Map<number, number[][]>();
  const imitation: Policy = (obs, ctx) =>
    obs.map((o, i) => {
      const slot = ctx.slots[i]!;
      let queue = slot.step === 0 ? [] : queues.get(slot.episodeId) ?? [];
      if (queue.length === 0) {
        const chunk = tf.tidy(() => mlp(tf.tensor2d([input(o.state, slot.scene, slot.info.task.targetId)])).dataSync());
        queue = Array.from({ length: Number(values.execute) }, (_, k) => Array.from(denormalizeAction(actionStats, chunk.slice(k * 7, k * 7 + 7))));
      }
      queues.set(slot.episodeId, queue);
      return queue.shift()! as never;
    });
  const imitated = await runSuite(imitation, spec, { env: { render: false } });
  tf.dispose([X, Y, ...layers.flat()]);
  optimizer.dispose();
  const ends = Object.entries(imitated.episodes.reduce<Record<string, number>>((m, e) => ((m[e.reason] = (m[e.reason] ?? 0) + 1), m), {})).map(([k, v]) => `${k} ${v}`).join(', ');
  return [`MLP on state + true ${inputs}, ${demos.length} demos, ${values.steps} steps (L1 ${loss.toFixed(3)})`, '0 px', `${rate(imitated)} (${ends})`];
}

// Imitation with perfect perception: how much of the task the demonstrations teach, given each kind of target information.
await selectBackend({ exclude: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] });
for (const inputs of values.inputs.split(',') as Inputs[]) {
  if (!['point', 'object', 'grasp'].includes(inputs)) throw new Error(`--inputs takes point, object and grasp, not "${inputs}"`);
  rows.push(await imitate(inputs));
}
printTable(`closed-loop ceilings: ${values.families}, in_distribution, ${values.episodes} episodes`, ['policy', 'grounding error at 64 px', 'success'], rows);
