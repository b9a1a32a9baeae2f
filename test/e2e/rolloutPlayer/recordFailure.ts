/**
 * Real sim rollouts for the player's e2e test, recorded through the worker's recording path: the scripted
 * expert drives, and grounds the target from the scene's truth with an error that grows after a few steps;
 * `letGo` makes it open the gripper soon after the grasp, so the target falls: a failure with events,
 * a prediction that leaves the target, and every signal the player draws.
 */
import type { Spatial } from '../../../src/shared/rollouts/record';
import { makeCameras } from '../../../src/sim/camera';
import { createExpertPolicy } from '../../../src/sim/expert';
import { stepTruth } from '../../../src/sim/rolloutTruth';
import type { Action } from '../../../src/sim/types';
import { recordSuite, type ChunkPolicy } from '../../../src/worker/eval/record';

export const SIZE = { width: 320, height: 240 };
const CHUNK = 4;

function groundingPolicy(options: { letGo: boolean; driftFrom: number }): ChunkPolicy {
  const expert = createExpertPolicy();
  const cameras = makeCameras(SIZE.width, SIZE.height);
  const heldFor = new Map<number, number>();
  return {
    chunk: CHUNK,
    camera: 'front',
    predict: async (obs, slots) => {
      const actions = await expert(obs, { slots });
      return actions.map((action, i) => {
        const slot = slots[i]!;
        const held = slot.scene.gripper.held === slot.info.task.targetId;
        const n = held ? (heldFor.get(slot.episodeId) ?? 0) + 1 : heldFor.get(slot.episodeId) ?? 0;
        heldFor.set(slot.episodeId, n);
        const row: Action = [...action];
        if (options.letGo && n > 6) row[6] = 0;
        // The rest of the chunk repeats the row with a slowing motion, as a learned policy's would differ from it.
        return Array.from({ length: CHUNK }, (_, k) => row.map((v, d) => (d < 3 ? v * (1 - 0.15 * k) : v)) as Action);
      });
    },
    ground: (_obs, slots) =>
      slots.map((slot): Spatial => {
        const truth = stepTruth(cameras, slot.scene, slot.info.task.targetId).front ?? {};
        const drift = Math.max(0, slot.step - options.driftFrom) * 0.012;
        const box = truth.target?.box;
        const point = truth.target?.point;
        const gripper = truth.gripper;
        const predictedBox = box && ([box[0] + drift, box[1] - drift / 3, box[2] + drift, box[3] - drift / 3] as [number, number, number, number]);
        const predictedPoint = point && ([point[0] + drift + 0.01, point[1] - drift / 3] as [number, number]);
        const trajectory =
          gripper && predictedPoint
            ? Array.from({ length: 6 }, (_, k) => [gripper[0] + ((predictedPoint[0] - gripper[0]) * k) / 5, gripper[1] + ((predictedPoint[1] - gripper[1]) * k) / 5] as [number, number])
            : undefined;
        return { ...(predictedBox && { box: predictedBox }), ...(predictedPoint && { point: predictedPoint }), ...(trajectory && { trajectory }) };
      }),
  };
}

/** Records one episode of seed `seed` into `outDir`; returns the rollout folder. */
export async function recordRollout(outDir: string, seed: number, options: { letGo: boolean; driftFrom: number; policy: string; family?: string }): Promise<string> {
  const summary = await recordSuite(groundingPolicy(options), {
    outDir,
    size: SIZE,
    suite: { variants: ['in_distribution'], episodesPerVariant: 1, seeds: [seed], batchSize: 1, families: [options.family ?? 'pick'] },
    meta: { policy: options.policy },
  });
  return `${outDir}/${summary.rollouts[0]!}`;
}
