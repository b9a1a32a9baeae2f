/**
 * Imports a grounding export back into a project: the records' image paths are mapped to (episode,
 * camera, frame) through the manifest.json beside the JSONL, the coordinates rescaled from the written
 * image to the camera's pixel frame, and the annotations created with source 'imported' in one
 * transaction (all or nothing).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BoxGeometry, PointGeometry, TrajectoryGeometry } from '../../shared/contract/annotations';
import type { Camera, NewAnnotation } from '../db/repositories/index';
import type { Project } from '../project/project';
import { GroundingExportError } from './errors';
import { parseGroundingJsonl, type ParsedRecord } from './groundingJsonl';
import { UNLABELLED, type GroundingKind } from './groundingItems';
import { GroundingManifest, MANIFEST_FILE, type ManifestImage } from './manifest';
import { stableHash } from './qaTemplates';

export interface ImportGroundingOptions {
  /** Put every record on this episode (cameras matched by name) instead of the one the manifest names. */
  episodeId?: number;
  /** Create the label classes the project lacks instead of refusing the file. */
  createLabels?: boolean;
  author?: string;
  /** Defaults to manifest.json beside the JSONL. */
  manifestPath?: string;
}

export interface ImportGroundingResult {
  annotationIds: string[];
  counts: Record<GroundingKind, number>;
  labelsCreated: string[];
  /** Annotations left out, with the line of their record and why. */
  skipped: { line: number; reason: string }[];
}

const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324'];

function readManifest(file: string): GroundingManifest {
  if (!existsSync(file)) {
    throw new GroundingExportError(`${file} is missing: the export writes it beside the JSONL, and without it images cannot be mapped to frames`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GroundingExportError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = GroundingManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GroundingExportError(`${file} is not a grounding manifest: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

function findCamera(project: Project, image: ManifestImage, record: ParsedRecord, episodeId?: number): Camera {
  const { datasets, episodes } = project.repos;
  let targetId = episodeId;
  if (targetId === undefined) {
    const dataset = datasets.getByName(image.dataset);
    const episode = dataset && episodes.getByIndex(dataset.id, image.episodeIndex);
    if (!episode) {
      throw new GroundingExportError(
        `line ${record.line}: episode ${image.episodeIndex} of dataset "${image.dataset}" is not in this project; pass an episode to import into`,
      );
    }
    targetId = episode.id;
  }
  const camera = episodes.camerasOf(targetId).find((c) => c.name === image.camera);
  if (!camera) throw new GroundingExportError(`line ${record.line}: episode ${targetId} has no camera "${image.camera}"`);
  return camera;
}

function labelsOf(record: ParsedRecord, manifest: GroundingManifest): string[] {
  const a = record.answer;
  if (a.kind === 'box') return a.boxes.map((b) => b.label);
  if (a.kind === 'point') return a.points.map((p) => p.label);
  return [manifest.records[record.id]?.label ?? UNLABELLED];
}

/** An annotation with its label name still to resolve to a class id. */
type PendingAnnotation = Pick<NewAnnotation, 'episodeId' | 'cameraId' | 'frameStart' | 'kind' | 'geometry'> & { label: string; line: number };

function toAnnotations(record: ParsedRecord, manifest: GroundingManifest, camera: Camera, frame: number): PendingAnnotation[] {
  const sx = camera.width / manifest.size;
  const sy = camera.height / manifest.size;
  const a = record.answer;
  const base = { episodeId: camera.episodeId, cameraId: camera.id, frameStart: frame, line: record.line };
  if (a.kind === 'box') {
    return a.boxes.map(({ box: [x1, y1, x2, y2], label }) => {
      const geometry: BoxGeometry = { x1: x1 * sx, y1: y1 * sy, x2: x2 * sx, y2: y2 * sy };
      return { ...base, kind: 'box', geometry, label };
    });
  }
  if (a.kind === 'point') {
    return a.points.map(({ point: [x, y], label }) => {
      const geometry: PointGeometry = { x: x * sx, y: y * sy, role: 'other' };
      return { ...base, kind: 'point', geometry, label };
    });
  }
  const origin = manifest.records[record.id];
  // Vertex frames are not in the JSONL text; without the manifest's they all get the image's frame.
  const frames = origin?.frames?.length === a.path.length ? origin.frames : a.path.map(() => frame);
  const geometry: TrajectoryGeometry = {
    of: origin?.of ?? 'gripper',
    points: a.path.map(([x, y], i) => ({ x: x * sx, y: y * sy, frame: frames[i]! })),
  };
  return [{ ...base, kind: 'trajectory', geometry, label: origin?.label ?? UNLABELLED }];
}

function numbersOf(geometry: unknown): number[] {
  const g = geometry as Partial<BoxGeometry & PointGeometry & TrajectoryGeometry>;
  if (g.points) return g.points.flatMap((p) => [p.x, p.y, p.frame]);
  if (g.x1 !== undefined) return [g.x1, g.y1!, g.x2!, g.y2!];
  return [g.x!, g.y!];
}

/**
 * The annotation of this project that the record already is, if any: same camera, frame, kind and label,
 * every coordinate within one written pixel. Importing an export back into its own project adds nothing.
 */
function existingTwin(project: Project, a: PendingAnnotation, manifest: GroundingManifest, camera: Camera): string | null {
  const tolerance = Math.max(camera.width, camera.height) / manifest.size;
  const labelId = project.repos.labels.getByName(a.label)?.id ?? null;
  const mine = numbersOf(a.geometry);
  const twin = project.repos.annotations.listByEpisode(a.episodeId, a.cameraId).find((b) => {
    if (b.isTrack || b.kind !== a.kind || b.frameStart !== a.frameStart || b.labelClassId !== labelId) return false;
    const theirs = numbersOf(b.geometry);
    return theirs.length === mine.length && theirs.every((v, i) => Math.abs(v - mine[i]!) <= tolerance);
  });
  return twin?.id ?? null;
}

export function importGrounding(project: Project, jsonlPath: string, options: ImportGroundingOptions = {}): ImportGroundingResult {
  if (!existsSync(jsonlPath)) throw new GroundingExportError(`${jsonlPath} does not exist`);
  const records = parseGroundingJsonl(readFileSync(jsonlPath, 'utf8'));
  const manifest = readManifest(options.manifestPath ?? join(dirname(jsonlPath), MANIFEST_FILE));
  if (options.episodeId !== undefined && !project.repos.episodes.get(options.episodeId)) {
    throw new GroundingExportError(`episode ${options.episodeId} does not exist in this project`);
  }

  const skipped: ImportGroundingResult['skipped'] = [];
  const pending = records.flatMap((record): PendingAnnotation[] => {
    const image = manifest.images[record.image];
    if (!image) throw new GroundingExportError(`line ${record.line}: image "${record.image}" is not in the manifest`);
    const camera = findCamera(project, image, record, options.episodeId);
    return toAnnotations(record, manifest, camera, image.frame).filter((a) => {
      const twin = existingTwin(project, a, manifest, camera);
      if (twin) skipped.push({ line: a.line, reason: `a ${a.kind} already in the project (annotation ${twin})` });
      return !twin;
    });
  });

  const { labels, annotations, transaction } = project.repos;
  const missing = new Map<string, number>();
  for (const record of records) {
    for (const name of labelsOf(record, manifest)) {
      if (name !== UNLABELLED && !labels.getByName(name) && !missing.has(name)) missing.set(name, record.line);
    }
  }
  if (missing.size > 0 && !options.createLabels) {
    const list = [...missing].sort(([a], [b]) => a.localeCompare(b)).map(([name, line]) => `"${name}" (line ${line})`).join(', ');
    throw new GroundingExportError(`unknown label ${list}: create the label classes first, or import with createLabels`);
  }

  return transaction(() => {
    for (const name of missing.keys()) labels.insert({ name, color: PALETTE[stableHash(name) % PALETTE.length]! });
    const counts: Record<GroundingKind, number> = { point: 0, box: 0, trajectory: 0 };
    const rows: NewAnnotation[] = pending.map(({ label, line: _line, ...a }) => {
      counts[a.kind as GroundingKind]++;
      // "object" is what the export writes for an unlabelled annotation; it stays unlabelled unless a class has that name.
      const labelClassId = labels.getByName(label)?.id ?? null;
      return { ...a, labelClassId, source: 'imported', author: options.author ?? 'import' };
    });
    return { annotationIds: annotations.insertMany(rows), counts, labelsCreated: [...missing.keys()], skipped };
  });
}
