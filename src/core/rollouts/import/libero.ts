/**
 * LIBERO-style evaluation videos, whose names carry the result:
 * - `2024_01_01-12_00_00--episode=20--success=False--task=put_the_bowl_on_the_plate.mp4`
 *   (OpenVLA's LIBERO client: date, episode, success, the instruction with spaces as '_', cut at 50;
 *   OpenVLA-OFT puts the model's name between date and episode);
 * - `rollout_{task}_episode{i}_{success|failure}.mp4`.
 * Every video in the folder (and below) must be named one of these ways.
 */
import { RolloutImportError } from './errors';
import { isVideo, stem, walkFiles } from './files';
import type { ImportPlan, PlannedRollout } from './plan';

const DASHED = /^(?:(.*?)--)?episode=(\d+)--success=(true|false)--task=(.+)$/i;
const ROLLOUT = /^rollout_(.+)_episode(\d+)_(success|failure)$/i;

/** Whether the name is one of LIBERO's, for detecting the format. */
export const isLiberoName = (file: string) => isVideo(file) && (DASHED.test(stem(file)) || ROLLOUT.test(stem(file)));

export function parseLiberoName(file: string): Omit<PlannedRollout, 'videos'> {
  const name = stem(file);
  const dashed = DASHED.exec(name);
  const plain = dashed ? null : ROLLOUT.exec(name);
  if (!dashed && !plain) {
    throw new RolloutImportError(
      file,
      'is not named like a LIBERO rollout: expected "<date>--episode=<i>--success=<True|False>--task=<task>.mp4" or "rollout_<task>_episode<i>_<success|failure>.mp4"',
    );
  }
  const task = dashed ? dashed[4]! : plain![1]!;
  const episode = Number(dashed ? dashed[2] : plain![2]);
  const success = dashed ? dashed[3]!.toLowerCase() === 'true' : plain![3]!.toLowerCase() === 'success';
  return {
    file,
    instruction: task.replace(/_/g, ' ').trim(),
    success,
    reason: success ? 'success' : 'unknown',
    variant: task,
    taskFamily: task,
    seed: episode,
    meta: { file: name, episode, task, ...(dashed?.[1] ? { prefix: dashed[1] } : {}) },
  };
}

export function readLibero(dir: string): ImportPlan {
  const rollouts = walkFiles(dir)
    .filter(isVideo)
    .map((file): PlannedRollout => ({ ...parseLiberoName(file), videos: [{ camera: 'main', file }] }));
  // OpenVLA's client writes at 30 fps.
  return { format: 'libero', defaultFps: 30, rollouts };
}
