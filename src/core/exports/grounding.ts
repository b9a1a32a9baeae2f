/**
 * Grounding export: annotations -> grounding.jsonl (InternVLA-M1 stage-1 records), the frames as
 * size x size PNGs, coco.json and manifest.json. Everything is written into a sibling temp folder
 * that is renamed into place at the end, so a failed export leaves the destination as it was.
 *
 *   OUT/grounding.jsonl    register with annotation_path = OUT/grounding.jsonl, data_path = OUT/
 *   OUT/manifest.json      image -> (episode, camera, frame); record -> annotations
 *   OUT/coco.json          boxes and points (keypoints) over the same images
 *   OUT/images/<dataset>/episode_<index>/<camera>_<frame>.png
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { MediaTools } from '../media/ffmpeg';
import { resolveInProject, type Project } from '../project/project';
import { buildCoco } from './coco';
import { GroundingExportError } from './errors';
import { extractFrames, type CameraVideo, type FrameRequest } from './frameExtract';
import { collectGroundingItems, type FrameRef, type GroundingKind, type GroundingSelection } from './groundingItems';
import { buildGroundingRecords, type BuiltRecords, type GroundingRecord } from './groundingRecords';
import { buildManifest, COCO_FILE, JSONL_FILE, MANIFEST_FILE } from './manifest';
import { loadQaTemplates, type QaTemplates } from './qaTemplates';

export const DEFAULT_IMAGE_SIZE = 224;
export const DEFAULT_TRAJECTORY_POINTS = 8;

export interface GroundingOptions extends GroundingSelection {
  /** Side of the written square images (ST4VLA trains at 224). */
  size?: number;
  maxTrajectoryPoints?: number;
  /** Defaults to resources/qa-templates.json overlaid by the project's qa-templates.json. */
  templates?: QaTemplates;
}

export interface GroundingPreview {
  counts: Record<GroundingKind, number>;
  total: number;
  records: GroundingRecord[];
  /** Annotations per label and kind (a track's keyframes count one each). */
  labels: { label: string; counts: Record<GroundingKind, number> }[];
  images: number;
  /** The kind of each of `records`, in the same order. */
  recordKinds: GroundingKind[];
}

export interface ExportProgress {
  phase: 'frames' | 'writing' | 'done';
  done: number;
  total: number;
}

export interface ExportGroundingOptions extends GroundingOptions {
  /** Replace a destination folder that is not empty. */
  force?: boolean;
  /** Write coco.json beside the JSONL (default true). */
  coco?: boolean;
  onProgress?: (progress: ExportProgress) => void;
  tools?: MediaTools;
}

export interface ExportGroundingResult {
  dir: string;
  jsonl: string;
  counts: Record<GroundingKind, number>;
  records: number;
  images: number;
  /** null when COCO was not written. */
  cocoAnnotations: number | null;
  /** The files written beside images/, relative to dir. */
  files: string[];
}

function build(project: Project, options: GroundingOptions) {
  const size = options.size ?? DEFAULT_IMAGE_SIZE;
  if (!Number.isInteger(size) || size < 2 || size > 4096) throw new GroundingExportError(`image size must be an integer in 2..4096, got ${size}`);
  const maxTrajectoryPoints = options.maxTrajectoryPoints ?? DEFAULT_TRAJECTORY_POINTS;
  if (!Number.isInteger(maxTrajectoryPoints) || maxTrajectoryPoints < 2) {
    throw new GroundingExportError(`maxTrajectoryPoints must be an integer of at least 2, got ${maxTrajectoryPoints}`);
  }
  const items = collectGroundingItems(project, options);
  const templates = options.templates ?? loadQaTemplates(project.dir);
  return { size, items, built: buildGroundingRecords(items, templates, { size, maxTrajectoryPoints }) };
}

/** Counts per kind and the first `limit` records, without touching any file: what the export will write. */
export function previewGrounding(project: Project, options: GroundingOptions & { limit?: number } = {}): GroundingPreview {
  const { items, built } = build(project, options);
  const byLabel = new Map<string, Record<GroundingKind, number>>();
  for (const item of items) {
    const counts = byLabel.get(item.label) ?? { point: 0, box: 0, trajectory: 0 };
    counts[item.kind]++;
    byLabel.set(item.label, counts);
  }
  const records = built.records.slice(0, options.limit ?? 20);
  return {
    counts: built.counts,
    total: built.records.length,
    records,
    recordKinds: records.map((r) => built.origins.get(r.id)!.kind),
    labels: [...byLabel].sort(([a], [b]) => a.localeCompare(b)).map(([label, counts]) => ({ label, counts })),
    images: built.images.size,
  };
}

function checkDestination(dir: string, force: boolean): boolean {
  if (!existsSync(dir)) return false;
  if (!statSync(dir).isDirectory()) throw new GroundingExportError(`${dir} is a file, not a folder`);
  if (readdirSync(dir).length > 0 && !force) {
    throw new GroundingExportError(`${dir} is not empty; choose an empty folder or replace it with --force`);
  }
  return true;
}

function cameraVideo(project: Project, frame: FrameRef): CameraVideo {
  const camera = project.repos.episodes.getCamera(frame.cameraId);
  const media = camera?.mediaFileId == null ? undefined : project.repos.datasets.getMediaFile(camera.mediaFileId);
  const name = `episode ${frame.episodeIndex} of "${frame.datasetName}", camera ${frame.cameraName}`;
  if (!camera || !media || media.kind !== 'video') throw new GroundingExportError(`${name} has no video to take frames from`);
  return { file: resolveInProject(project, media.path), fromTimestamp: camera.fromTimestamp, fps: camera.fps, name };
}

async function writeImages(project: Project, built: BuiltRecords, size: number, root: string, options: ExportGroundingOptions) {
  const byCamera = new Map<number, { video: CameraVideo; requests: FrameRequest[] }>();
  for (const [path, frame] of built.images) {
    let entry = byCamera.get(frame.cameraId);
    if (!entry) byCamera.set(frame.cameraId, (entry = { video: cameraVideo(project, frame), requests: [] }));
    entry.requests.push({ frame: frame.frame, output: join(root, path) });
  }
  let done = 0;
  options.onProgress?.({ phase: 'frames', done, total: built.images.size });
  for (const [cameraId, { video, requests }] of byCamera) {
    await extractFrames(video, requests, size, join(root, '.scratch', String(cameraId)), options.tools);
    done += requests.length;
    options.onProgress?.({ phase: 'frames', done, total: built.images.size });
  }
  await rm(join(root, '.scratch'), { recursive: true, force: true });
}

export async function exportGrounding(project: Project, outDir: string, options: ExportGroundingOptions = {}): Promise<ExportGroundingResult> {
  const dir = resolve(outDir);
  const { size, items, built } = build(project, options);
  if (built.records.length === 0) {
    throw new GroundingExportError(
      'nothing to export: there are no point, box or trajectory annotations' +
        (options.labels || options.episodeIds ? ' in the chosen episodes and labels' : ' in this project'),
    );
  }
  const replacing = checkDestination(dir, options.force ?? false);
  await mkdir(dirname(dir), { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const temp = join(dirname(dir), `.${basename(dir)}.part-${stamp}`);
  try {
    await mkdir(temp);
    await writeImages(project, built, size, temp, options);
    options.onProgress?.({ phase: 'writing', done: 0, total: 3 });
    await writeFile(join(temp, JSONL_FILE), built.records.map((r) => JSON.stringify(r) + '\n').join(''));
    await writeFile(join(temp, MANIFEST_FILE), JSON.stringify(buildManifest(built, size, project.name), null, 1) + '\n');
    const coco = options.coco === false ? null : buildCoco(items, size);
    if (coco) await writeFile(join(temp, COCO_FILE), JSON.stringify(coco) + '\n');
    if (replacing) {
      const old = join(dirname(dir), `.${basename(dir)}.old-${stamp}`);
      await rename(dir, old);
      await rename(temp, dir);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temp, dir);
    }
    options.onProgress?.({ phase: 'done', done: 3, total: 3 });
    return {
      dir, jsonl: join(dir, JSONL_FILE), counts: built.counts, records: built.records.length,
      images: built.images.size, cocoAnnotations: coco ? coco.annotations.length : null,
      files: coco ? [JSONL_FILE, MANIFEST_FILE, COCO_FILE] : [JSONL_FILE, MANIFEST_FILE],
    };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}
