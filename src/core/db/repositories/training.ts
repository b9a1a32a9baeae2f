/** Training runs with the datasets they used, their checkpoints and their metric series. */
import type { Db } from '../connection';
import { fromJson, rowId, toFlag, toJson } from '../codec';
import { hasEnded } from '../../../shared/contract/training';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
/** Stage 1 learns spatial grounding (points, boxes, trajectories); stage 2 learns actions from it. */
export type TrainingStage = 'grounding' | 'action';

export interface NewRun {
  name: string;
  stage: TrainingStage;
  config: unknown;
  /** Relative to the project folder, under runs/. */
  runDir: string;
  datasetIds?: number[];
  /** Stage 2 starts from a stage-1 checkpoint. */
  initCheckpointId?: number | null;
  /** The stage-1 run of the chain this stage-2 run belongs to. */
  parentRunId?: number | null;
  /** A chain's stage-1 run: the stage-2 run to start when it succeeds. */
  nextStage?: NextStage | null;
  createdAt?: number;
}

/** The stage 2 a chain's stage-1 run starts from its last checkpoint. */
export interface NextStage {
  name: string;
  config: unknown;
  datasetIds: number[];
}

export interface Run {
  id: number;
  name: string;
  stage: TrainingStage;
  status: RunStatus;
  initCheckpointId: number | null;
  config: unknown;
  backend: string | null;
  runDir: string;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  datasetIds: number[];
  parentRunId: number | null;
  nextStage: NextStage | null;
}

export interface NewCheckpoint {
  runId: number;
  step: number;
  epoch?: number | null;
  /** Relative to the project folder. */
  path: string;
  sizeBytes?: number | null;
  metrics?: Record<string, number>;
  createdAt?: number;
}

export interface Checkpoint extends Required<NewCheckpoint> {
  id: number;
  isBest: boolean;
}

export interface MetricPoint {
  name: string;
  step: number;
  value: number;
  wallTime: number;
}

type RunRaw = Omit<Run, 'config' | 'datasetIds' | 'nextStage'> & { config: string; datasetIds: string; nextStage: string | null };
type CheckpointRaw = Omit<Checkpoint, 'metrics' | 'isBest'> & { metrics: string; isBest: number };

const RUN_COLUMNS = `r.id, r.name, r.stage, r.status, r.init_checkpoint_id AS initCheckpointId, r.config, r.backend,
  r.run_dir AS runDir, r.error, r.created_at AS createdAt, r.started_at AS startedAt, r.finished_at AS finishedAt,
  r.parent_run_id AS parentRunId, r.next_stage AS nextStage,
  (SELECT json_group_array(d.dataset_id) FROM run_datasets d WHERE d.run_id = r.id) AS datasetIds`;

const CHECKPOINT_COLUMNS = `id, run_id AS runId, step, epoch, path, size_bytes AS sizeBytes, metrics,
  is_best AS isBest, created_at AS createdAt`;

const toRun = (r: RunRaw): Run => ({
  ...r,
  config: fromJson(r.config),
  datasetIds: fromJson(r.datasetIds),
  nextStage: r.nextStage === null ? null : fromJson(r.nextStage),
});
const toCheckpoint = (r: CheckpointRaw): Checkpoint => ({ ...r, metrics: fromJson(r.metrics), isBest: r.isBest === 1 });


export function createTrainingRepository(db: Db) {
  const insertRunStmt = db.prepare(`INSERT INTO training_runs (name, stage, init_checkpoint_id, config, run_dir, created_at,
      parent_run_id, next_stage)
    VALUES (@name, @stage, @initCheckpointId, @config, @runDir, @createdAt, @parentRunId, @nextStage)`);
  const clearNextStmt = db.prepare<[number]>('UPDATE training_runs SET next_stage = NULL WHERE id = ? AND next_stage IS NOT NULL');
  const linkStmt = db.prepare<[number, number]>('INSERT OR IGNORE INTO run_datasets (run_id, dataset_id) VALUES (?, ?)');
  const getRunStmt = db.prepare<[number], RunRaw>(`SELECT ${RUN_COLUMNS} FROM training_runs r WHERE r.id = ?`);
  const listRunsStmt = db.prepare<[], RunRaw>(`SELECT ${RUN_COLUMNS} FROM training_runs r ORDER BY r.id DESC`);
  const statusStmt = db.prepare(`UPDATE training_runs SET status = @status, backend = coalesce(@backend, backend),
      error = @error,
      started_at = CASE WHEN @status = 'running' THEN coalesce(started_at, @at) ELSE started_at END,
      finished_at = CASE WHEN @terminal THEN @at ELSE finished_at END
    WHERE id = @id`);
  const deleteRunStmt = db.prepare<[number]>('DELETE FROM training_runs WHERE id = ?');

  const insertCheckpointStmt = db.prepare(`INSERT INTO checkpoints (run_id, step, epoch, path, size_bytes, metrics,
      created_at)
    VALUES (@runId, @step, @epoch, @path, @sizeBytes, @metrics, @createdAt)`);
  const checkpointsStmt = db.prepare<[number], CheckpointRaw>(
    `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE run_id = ? ORDER BY step`,
  );
  const checkpointStmt = db.prepare<[number], CheckpointRaw>(`SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE id = ?`);
  const clearBestStmt = db.prepare<[number]>('UPDATE checkpoints SET is_best = 0 WHERE run_id = ? AND is_best = 1');
  const setBestStmt = db.prepare<[number]>('UPDATE checkpoints SET is_best = 1 WHERE id = ?');

  // A resumed run may report a step again; the newer value wins.
  const metricStmt = db.prepare<[number, string, number, number, number]>(
    'INSERT OR REPLACE INTO metrics (run_id, name, step, value, wall_time) VALUES (?, ?, ?, ?, ?)',
  );
  const metricsStmt = db.prepare<[number], MetricPoint>(
    'SELECT name, step, value, wall_time AS wallTime FROM metrics WHERE run_id = ? ORDER BY name, step',
  );
  const seriesStmt = db.prepare<[number, string, number], MetricPoint>(`SELECT name, step, value, wall_time AS wallTime
    FROM metrics WHERE run_id = ? AND name = ? AND step > ? ORDER BY step`);
  const metricNamesStmt = db.prepare<[number], string>('SELECT DISTINCT name FROM metrics WHERE run_id = ? ORDER BY name').pluck();

  const createRun = db.transaction((input: NewRun): number => {
    const id = rowId(
      insertRunStmt.run({
        name: input.name,
        stage: input.stage,
        initCheckpointId: input.initCheckpointId ?? null,
        config: toJson(input.config),
        runDir: input.runDir,
        createdAt: input.createdAt ?? Date.now(),
        parentRunId: input.parentRunId ?? null,
        nextStage: input.nextStage ? toJson(input.nextStage) : null,
      }).lastInsertRowid,
    );
    for (const datasetId of input.datasetIds ?? []) linkStmt.run(id, datasetId);
    return id;
  });
  const startNextStage = db.transaction((parentId: number, input: NewRun): number | null => {
    if (clearNextStmt.run(parentId).changes === 0) return null;
    return createRun(input);
  });
  const markBest = db.transaction((checkpointId: number): boolean => {
    const checkpoint = checkpointStmt.get(checkpointId);
    if (!checkpoint) return false;
    clearBestStmt.run(checkpoint.runId);
    setBestStmt.run(checkpointId);
    return true;
  });
  const appendMetrics = db.transaction((runId: number, points: Iterable<Omit<MetricPoint, 'wallTime'> & { wallTime?: number }>) => {
    const now = Date.now();
    for (const p of points) metricStmt.run(runId, p.name, p.step, p.value, p.wallTime ?? now);
  });

  return {
    createRun(input: NewRun): number {
      return createRun(input);
    },
    getRun(id: number): Run | undefined {
      const row = getRunStmt.get(id);
      return row && toRun(row);
    },
    /** Newest first. */
    listRuns(): Run[] {
      return listRunsStmt.all().map(toRun);
    },
    /** Stamps started_at on the first 'running' and finished_at on a terminal status. */
    setStatus(id: number, status: RunStatus, extra: { backend?: string; error?: string; at?: number } = {}): boolean {
      return (
        statusStmt.run({
          id,
          status,
          backend: extra.backend ?? null,
          error: extra.error ?? null,
          at: extra.at ?? Date.now(),
          terminal: toFlag(hasEnded(status)),
        }).changes > 0
      );
    },
    /** Records a chain's stage-2 run and takes the pending stage off its stage-1 run; null when it was taken already. */
    startNextStage(parentId: number, input: NewRun): number | null {
      return startNextStage(parentId, input);
    },
    /** Removes the run with its checkpoints, metrics and evaluations. The run folder is the caller's. */
    deleteRun(id: number): boolean {
      return deleteRunStmt.run(id).changes > 0;
    },

    addCheckpoint(input: NewCheckpoint): number {
      const result = insertCheckpointStmt.run({
        runId: input.runId,
        step: input.step,
        epoch: input.epoch ?? null,
        path: input.path,
        sizeBytes: input.sizeBytes ?? null,
        metrics: toJson(input.metrics ?? {}),
        createdAt: input.createdAt ?? Date.now(),
      });
      return rowId(result.lastInsertRowid);
    },
    getCheckpoint(id: number): Checkpoint | undefined {
      const row = checkpointStmt.get(id);
      return row && toCheckpoint(row);
    },
    checkpointsOf(runId: number): Checkpoint[] {
      return checkpointsStmt.all(runId).map(toCheckpoint);
    },
    /** One best checkpoint per run. */
    markBest(checkpointId: number): boolean {
      return markBest(checkpointId);
    },

    appendMetrics(runId: number, points: Iterable<Omit<MetricPoint, 'wallTime'> & { wallTime?: number }>): void {
      appendMetrics(runId, points);
    },
    /** Every series of a run, ordered by name then step. */
    metricsOf(runId: number): MetricPoint[] {
      return metricsStmt.all(runId);
    },
    /** One series after a step, for charts that follow a live run. */
    series(runId: number, name: string, afterStep = -1): MetricPoint[] {
      return seriesStmt.all(runId, name, afterStep);
    },
    metricNames(runId: number): string[] {
      return metricNamesStmt.all(runId);
    },
  };
}

export type TrainingRepository = ReturnType<typeof createTrainingRepository>;
