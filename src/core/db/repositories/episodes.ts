/** Episodes with their tasks, cameras and sim ground-truth link. The list query is in episodeList.ts. */
import type { ReviewStatus } from '../../../shared/contract/domain';
import type { Db } from '../connection';
import { fromFlagOrNull, fromJson, fromJsonOrNull, rowId, toFlagOrNull, toJson } from '../codec';
import { createEpisodeListQuery } from './episodeList';

export type { ReviewStatus };

export interface NewEpisode {
  datasetId: number;
  /** The dataset's own episode number (LeRobot's episode_index), not necessarily 0..n-1. */
  index: number;
  instruction?: string;
  /** Every task text the source lists; the list filters on any of them. */
  tasks?: string[];
  length: number;
  fps: number;
  reviewStatus?: ReviewStatus;
  /** Whether the recorded episode succeeded, when the source says. */
  success?: boolean | null;
  metadata?: Record<string, unknown>;
}

export interface Episode {
  id: number;
  datasetId: number;
  index: number;
  instruction: string;
  length: number;
  fps: number;
  reviewStatus: ReviewStatus;
  reviewedBy: string | null;
  reviewedAt: number | null;
  success: boolean | null;
  metadata: Record<string, unknown>;
}

export interface NewCamera {
  episodeId: number;
  name: string;
  /** The source's feature key; defaults to the name. */
  key?: string;
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  /** The video holding this episode's frames, when one file does. */
  mediaFileId?: number | null;
  /** Where the episode starts in that file, seconds (LeRobot v3 packs many episodes in one file). */
  fromTimestamp?: number;
  calibration?: unknown;
  calibrationPath?: string | null;
}

export interface Camera {
  id: number;
  episodeId: number;
  name: string;
  key: string;
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  mediaFileId: number | null;
  fromTimestamp: number;
  calibration: unknown;
  calibrationPath: string | null;
}

export interface SimTruth {
  episodeId: number;
  /** Absolute path of the per-frame ground-truth parquet. */
  truthPath: string;
  seed: number;
  variant: string;
  taskSpec: unknown;
  termination: string | null;
}

type EpisodeRaw = Omit<Episode, 'success' | 'metadata'> & { success: number | null; metadata: string };
type CameraRaw = Omit<Camera, 'calibration'> & { calibration: string | null };
type SimTruthRaw = Omit<SimTruth, 'taskSpec'> & { taskSpec: string };

const EPISODE_COLUMNS = `id, dataset_id AS datasetId, episode_index AS "index", instruction, length, fps,
  review_status AS reviewStatus, reviewed_by AS reviewedBy, reviewed_at AS reviewedAt, success, metadata`;

const CAMERA_COLUMNS = `id, episode_id AS episodeId, name, key, width, height, fps, frame_count AS frameCount,
  media_file_id AS mediaFileId, from_timestamp AS fromTimestamp, calibration, calibration_path AS calibrationPath`;

const toEpisode = (r: EpisodeRaw): Episode => ({ ...r, success: fromFlagOrNull(r.success), metadata: fromJson(r.metadata) });
const toCamera = (r: CameraRaw): Camera => ({ ...r, calibration: fromJsonOrNull(r.calibration) });

export function createEpisodesRepository(db: Db) {
  const insertStmt = db.prepare(`INSERT INTO episodes (dataset_id, episode_index, instruction, length, fps,
      review_status, success, metadata)
    VALUES (@datasetId, @index, @instruction, @length, @fps, @reviewStatus, @success, @metadata)`);
  const insertTaskStmt = db.prepare<[number, string]>(
    'INSERT OR IGNORE INTO episode_tasks (episode_id, task) VALUES (?, ?)',
  );
  const getStmt = db.prepare<[number], EpisodeRaw>(`SELECT ${EPISODE_COLUMNS} FROM episodes WHERE id = ?`);
  const byIndexStmt = db.prepare<[number, number], EpisodeRaw>(
    `SELECT ${EPISODE_COLUMNS} FROM episodes WHERE dataset_id = ? AND episode_index = ?`,
  );
  const tasksStmt = db.prepare<[number], string>('SELECT task FROM episode_tasks WHERE episode_id = ? ORDER BY task').pluck();
  const datasetTasksStmt = db.prepare<[number], { task: string; episodeCount: number }>(`SELECT t.task,
      count(*) AS episodeCount
    FROM episodes e JOIN episode_tasks t ON t.episode_id = e.id
    WHERE e.dataset_id = ? GROUP BY t.task ORDER BY t.task`);
  const reviewStmt = db.prepare<[ReviewStatus, string | null, number, number]>(
    'UPDATE episodes SET review_status = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?',
  );
  // Only from todo: an episode someone already finished, rejected or sent to review keeps its status.
  const startStmt = db.prepare<[string, number, number]>(
    "UPDATE episodes SET review_status = 'in_progress', reviewed_by = ?, reviewed_at = ? WHERE id = ? AND review_status = 'todo'",
  );
  const instructionStmt = db.prepare<[string, number]>('UPDATE episodes SET instruction = ? WHERE id = ?');
  const deleteStmt = db.prepare<[number]>('DELETE FROM episodes WHERE id = ?');

  const insertCameraStmt = db.prepare(`INSERT INTO cameras (episode_id, name, key, width, height, fps, frame_count,
      media_file_id, from_timestamp, calibration, calibration_path)
    VALUES (@episodeId, @name, @key, @width, @height, @fps, @frameCount, @mediaFileId, @fromTimestamp, @calibration,
      @calibrationPath)`);
  const camerasStmt = db.prepare<[number], CameraRaw>(
    `SELECT ${CAMERA_COLUMNS} FROM cameras WHERE episode_id = ? ORDER BY name`,
  );
  const cameraStmt = db.prepare<[number], CameraRaw>(`SELECT ${CAMERA_COLUMNS} FROM cameras WHERE id = ?`);

  const setTruthStmt = db.prepare(`INSERT INTO episode_sim_truth (episode_id, truth_path, seed, variant, task_spec,
      termination)
    VALUES (@episodeId, @truthPath, @seed, @variant, @taskSpec, @termination)
    ON CONFLICT (episode_id) DO UPDATE SET truth_path = excluded.truth_path, seed = excluded.seed,
      variant = excluded.variant, task_spec = excluded.task_spec, termination = excluded.termination`);
  const truthStmt = db.prepare<[number], SimTruthRaw>(`SELECT episode_id AS episodeId, truth_path AS truthPath, seed,
      variant, task_spec AS taskSpec, termination
    FROM episode_sim_truth WHERE episode_id = ?`);

  const insertWithTasks = db.transaction((input: NewEpisode): number => {
    const id = rowId(
      insertStmt.run({
        datasetId: input.datasetId,
        index: input.index,
        instruction: input.instruction ?? '',
        length: input.length,
        fps: input.fps,
        reviewStatus: input.reviewStatus ?? 'todo',
        success: toFlagOrNull(input.success),
        metadata: toJson(input.metadata ?? {}),
      }).lastInsertRowid,
    );
    for (const task of input.tasks ?? []) insertTaskStmt.run(id, task);
    return id;
  });

  return {
    insert(input: NewEpisode): number {
      return insertWithTasks(input);
    },
    get(id: number): Episode | undefined {
      const row = getStmt.get(id);
      return row && toEpisode(row);
    },
    getByIndex(datasetId: number, index: number): Episode | undefined {
      const row = byIndexStmt.get(datasetId, index);
      return row && toEpisode(row);
    },
    list: createEpisodeListQuery(db),
    tasksOf(episodeId: number): string[] {
      return tasksStmt.all(episodeId);
    },
    /** The task filter's choices for one dataset. */
    tasksOfDataset(datasetId: number): { task: string; episodeCount: number }[] {
      return datasetTasksStmt.all(datasetId);
    },
    setReview(id: number, status: ReviewStatus, by: string | null = null, at = Date.now()): boolean {
      return reviewStmt.run(status, by, at, id).changes > 0;
    },
    /** todo → in_progress, when work starts on the episode; true if the status changed. */
    startWork(id: number, by: string, at = Date.now()): boolean {
      return startStmt.run(by, at, id).changes > 0;
    },
    setInstruction(id: number, instruction: string): boolean {
      return instructionStmt.run(instruction, id).changes > 0;
    },
    delete(id: number): boolean {
      return deleteStmt.run(id).changes > 0;
    },

    insertCamera(input: NewCamera): number {
      const result = insertCameraStmt.run({
        episodeId: input.episodeId,
        name: input.name,
        key: input.key ?? input.name,
        width: input.width,
        height: input.height,
        fps: input.fps,
        frameCount: input.frameCount,
        mediaFileId: input.mediaFileId ?? null,
        fromTimestamp: input.fromTimestamp ?? 0,
        calibration: input.calibration === undefined || input.calibration === null ? null : toJson(input.calibration),
        calibrationPath: input.calibrationPath ?? null,
      });
      return rowId(result.lastInsertRowid);
    },
    /** Ordered by name, so every screen lists cameras the same way. */
    camerasOf(episodeId: number): Camera[] {
      return camerasStmt.all(episodeId).map(toCamera);
    },
    getCamera(id: number): Camera | undefined {
      const row = cameraStmt.get(id);
      return row && toCamera(row);
    },

    setSimTruth(truth: SimTruth): void {
      setTruthStmt.run({ ...truth, taskSpec: toJson(truth.taskSpec) });
    },
    simTruth(episodeId: number): SimTruth | undefined {
      const row = truthStmt.get(episodeId);
      return row && { ...row, taskSpec: fromJson(row.taskSpec) };
    },
  };
}

export type EpisodesRepository = ReturnType<typeof createEpisodesRepository>;
