/**
 * The built-in environment's sample data as the annotation geometry sees it: a small dataset generated
 * into a temp dir, read back with hyparquet and ffmpeg the way any other tool would. Shared by the
 * integration tests and bench/annotate.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { generateDataset, parseDefinition } from '../../../src/core/datasets/sim';
import type { Calibration } from '../../../src/shared/geometry/projection';
import { toGrey, type GreyImage } from '../../../src/shared/tracking/image';

export const CAMERAS = ['front', 'side'] as const;
export type Camera = (typeof CAMERAS)[number];

/** 8 episodes (two of each family) at the display size: a few seconds to generate. */
export const ANNOTATE_SAMPLE = parseDefinition({
  name: 'annotate-sample',
  seed: 11,
  episodes: 8,
  families: ['pick', 'place', 'near', 'push'],
  variants: ['in_distribution'],
  resolution: { width: 320, height: 240 },
});

export interface SampleEpisode {
  index: number;
  length: number;
  targetId: string;
  /** observation.state rows: x, y, z, roll, pitch, yaw, opening. */
  states: number[][];
  gripper: Record<Camera, [number, number][]>;
  trace: Record<Camera, number[][]>;
  /** The target object's ground-truth box per frame (null when not visible). */
  targetBox: Record<Camera, ([number, number, number, number] | null)[]>;
}

export async function generateSample(out: string): Promise<string> {
  await generateDataset(ANNOTATE_SAMPLE, out, { force: true });
  return out;
}

const pad = (i: number) => String(i).padStart(6, '0');
const readRows = async (path: string) => parquetReadObjects({ file: await asyncBufferFromFile(path), compressors });
const jsonl = <T>(path: string): T[] => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

export function readCalibration(dir: string): Record<Camera, Calibration> {
  const { cameras } = JSON.parse(readFileSync(join(dir, 'meta/calibration.json'), 'utf8')) as { cameras: (Calibration & { name: Camera })[] };
  return Object.fromEntries(cameras.map((c) => [c.name, c])) as unknown as Record<Camera, Calibration>;
}

export function episodeCount(dir: string): number {
  return jsonl(join(dir, 'meta/episodes.jsonl')).length;
}

export async function readEpisode(dir: string, index: number): Promise<SampleEpisode> {
  const meta = jsonl<{ episode_index: number; target_id: string }>(join(dir, 'meta/sim_episodes.jsonl')).find((e) => e.episode_index === index)!;
  const data = await readRows(join(dir, `data/chunk-000/episode_${pad(index)}.parquet`));
  const truth = await readRows(join(dir, `ground_truth/chunk-000/episode_${pad(index)}.parquet`));
  const per = <T>(f: (cam: Camera) => T) => Object.fromEntries(CAMERAS.map((c) => [c, f(c)])) as Record<Camera, T>;
  return {
    index,
    length: data.length,
    targetId: meta.target_id,
    states: data.map((r) => Array.from(r['observation.state'] as number[])),
    gripper: per((cam) => truth.map((r) => Array.from(r[`${cam}.gripper`] as number[]) as [number, number])),
    trace: per((cam) => truth.map((r) => Array.from(r[`${cam}.trace`] as number[]))),
    targetBox: per((cam) =>
      truth.map((r) => {
        const boxes = JSON.parse(r[`${cam}.boxes`] as string) as { id: string; box: [number, number, number, number] | null }[];
        return boxes.find((b) => b.id === meta.target_id)?.box ?? null;
      }),
    ),
  };
}

/** Every frame of a camera's video as grey images, decoded by the system's ffmpeg. */
export function decodeGreyFrames(dir: string, index: number, camera: Camera, width: number, height: number): GreyImage[] {
  const video = join(dir, `videos/chunk-000/observation.images.${camera}/episode_${pad(index)}.mp4`);
  const ffmpeg = spawnSync('/usr/bin/ffmpeg', ['-v', 'error', '-i', video, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 30 });
  if (ffmpeg.status !== 0) throw new Error(`ffmpeg failed on ${video}: ${ffmpeg.stderr.toString()}`);
  const bytes = ffmpeg.stdout;
  const size = width * height * 3;
  return Array.from({ length: Math.floor(bytes.length / size) }, (_, f) => toGrey(bytes.subarray(f * size, (f + 1) * size), width, height, 3));
}
