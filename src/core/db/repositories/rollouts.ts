/** Evaluations (batches of rollouts), rollouts and their steps. The list query is in rolloutList.ts. */
import type { Db } from '../connection';
import { blobToFloat32, float32ToBlob, fromFlagOrNull, fromJson, fromJsonOrNull, rowId, toFlagOrNull, toJson } from '../codec';
import type { RunStatus } from './training';
import { createRolloutListQuery } from './rolloutList';

export type EvaluationSource = 'sim' | 'imported' | 'recorded';

export interface NewEvaluation {
  name: string;
  source: EvaluationSource;
  runId?: number | null;
  checkpointId?: number | null;
  config?: unknown;
  createdAt?: number;
}

export interface Evaluation {
  id: number;
  name: string;
  source: EvaluationSource;
  runId: number | null;
  checkpointId: number | null;
  status: RunStatus;
  config: unknown;
  /** E.g. success rate per variant, written when the evaluation ends. */
  summary: unknown;
  createdAt: number;
  finishedAt: number | null;
}

export interface RolloutCamera {
  name: string;
  width: number;
  height: number;
  /** Video or image folder, relative to the project folder; step i is frame i. */
  path: string;
  calibration?: unknown;
}

export interface NewRollout {
  evaluationId: number;
  index: number;
  episodeId?: number | null;
  variant?: string | null;
  seed?: number | null;
  instruction?: string;
  success?: boolean | null;
  termination?: string | null;
  length?: number;
  fps: number;
  stateDims?: string[];
  actionDims?: string[];
  cameras?: RolloutCamera[];
  metadata?: Record<string, unknown>;
  createdAt?: number;
}

export interface Rollout extends Required<Omit<NewRollout, 'success'>> {
  id: number;
  success: boolean | null;
}

export interface RolloutStep {
  step: number;
  timestamp: number;
  state: Float32Array | null;
  action: Float32Array | null;
  /** Stage-1 outputs at this step (points, boxes, trajectory), as the policy gave them. */
  prediction: unknown;
  reward: number | null;
}

/** What a recorder hands in: prediction and reward may be left out. */
export type NewRolloutStep = Omit<RolloutStep, 'prediction' | 'reward'> & Partial<RolloutStep>;

type EvaluationRaw = Omit<Evaluation, 'config' | 'summary'> & { config: string; summary: string | null };
type RolloutRaw = Omit<Rollout, 'success' | 'stateDims' | 'actionDims' | 'cameras' | 'metadata'> & {
  success: number | null;
  stateDims: string;
  actionDims: string;
  cameras: string;
  metadata: string;
};
type StepRaw = Omit<RolloutStep, 'state' | 'action' | 'prediction'> & {
  state: Buffer | null;
  action: Buffer | null;
  prediction: string | null;
};

const EVALUATION_COLUMNS = `id, name, source, run_id AS runId, checkpoint_id AS checkpointId, status, config, summary,
  created_at AS createdAt, finished_at AS finishedAt`;
const ROLLOUT_COLUMNS = `id, evaluation_id AS evaluationId, rollout_index AS "index", episode_id AS episodeId, variant,
  seed, instruction, success, termination, length, fps, state_dims AS stateDims, action_dims AS actionDims, cameras,
  metadata, created_at AS createdAt`;

const toEvaluation = (r: EvaluationRaw): Evaluation => ({ ...r, config: fromJson(r.config), summary: fromJsonOrNull(r.summary) });
const toRollout = (r: RolloutRaw): Rollout => ({
  ...r,
  success: fromFlagOrNull(r.success),
  stateDims: fromJson(r.stateDims),
  actionDims: fromJson(r.actionDims),
  cameras: fromJson(r.cameras),
  metadata: fromJson(r.metadata),
});
const toStep = (r: StepRaw): RolloutStep => ({
  ...r,
  state: r.state && blobToFloat32(r.state),
  action: r.action && blobToFloat32(r.action),
  prediction: fromJsonOrNull(r.prediction),
});

export function createRolloutsRepository(db: Db) {
  const insertEvaluationStmt = db.prepare(`INSERT INTO evaluations (name, source, run_id, checkpoint_id, config, created_at)
    VALUES (@name, @source, @runId, @checkpointId, @config, @createdAt)`);
  const getEvaluationStmt = db.prepare<[number], EvaluationRaw>(`SELECT ${EVALUATION_COLUMNS} FROM evaluations WHERE id = ?`);
  const listEvaluationsStmt = db.prepare<[], EvaluationRaw>(`SELECT ${EVALUATION_COLUMNS} FROM evaluations ORDER BY id DESC`);
  const evaluationsOfRunStmt = db.prepare<[number], EvaluationRaw>(
    `SELECT ${EVALUATION_COLUMNS} FROM evaluations WHERE run_id = ? ORDER BY id DESC`,
  );
  const finishEvaluationStmt = db.prepare(`UPDATE evaluations SET status = @status,
      summary = coalesce(@summary, summary), finished_at = CASE WHEN @status IN ('queued', 'running') THEN NULL ELSE @at END
    WHERE id = @id`);
  const deleteEvaluationStmt = db.prepare<[number]>('DELETE FROM evaluations WHERE id = ?');

  const insertRolloutStmt = db.prepare(`INSERT INTO rollouts (evaluation_id, rollout_index, episode_id, variant, seed,
      instruction, success, termination, length, fps, state_dims, action_dims, cameras, metadata, created_at)
    VALUES (@evaluationId, @index, @episodeId, @variant, @seed, @instruction, @success, @termination, @length, @fps,
      @stateDims, @actionDims, @cameras, @metadata, @createdAt)`);
  const getRolloutStmt = db.prepare<[number], RolloutRaw>(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts WHERE id = ?`);
  const outcomeStmt = db.prepare<[number | null, string | null, number, number]>(
    'UPDATE rollouts SET success = ?, termination = ?, length = ? WHERE id = ?',
  );

  const insertStepStmt = db.prepare<[number, number, number, Buffer | null, Buffer | null, string | null, number | null]>(
    `INSERT INTO rollout_steps (rollout_id, step, timestamp, state, action, prediction, reward) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const stepsStmt = db.prepare<[number, number, number], StepRaw>(`SELECT step, timestamp, state, action, prediction, reward
    FROM rollout_steps WHERE rollout_id = ? AND step BETWEEN ? AND ? ORDER BY step`);

  const insertSteps = db.transaction((rolloutId: number, steps: Iterable<NewRolloutStep>) => {
    let n = 0;
    for (const s of steps) {
      insertStepStmt.run(
        rolloutId,
        s.step,
        s.timestamp,
        s.state ? float32ToBlob(s.state) : null,
        s.action ? float32ToBlob(s.action) : null,
        s.prediction === undefined || s.prediction === null ? null : toJson(s.prediction),
        s.reward ?? null,
      );
      n++;
    }
    return n;
  });

  return {
    createEvaluation(input: NewEvaluation): number {
      return rowId(
        insertEvaluationStmt.run({
          name: input.name,
          source: input.source,
          runId: input.runId ?? null,
          checkpointId: input.checkpointId ?? null,
          config: toJson(input.config ?? {}),
          createdAt: input.createdAt ?? Date.now(),
        }).lastInsertRowid,
      );
    },
    getEvaluation(id: number): Evaluation | undefined {
      const row = getEvaluationStmt.get(id);
      return row && toEvaluation(row);
    },
    /** Newest first; all of them, or one run's. */
    listEvaluations(runId?: number): Evaluation[] {
      const rows = runId === undefined ? listEvaluationsStmt.all() : evaluationsOfRunStmt.all(runId);
      return rows.map(toEvaluation);
    },
    setEvaluationStatus(id: number, status: RunStatus, summary?: unknown, at = Date.now()): boolean {
      const summaryJson = summary === undefined ? null : toJson(summary);
      return finishEvaluationStmt.run({ id, status, summary: summaryJson, at }).changes > 0;
    },
    deleteEvaluation(id: number): boolean {
      return deleteEvaluationStmt.run(id).changes > 0;
    },

    insertRollout(input: NewRollout): number {
      return rowId(
        insertRolloutStmt.run({
          evaluationId: input.evaluationId,
          index: input.index,
          episodeId: input.episodeId ?? null,
          variant: input.variant ?? null,
          seed: input.seed ?? null,
          instruction: input.instruction ?? '',
          success: toFlagOrNull(input.success),
          termination: input.termination ?? null,
          length: input.length ?? 0,
          fps: input.fps,
          stateDims: toJson(input.stateDims ?? []),
          actionDims: toJson(input.actionDims ?? []),
          cameras: toJson(input.cameras ?? []),
          metadata: toJson(input.metadata ?? {}),
          createdAt: input.createdAt ?? Date.now(),
        }).lastInsertRowid,
      );
    },
    getRollout(id: number): Rollout | undefined {
      const row = getRolloutStmt.get(id);
      return row && toRollout(row);
    },
    list: createRolloutListQuery(db),
    setOutcome(id: number, outcome: { success: boolean | null; termination: string | null; length: number }): boolean {
      return outcomeStmt.run(toFlagOrNull(outcome.success), outcome.termination, outcome.length, id).changes > 0;
    },

    /** All or nothing. Returns the rows written. */
    insertSteps(rolloutId: number, steps: Iterable<NewRolloutStep>): number {
      return insertSteps(rolloutId, steps);
    },
    /** Steps in order, optionally only [from, to]. */
    steps(rolloutId: number, range: { from?: number; to?: number } = {}): RolloutStep[] {
      return stepsStmt.all(rolloutId, range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER).map(toStep);
    },
  };
}

export type RolloutsRepository = ReturnType<typeof createRolloutsRepository>;
