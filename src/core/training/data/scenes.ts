/**
 * Rendered grounding scenes: freshly drawn tabletop scenes from the built-in environment, each with the
 * named object's point and box from the environment's own truth. ST4VLA's stage 1 learns grounding from
 * large general corpora besides the robot's episodes; a project's few dozen episodes show a few dozen
 * layouts, which a small model remembers rather than learns from (bench/train/learn.ts --scenes: the
 * held-out point error falls from 3.8 to 2.7 px, median 3.1 to 1.3, with 1,000 scenes).
 *
 * The frames are written in the frame cache's format, 100 scenes to a file under negative episode ids,
 * so the worker reads them like any other cached frames. The corpus is keyed by its cameras, their
 * source size, the square size, the count and the seed, and reused by every run that asks the same.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import { FRAME_CACHE_INDEX, FRAME_CACHE_VERSION, type FrameCacheIndex } from '../../../shared/training/frameCache';
import { areaResizeSquare } from '../../../shared/training/resize';
import type { GroundingSample } from '../../../shared/training/samples';
import { CAMERA_NAMES, makeCameras } from '../../../sim/camera';
import { TASK_FAMILIES } from '../../../sim/contracts';
import { TabletopEnv } from '../../../sim/env';
import { objectBox, objectCentre, projectPoint } from '../../../sim/groundTruth';
import type { Episode } from '../../db/repositories/episodes';
import { renderQuestion, type QaTemplates } from '../../exports/qaTemplates';
import type { Project } from '../../project/project';
import { cameraFolder } from './frameCache';
import { TRUTH_LABEL } from './grounding';

/** Scenes per cache file (one "episode" of the corpus). */
export const SCENES_PER_FILE = 100;
/** Scene seeds start here: far from the seeds evaluations and the sample datasets use. */
const SCENE_SEED_BASE = 7_000_000;
const CORPUS_VERSION = 1;

export interface SceneCorpusRequest {
  /** The run's cameras, primary first; each must be one of the environment's. */
  cameras: string[];
  /** The datasets' image size of those cameras, which the scenes are rendered at before squashing. */
  width: number;
  height: number;
  size: number;
  count: number;
  seed: number;
}

export interface SceneCorpus {
  /** One frame cache folder per camera, in the request's order. */
  dirs: string[];
  samples: GroundingSample[];
  reused: boolean;
}

/** The cameras and source size the scenes are drawn with: the selected sim episodes' own. */
export function sceneSource(project: Project, episodes: readonly Episode[], cameras: readonly string[]): { width: number; height: number } {
  for (const camera of cameras) {
    if (!(CAMERA_NAMES as readonly string[]).includes(camera)) {
      throw new ApiError('bad_request', `scenes: rendered scenes come from the built-in environment, whose cameras are ${CAMERA_NAMES.join(', ')}; camera "${camera}" is not one of them`);
    }
  }
  let size: { width: number; height: number } | null = null;
  for (const episode of episodes) {
    if (!project.repos.episodes.simTruth(episode.id)) {
      throw new ApiError('bad_request', `scenes: rendered scenes only suit datasets from the built-in environment; episode ${episode.index} of dataset ${episode.datasetId} is not one`);
    }
    for (const camera of project.repos.episodes.camerasOf(episode.id).filter((c) => cameras.includes(c.name))) {
      if (size && (size.width !== camera.width || size.height !== camera.height)) {
        throw new ApiError('bad_request', `scenes: the selected episodes' cameras differ in size (${size.width}x${size.height} and ${camera.width}x${camera.height}); select episodes of one size`);
      }
      size = { width: camera.width, height: camera.height };
    }
  }
  if (!size) throw new ApiError('bad_request', 'scenes: no selected episode has the run\'s cameras');
  return size;
}

function corpusKey(r: SceneCorpusRequest): string {
  return createHash('sha256').update(JSON.stringify([CORPUS_VERSION, r.cameras, r.width, r.height, r.size, r.count, r.seed])).digest('hex').slice(0, 16);
}

/** Renders (or finds) the corpus; progress counts scenes. */
export async function buildSceneCorpus(
  project: Project,
  request: SceneCorpusRequest,
  templates: QaTemplates,
  options: { onProgress?(p: { done: number; total: number }): void; signal?: AbortSignal } = {},
): Promise<SceneCorpus> {
  const key = corpusKey(request);
  const root = join(project.paths.media, 'training-cache', 'scenes', key);
  const dirs = request.cameras.map((camera) => join(root, cameraFolder(camera)));
  const samplesFile = join(root, 'samples.json');
  if (existsSync(samplesFile) && dirs.every((d) => existsSync(join(d, FRAME_CACHE_INDEX)))) {
    return { dirs, samples: JSON.parse(readFileSync(samplesFile, 'utf8')) as GroundingSample[], reused: true };
  }
  const staging = `${root}.part-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    const samples = await renderInto(staging, request, key, templates, options);
    rmSync(root, { recursive: true, force: true });
    renameSync(staging, root);
    return { dirs, samples, reused: false };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

async function renderInto(
  root: string,
  r: SceneCorpusRequest,
  key: string,
  templates: QaTemplates,
  options: { onProgress?(p: { done: number; total: number }): void; signal?: AbortSignal },
): Promise<GroundingSample[]> {
  const specs = makeCameras(r.width, r.height);
  const ordered = r.cameras.map((name) => specs.find((c) => c.name === name)!);
  const env = new TabletopEnv({ cameras: ordered });
  const primary = ordered[0]!;
  const samples: GroundingSample[] = [];
  const files = Math.ceil(r.count / SCENES_PER_FILE);
  const indexes: FrameCacheIndex[] = ordered.map((c) => ({
    version: FRAME_CACHE_VERSION, datasetId: 0, camera: c.name, size: r.size, mapping: 'squash',
    fingerprint: `scenes:${key}`, createdAt: Date.now(), episodes: [],
  }));
  const dirs = ordered.map((c) => join(root, cameraFolder(c.name)));
  await Promise.all(dirs.map((dir) => mkdir(dir, { recursive: true })));
  for (let f = 0; f < files; f++) {
    const episodeId = -(f + 1);
    const frames = Math.min(SCENES_PER_FILE, r.count - f * SCENES_PER_FILE);
    const buffers = ordered.map(() => new Uint8Array(frames * r.size * r.size * 3));
    for (let k = 0; k < frames; k++) {
      if (options.signal?.aborted) throw new ApiError('cancelled', 'scenes: cancelled');
      const i = f * SCENES_PER_FILE + k;
      const { observation, info } = env.reset(SCENE_SEED_BASE + r.seed * 100_003 + i, 'in_distribution', { family: TASK_FAMILIES[i % TASK_FAMILIES.length]! });
      ordered.forEach((c, v) => buffers[v]!.set(areaResizeSquare(observation.images[c.name]!, r.width, r.height, r.size), k * r.size * r.size * 3));
      const target = env.scene.objects.find((o) => o.id === info.task.targetId)!;
      const [px, py] = projectPoint(primary, objectCentre(target));
      const box = objectBox(primary, target);
      const ask = (kind: 'point' | 'box') => renderQuestion(templates, kind, `scene:${i}:${kind}`, { instruction: info.instruction, label: TRUTH_LABEL });
      const source = `scene:${r.seed}:${i}`;
      samples.push({ episodeId, frame: k, query: ask('point'), kind: 'point', target: [px / r.width, py / r.height], source });
      if (box) samples.push({ episodeId, frame: k, query: ask('box'), kind: 'box', target: [box[0] / r.width, box[1] / r.height, box[2] / r.width, box[3] / r.height], source });
      options.onProgress?.({ done: i + 1, total: r.count });
    }
    await Promise.all(dirs.map(async (dir, v) => {
      const file = `scenes-${String(f).padStart(4, '0')}.u8`;
      await writeFile(join(dir, file), buffers[v]!);
      indexes[v]!.episodes.push({ episodeId, index: f, file, frames, decoded: frames, sourceWidth: r.width, sourceHeight: r.height });
    }));
    // Yield between files so a cancel and the studio's other work get their turn.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(dirs.map((dir, v) => writeFile(join(dir, FRAME_CACHE_INDEX), JSON.stringify(indexes[v]))));
  await writeFile(join(root, 'samples.json'), JSON.stringify(samples));
  return samples;
}
