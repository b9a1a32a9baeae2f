/**
 * Sending a rollout to annotation: it becomes an episode of the project's "Rollouts" dataset, pointing at
 * the rollout's own videos (nothing is copied), with its state and executed actions as signals, marked
 * needs_review, and the model's predictions on the chosen steps as editable annotations on the policy
 * camera. The episode's index is the rollout's id, so sending again finds it.
 *
 * Videos are probed before the transaction (ffprobe is async); everything written happens in one
 * transaction, so a failure leaves no dataset, episode, label or annotation behind. No file is written.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../shared/contract/errors';
import type { RolloutRecord } from '../../shared/rollouts/record';
import { ACTION_NAMES, STATE_NAMES } from '../../sim/types';
import { applyChanges } from '../annotations/apply';
import { createLabel } from '../annotations/labels';
import { probeVideoHeader } from '../datasets/lerobot/probe';
import type { VideoProbe } from '../datasets/lerobot/types';
import type { CatalogRollout, Episode, Repositories } from '../db/repositories';
import { resolveInProject, type Project } from '../project/project';
import { chooseSteps, predictedChanges } from './predictedAnnotations';
import { readStoredRecord, RolloutFolderError, ROLLOUTS_FOLDER } from './store';

export const ROLLOUT_DATASET = 'Rollouts';
export const ROLLOUT_SOURCE_FORMAT = 'rollout';
export const PREDICTED_LABEL = 'predicted target';
const PREDICTED_COLOR = '#ff8c00';
export const SEND_COMMAND = 'rollouts.sendToAnnotation';

export interface SendOptions {
  /** Steps to annotate; every predicting step (thinned when many) when left out. */
  steps?: number[];
  author: string;
}

export interface SendResult {
  episodeId: number;
  datasetId: number;
  /** Annotations the episode holds. */
  annotations: number;
  created: boolean;
  /** The ids of the annotations made by this call (none when the episode existed). */
  annotationIds: string[];
  labelCreated: boolean;
}

interface ProbedCamera {
  name: string;
  path: string;
  calibration: unknown;
  probe: VideoProbe;
  sizeBytes: number;
  mtimeMs: number;
}

/** The project's rollouts dataset, found by its format (a user may own a dataset named "Rollouts"). */
function rolloutDataset(repos: Repositories) {
  return repos.datasets.list().find((d) => d.sourceFormat === ROLLOUT_SOURCE_FORMAT);
}

/** The episode a rollout was sent as, if it was; refused when the episode belongs to another rollout of the same id. */
function existingEpisode(repos: Repositories, rollout: CatalogRollout): { datasetId: number; episode: Episode } | null {
  const dataset = rolloutDataset(repos);
  const episode = dataset && repos.episodes.getByIndex(dataset.id, rollout.id);
  if (!dataset || !episode) return null;
  const m = episode.metadata;
  // Ids of deleted rows are reused; the time the rollout was stored tells an old rollout from a new one.
  if (m.evaluationId !== rollout.evaluationId || m.rolloutIndex !== rollout.index || m.rolloutCreatedAt !== rollout.createdAt) {
    throw new ApiError(
      'conflict',
      `id: episode ${episode.id} of "${dataset.name}" holds an earlier rollout ${rollout.id} (evaluation ${String(m.evaluationId)}), since deleted; delete that episode to send this one`,
    );
  }
  return { datasetId: dataset.id, episode };
}

function found(repos: Repositories, existing: { datasetId: number; episode: Episode }): SendResult {
  return {
    episodeId: existing.episode.id,
    datasetId: existing.datasetId,
    annotations: repos.annotations.countByEpisode(existing.episode.id),
    created: false,
    annotationIds: [],
    labelCreated: false,
  };
}

/** The stored record, or not_found naming the rollout and the file that is missing or broken. */
function readRecord(project: Project, rollout: CatalogRollout): RolloutRecord {
  try {
    return readStoredRecord(project, rollout);
  } catch (error) {
    if (error instanceof RolloutFolderError) throw new ApiError('not_found', `rollout ${rollout.id}: ${error.message}`);
    if (error instanceof Error) throw new ApiError('bad_request', `rollout ${rollout.id}: its rollout.json cannot be read (${error.message.split('\n')[0]})`);
    throw error;
  }
}

/** Each camera's video as the catalog lists it (or as the folder names it), checked and probed. */
async function probeCameras(project: Project, rollout: CatalogRollout, record: RolloutRecord): Promise<ProbedCamera[]> {
  const listed = rollout.cameras.length > 0
    ? rollout.cameras
    : record.cameras.map((name) => ({ name, path: `${rollout.folder}/${name}.mp4`, calibration: undefined }));
  const out: ProbedCamera[] = [];
  for (const camera of listed) {
    const file = resolveInProject(project, camera.path);
    if (!existsSync(file)) throw new ApiError('not_found', `rollout ${rollout.id}: the video of camera "${camera.name}" (${camera.path}) is missing`);
    let probe: VideoProbe;
    try {
      probe = await probeVideoHeader(file);
    } catch (error) {
      throw new ApiError('bad_request', `rollout ${rollout.id}: the video of camera "${camera.name}" (${camera.path}) cannot be read: ${(error as Error).message}`);
    }
    const info = statSync(file);
    out.push({ name: camera.name, path: camera.path, calibration: camera.calibration ?? null, probe, sizeBytes: info.size, mtimeMs: Math.round(info.mtimeMs) });
  }
  return out;
}

/** Rows of one vector per step, when every step has one of the same length; else nothing (no half signal). */
function stepVectors(record: RolloutRecord, pick: (s: RolloutRecord['steps'][number]) => number[] | undefined): { dims: number; values: Float32Array } | null {
  const rows = record.steps.map(pick);
  const dims = rows[0]?.length ?? 0;
  if (dims === 0 || rows.some((r) => !r || r.length !== dims)) return null;
  return { dims, values: Float32Array.from(rows.flatMap((r) => r!)) };
}

/** The environment's names for its vectors, when the rollout is the environment's; LeRobot's fallback names otherwise. */
function dimNames(record: RolloutRecord, prefix: 'state' | 'action', dims: number): string[] {
  const sim = prefix === 'state' ? STATE_NAMES : ACTION_NAMES;
  if (record.source === 'sim' && sim.length === dims) return [...sim];
  return Array.from({ length: dims }, (_, i) => `${prefix}_${i}`);
}

export async function sendToAnnotation(project: Project, rolloutId: number, options: SendOptions): Promise<SendResult> {
  const { repos } = project;
  const rollout = repos.rolloutCatalog.get(rolloutId);
  if (!rollout) throw new ApiError('not_found', `id: there is no rollout ${rolloutId}`);
  const before = existingEpisode(repos, rollout);
  if (before) return found(repos, before);

  const record = readRecord(project, rollout);
  const steps = chooseSteps(record, options.steps);
  const policyCamera = record.policyCamera;
  if (options.steps && steps.length > 0 && (!policyCamera || !record.cameras.includes(policyCamera))) {
    throw new ApiError('bad_request', `steps: rollout ${rolloutId} names no policy camera among its cameras, so its predictions cannot be placed`);
  }
  const cameras = await probeCameras(project, rollout, record);

  return repos.transaction(() => {
    // Another call may have sent it while the videos were probed.
    const raced = existingEpisode(repos, rollout);
    if (raced) return found(repos, raced);
    const length = record.steps.length;
    const datasetId = rolloutDataset(repos)?.id ?? repos.datasets.insert({
      name: repos.datasets.uniqueName(ROLLOUT_DATASET),
      sourceFormat: ROLLOUT_SOURCE_FORMAT,
      sourcePath: join(project.dir, ROLLOUTS_FOLDER),
      fps: record.fps,
      // The videos are the project's own (rollouts/<id>/), not a source folder that could move.
      copyMedia: true,
    });
    const episodeId = repos.episodes.insert({
      datasetId,
      index: rollout.id,
      instruction: record.instruction,
      tasks: record.instruction ? [record.instruction] : [],
      length,
      fps: record.fps,
      reviewStatus: 'needs_review',
      success: record.success,
      metadata: {
        rolloutId: rollout.id,
        evaluationId: rollout.evaluationId,
        rolloutIndex: rollout.index,
        rolloutCreatedAt: rollout.createdAt,
        checkpointId: rollout.checkpointId,
        variant: rollout.variant,
        seed: rollout.seed,
        taskFamily: rollout.taskFamily,
        reason: record.reason,
        source: record.source,
      },
    });
    const media = new Map(repos.datasets.listMediaFiles(datasetId).map((m) => [m.path, m.id]));
    for (const camera of cameras) {
      const fps = camera.probe.fps ?? record.fps;
      // A row left by an episode of this rollout deleted earlier is reused: a path is unique within a dataset.
      const mediaFileId = media.get(camera.path) ?? repos.datasets.insertMediaFile({
        datasetId, path: camera.path, inProject: true, kind: 'video', codec: camera.probe.codec, pixFmt: camera.probe.pixFmt,
        sizeBytes: camera.sizeBytes, mtimeMs: camera.mtimeMs,
      });
      const frameCount = Math.min(length, camera.probe.frameCount ?? length);
      const cameraId = repos.episodes.insertCamera({
        episodeId, name: camera.name, width: camera.probe.width, height: camera.probe.height, fps, frameCount, mediaFileId,
        calibration: camera.calibration,
      });
      repos.frames.insertMany(cameraId, Array.from({ length: frameCount }, (_, i) => ({ frameIndex: i, timestamp: i / record.fps, mediaFileId, pts: i / fps })));
    }
    const state = stepVectors(record, (s) => s.state);
    if (state) repos.signals.put({ episodeId, name: 'state', dimNames: dimNames(record, 'state', state.dims), values: state.values });
    const action = stepVectors(record, (s) => s.executed);
    if (action) repos.signals.put({ episodeId, name: 'action', dimNames: dimNames(record, 'action', action.dims), values: action.values });

    const camera = cameras.find((c) => c.name === policyCamera);
    if (!camera || steps.length === 0) return { episodeId, datasetId, annotations: 0, created: true, annotationIds: [], labelCreated: false };
    const existingLabel = repos.labels.getByName(PREDICTED_LABEL);
    const label = existingLabel ?? createLabel(repos, {
      name: PREDICTED_LABEL, color: PREDICTED_COLOR, description: "The policy's own prediction, from a rollout sent to annotation: correct or delete it",
    }, options.author);
    const changes = predictedChanges(record, steps, { name: camera.name, width: camera.probe.width, height: camera.probe.height }, label.id);
    if (changes.length === 0) return { episodeId, datasetId, annotations: 0, created: true, annotationIds: [], labelCreated: !existingLabel };
    const applied = applyChanges(repos, {
      episodeId, command: { name: SEND_COMMAND, undoable: true }, changes, frame: steps[0]!, camera: camera.name,
    }, options.author);
    const annotationIds = applied.stored.map((a) => a.id);
    return { episodeId, datasetId, annotations: annotationIds.length, created: true, annotationIds, labelCreated: !existingLabel };
  });
}
