import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { DatasetExtras } from './persist';

const Calibration = z.object({
  cameras: z.array(
    z.object({
      name: z.string(),
      video_key: z.string(),
      intrinsics: z.object({ fx: z.number(), fy: z.number(), cx: z.number(), cy: z.number(), width: z.number(), height: z.number() }),
      extrinsics: z.object({ rotation: z.array(z.number()).length(9), translation: z.array(z.number()).length(3) }),
    }),
  ),
});

const SimEpisode = z.looseObject({
  episode_index: z.number().int(),
  seed: z.number(),
  family: z.string(),
  variant: z.string(),
  target_id: z.string(),
  reference_id: z.string().nullable(),
  side: z.string().nullable(),
  success: z.boolean(),
  reason: z.string(),
});

const GROUND_TRUTH = (index: number) =>
  `ground_truth/chunk-${String(Math.floor(index / 1000)).padStart(3, '0')}/episode_${String(index).padStart(6, '0')}.parquet`;

/**
 * The side files our built-in environment writes beside a LeRobot dataset (camera calibration and
 * per-frame ground truth). Other datasets have none; a damaged side file costs a warning, not the import.
 */
export async function readSimExtras(root: string, warnings: string[]): Promise<DatasetExtras | undefined> {
  const calibrationFile = join(root, 'meta/calibration.json');
  const episodesFile = join(root, 'meta/sim_episodes.jsonl');
  if (!existsSync(calibrationFile)) return undefined;
  const extras: DatasetExtras = { calibration: {}, truth: new Map(), metadata: { source: 'st4vla-sim' } };
  try {
    const calibration = Calibration.parse(JSON.parse(await readFile(calibrationFile, 'utf8')));
    for (const camera of calibration.cameras) {
      const entry = { calibration: camera, path: calibrationFile };
      extras.calibration![camera.name] = entry;
      extras.calibration![camera.video_key] = entry;
    }
  } catch (error) {
    warnings.push(`meta/calibration.json: unreadable camera calibration (${(error as Error).message.slice(0, 200)})`);
  }
  if (!existsSync(episodesFile)) return extras;
  const lines = (await readFile(episodesFile, 'utf8')).split('\n').filter((l) => l.trim());
  lines.forEach((line, n) => {
    const parsed = SimEpisode.safeParse(safeJson(line));
    if (!parsed.success) {
      warnings.push(`meta/sim_episodes.jsonl line ${n + 1}: not a sim episode record`);
      return;
    }
    const e = parsed.data;
    const truthPath = join(root, GROUND_TRUTH(e.episode_index));
    if (!existsSync(truthPath)) warnings.push(`${GROUND_TRUTH(e.episode_index)}: ground truth missing`);
    extras.truth!.set(e.episode_index, {
      truthPath,
      seed: e.seed,
      variant: e.variant,
      taskSpec: { family: e.family, targetId: e.target_id, referenceId: e.reference_id, side: e.side },
      termination: e.reason,
    });
  });
  return extras;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
