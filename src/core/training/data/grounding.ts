/**
 * Grounding samples for training: the project's point, box and trajectory annotations on the training
 * camera (tracks give every frame they have a value on, keyframes and interpolated, via the shared
 * interpolation), and optionally the built-in environment's ground truth. Targets are normalised to
 * [0, 1] of the camera image. Questions are the annotation's own query, else a QA template paraphrase.
 */
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ApiError } from '../../../shared/contract/errors';
import { BoxGeometry, PointGeometry, TrackGeometry, TrajectoryGeometry } from '../../../shared/contract/annotations';
import { sampleTrack } from '../../../shared/geometry/interpolate';
import { resamplePolyline, type GroundingKind, type GroundingSample } from '../../../shared/training/samples';
import type { Annotation, Camera, Episode } from '../../db/repositories/index';
import { renderQuestion, type QaTemplates } from '../../exports/qaTemplates';
import type { Project } from '../../project/project';
import { PREDICTED_LABEL } from '../../rollouts/sendToAnnotation';

export interface UsedAnnotation {
  id: string;
  /** The row as it was read: any later edit changes the run's annotation hash. */
  content: string;
}

export const TRUTH_LABEL = 'target object';

/** Which annotations become grounding records. */
export interface AnnotationFilter {
  /** Sources kept; all when left out. */
  sources?: readonly string[];
  /** Keep model predictions sent from rollouts that no person has corrected. */
  predictions: boolean;
}

/**
 * A model's guess as rollouts.sendToAnnotation stored it: source 'imported', label "predicted target", and
 * never changed since. A person's edit keeps the source 'imported' (only automatic sources turn manual) and
 * the label, but moves updatedAt past createdAt; relabelling changes the label. Either makes it count.
 */
export function isUncorrectedPrediction(annotation: Annotation, label: string | undefined): boolean {
  return annotation.source === 'imported' && label === PREDICTED_LABEL && annotation.updatedAt === annotation.createdAt;
}

function normalisedTarget(kind: GroundingKind, geometry: unknown, camera: Camera): number[] | null {
  const [w, h] = [camera.width, camera.height];
  if (kind === 'point') {
    const p = PointGeometry.safeParse(geometry);
    return p.success ? [p.data.x / w, p.data.y / h] : null;
  }
  if (kind === 'box') {
    const b = BoxGeometry.safeParse(geometry);
    return b.success ? [b.data.x1 / w, b.data.y1 / h, b.data.x2 / w, b.data.y2 / h] : null;
  }
  const t = TrajectoryGeometry.safeParse(geometry);
  return t.success ? resamplePolyline(t.data.points).flatMap((p) => [p.x / w, p.y / h]) : null;
}

/** Every (frame, value) an annotation grounds: one for a frame annotation, each valued frame of a track. */
function framesOf(annotation: Annotation, last: number): { frame: number; geometry: unknown }[] {
  if (!annotation.isTrack) return [{ frame: annotation.frameStart, geometry: annotation.geometry }];
  const track = TrackGeometry.safeParse(annotation.geometry);
  if (!track.success) return [];
  const to = Math.min(annotation.frameEnd, last);
  return sampleTrack(track.data, annotation.frameStart, to).flatMap((s) => (s.value === null ? [] : [{ frame: s.frame, geometry: s.value }]));
}

export function annotationSamples(
  project: Project,
  episodes: readonly Episode[],
  cameraName: string,
  templates: QaTemplates,
  filter: AnnotationFilter = { predictions: true },
): { samples: GroundingSample[]; used: UsedAnnotation[] } {
  const { repos } = project;
  const labels = new Map(repos.labels.list().map((l) => [l.id, l.name]));
  const samples: GroundingSample[] = [];
  const used: UsedAnnotation[] = [];
  for (const episode of episodes) {
    const camera = repos.episodes.camerasOf(episode.id).find((c) => c.name === cameraName);
    if (!camera) continue;
    for (const annotation of repos.annotations.listByEpisode(episode.id, camera.id)) {
      const kind = annotation.kind as GroundingKind;
      if (kind !== 'point' && kind !== 'box' && kind !== 'trajectory') continue;
      if (filter.sources && !filter.sources.includes(annotation.source)) continue;
      const labelName = annotation.labelClassId !== null ? labels.get(annotation.labelClassId) : undefined;
      if (!filter.predictions && isUncorrectedPrediction(annotation, labelName)) continue;
      const label = labelName || 'object';
      const objectPath = kind === 'trajectory' && (annotation.geometry as { of?: string } | null)?.of === 'object';
      let usedIt = false;
      for (const { frame, geometry } of framesOf(annotation, episode.length - 1)) {
        if (frame >= episode.length) continue;
        const target = normalisedTarget(kind, geometry, camera);
        if (!target || !target.every(Number.isFinite)) continue;
        const query = annotation.query?.trim() ||
          renderQuestion(templates, objectPath ? 'objectTrajectory' : kind, `${annotation.id}@${frame}`, { instruction: episode.instruction, label });
        samples.push({ episodeId: episode.id, frame, query, kind, target, source: annotation.id });
        usedIt = true;
      }
      if (usedIt) {
        const { id, kind: k, frameStart, frameEnd, isTrack, geometry, labelClassId, query, updatedAt } = annotation;
        used.push({ id, content: JSON.stringify([k, frameStart, frameEnd, isTrack, geometry, labelClassId, query, updatedAt]) });
      }
    }
  }
  return { samples, used };
}

type TruthRow = Record<string, unknown>;

/**
 * The environment's per-frame truth for sim episodes: the target object's point and box and the
 * gripper's future path, every `stride` frames. Episodes without truth contribute nothing.
 */
export async function truthSamples(
  project: Project,
  episodes: readonly Episode[],
  cameraName: string,
  templates: QaTemplates,
  stride = 1,
): Promise<{ samples: GroundingSample[]; episodes: number[] }> {
  const samples: GroundingSample[] = [];
  const withTruth: number[] = [];
  for (const episode of episodes) {
    const truth = project.repos.episodes.simTruth(episode.id);
    const camera = project.repos.episodes.camerasOf(episode.id).find((c) => c.name === cameraName);
    if (!truth || !camera) continue;
    const targetId = (truth.taskSpec as { targetId?: string } | null)?.targetId;
    const columns = ['frame_index', `${cameraName}.target`, `${cameraName}.boxes`, `${cameraName}.trace`];
    let rows: TruthRow[];
    try {
      rows = (await parquetReadObjects({ file: await asyncBufferFromFile(truth.truthPath), columns, compressors })) as TruthRow[];
    } catch (error) {
      throw new ApiError('bad_request', `groundTruth: the truth file of episode ${episode.index} (${truth.truthPath}) has no readable ${columns.slice(1).join(', ')}: ${(error as Error).message}`);
    }
    const [w, h] = [camera.width, camera.height];
    const add = (frame: number, kind: GroundingKind, target: number[] | null) => {
      if (!target || !target.every(Number.isFinite)) return;
      const query = renderQuestion(templates, kind, `truth:${episode.id}:${kind}@${frame}`, { instruction: episode.instruction, label: TRUTH_LABEL });
      samples.push({ episodeId: episode.id, frame, query, kind, target, source: `truth:${episode.id}` });
    };
    for (const row of rows) {
      const frame = Number(row.frame_index);
      if (frame % stride !== 0 || frame >= episode.length) continue;
      const point = row[`${cameraName}.target`] as ArrayLike<number> | null;
      add(frame, 'point', point ? [point[0]! / w, point[1]! / h] : null);
      const boxes = JSON.parse(String(row[`${cameraName}.boxes`] ?? '[]')) as { id: string; box: number[] | null }[];
      const box = boxes.find((b) => b.id === targetId)?.box;
      add(frame, 'box', box ? [box[0]! / w, box[1]! / h, box[2]! / w, box[3]! / h] : null);
      const trace = Array.from((row[`${cameraName}.trace`] as ArrayLike<number> | null) ?? []);
      const points = Array.from({ length: trace.length / 2 }, (_, i) => ({ x: trace[2 * i]!, y: trace[2 * i + 1]! }));
      add(frame, 'trajectory', points.length > 0 ? resamplePolyline(points).flatMap((p) => [p.x / w, p.y / h]) : null);
    }
    withTruth.push(episode.id);
  }
  return { samples, episodes: withTruth };
}
