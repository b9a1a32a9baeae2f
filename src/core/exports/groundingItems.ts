/**
 * Gathers what a grounding export needs from a project: every point, box and trajectory (tracks give
 * their keyframes that have a value), with the frame, camera and episode each belongs to.
 */
import {
  BoxGeometry,
  PointGeometry,
  TrackGeometry,
  TrajectoryGeometry,
} from '../../shared/contract/annotations';
import type { Annotation, Camera, Episode } from '../db/repositories/index';
import type { Project } from '../project/project';
import { GroundingExportError } from './errors';

export type GroundingKind = 'point' | 'box' | 'trajectory';
export const GROUNDING_KINDS: readonly GroundingKind[] = ['point', 'box', 'trajectory'];

/** One frame of one camera, as the export names and sizes its image. */
export interface FrameRef {
  datasetId: number;
  datasetName: string;
  episodeId: number;
  episodeIndex: number;
  instruction: string;
  cameraId: number;
  cameraName: string;
  /** The camera's own pixel frame, which stored coordinates are in. */
  width: number;
  height: number;
  frame: number;
}

export type GroundingItem = { annotationId: string; frame: FrameRef; label: string } & (
  | { kind: 'point'; geometry: PointGeometry }
  | { kind: 'box'; geometry: BoxGeometry }
  | { kind: 'trajectory'; geometry: TrajectoryGeometry }
);

export interface GroundingSelection {
  /** Only these episodes (ids); all annotated episodes when left out. */
  episodeIds?: number[];
  /** Only episodes of these datasets (ids). */
  datasetIds?: number[];
  /** Only annotations with these label class names. */
  labels?: string[];
}

/** The label of an annotation without a class: the answer still needs a noun. */
export const UNLABELLED = 'object';

function annotatedEpisodes(project: Project, ids: number[] | undefined): Episode[] {
  const { episodes } = project.repos;
  if (ids) {
    return ids.map((id) => {
      const episode = episodes.get(id);
      if (!episode) throw new GroundingExportError(`episode ${id} does not exist in this project`);
      return episode;
    });
  }
  const found: Episode[] = [];
  for (let offset = 0; ; offset += 5000) {
    const page = episodes.list({ hasAnnotations: true, limit: 5000, offset });
    for (const row of page.rows) found.push(episodes.get(row.id)!);
    if (offset + page.rows.length >= page.total || page.rows.length === 0) break;
  }
  return found;
}

function labelFilter(project: Project, names: string[] | undefined): Set<number> | null {
  if (!names) return null;
  const ids = new Set<number>();
  const unknown: string[] = [];
  for (const name of names) {
    const label = project.repos.labels.getByName(name);
    if (label) ids.add(label.id);
    else unknown.push(name);
  }
  if (unknown.length > 0) {
    const known = project.repos.labels.list().map((l) => l.name);
    throw new GroundingExportError(
      `unknown label ${unknown.map((n) => `"${n}"`).join(', ')}; this project has ${known.length ? known.map((n) => `"${n}"`).join(', ') : 'no label classes'}`,
    );
  }
  return ids;
}

/** A track is exported as its keyframes that hold a value; absent spans have nothing to ground. */
function expand(annotation: Annotation): { frame: number; kind: GroundingKind; geometry: unknown }[] {
  const kind = annotation.kind as GroundingKind;
  if (!GROUNDING_KINDS.includes(kind)) return [];
  if (!annotation.isTrack) return [{ frame: annotation.frameStart, kind, geometry: annotation.geometry }];
  const track = TrackGeometry.safeParse(annotation.geometry);
  if (!track.success) return [];
  return track.data.keyframes.flatMap((k) => (k.value === null ? [] : [{ frame: k.frame, kind, geometry: k.value }]));
}

const SCHEMAS = { point: PointGeometry, box: BoxGeometry, trajectory: TrajectoryGeometry } as const;

function datasetFilter(project: Project, ids: number[] | undefined): Set<number> | null {
  if (!ids) return null;
  for (const id of ids) {
    if (!project.repos.datasets.get(id)) throw new GroundingExportError(`dataset ${id} does not exist in this project`);
  }
  return new Set(ids);
}

export function collectGroundingItems(project: Project, selection: GroundingSelection = {}): GroundingItem[] {
  const { repos } = project;
  const onlyLabels = labelFilter(project, selection.labels);
  const onlyDatasets = datasetFilter(project, selection.datasetIds);
  const labelNames = new Map(repos.labels.list().map((l) => [l.id, l.name]));
  const items: GroundingItem[] = [];
  for (const episode of annotatedEpisodes(project, selection.episodeIds)) {
    if (onlyDatasets && !onlyDatasets.has(episode.datasetId)) continue;
    const dataset = repos.datasets.get(episode.datasetId)!;
    const cameras = new Map<number, Camera>(repos.episodes.camerasOf(episode.id).map((c) => [c.id, c]));
    for (const annotation of repos.annotations.listByEpisode(episode.id)) {
      if (onlyLabels && (annotation.labelClassId === null || !onlyLabels.has(annotation.labelClassId))) continue;
      const camera = cameras.get(annotation.cameraId);
      if (!camera) continue;
      const label = (annotation.labelClassId !== null && labelNames.get(annotation.labelClassId)) || UNLABELLED;
      for (const part of expand(annotation)) {
        const parsed = SCHEMAS[part.kind].safeParse(part.geometry);
        // A row the editor would refuse is left out rather than exported with made-up numbers.
        if (!parsed.success) continue;
        const frame: FrameRef = {
          datasetId: dataset.id, datasetName: dataset.name, episodeId: episode.id, episodeIndex: episode.index,
          instruction: episode.instruction, cameraId: camera.id, cameraName: camera.name,
          width: camera.width, height: camera.height, frame: part.frame,
        };
        items.push({ annotationId: annotation.id, frame, label, kind: part.kind, geometry: parsed.data } as GroundingItem);
      }
    }
  }
  return items;
}
