/**
 * Rollouts kept as folders (rollouts/<id>/), across evaluations: storing one, the review's list with
 * filters, counts by checkpoint × variant × tag, the one confirmed failure tag per rollout, and the
 * project's failure taxonomy (the failure_tags table in its own order). Per-evaluation pages and
 * steps stay in rollouts.ts / rolloutList.ts.
 */
import type { Db } from '../connection';
import { fromFlagOrNull, fromJson, rowId, toFlagOrNull, toJson } from '../codec';
import { statementCache } from '../statementCache';
import type { RolloutCamera } from './rollouts';

export interface StoredRolloutInput {
  evaluationId: number;
  index: number;
  sourceFormat: string;
  variant?: string | null;
  seed?: number | null;
  taskFamily?: string | null;
  instruction: string;
  success: boolean | null;
  /** The termination reason. */
  reason: string | null;
  steps: number;
  fps: number;
  cameras: RolloutCamera[];
  suggestedTag?: string | null;
  metadata?: Record<string, unknown>;
  createdAt?: number;
}

/** A suite run of a checkpoint, recorded as running before its worker starts. */
export interface NewSimEvaluation {
  name: string;
  checkpointId: number;
  /** The checkpoint's folder as run, kept when the checkpoint row goes. */
  checkpointPath: string;
  /** The suite. */
  config: unknown;
  createdAt?: number;
}

export type EvaluationEnd = 'succeeded' | 'failed' | 'cancelled';

export interface CatalogRollout {
  id: number;
  evaluationId: number;
  checkpointId: number | null;
  index: number;
  sourceFormat: string;
  variant: string | null;
  seed: number | null;
  taskFamily: string | null;
  instruction: string;
  success: boolean | null;
  reason: string | null;
  steps: number;
  fps: number;
  cameras: RolloutCamera[];
  folder: string | null;
  suggestedTag: string | null;
  /** The confirmed tag; null until a person set one. */
  tag: string | null;
  taggedBy: string | null;
  taggedAt: number | null;
  createdAt: number;
}

export interface CatalogQuery {
  evaluationId?: number;
  /** Rollouts of evaluations of this checkpoint; null for those of no checkpoint (imported ones). */
  checkpointId?: number | null;
  variant?: string;
  success?: boolean;
  /** The confirmed tag, or the suggested one while none is confirmed (any case). */
  tag?: string;
  offset?: number;
  limit?: number;
}

export interface CatalogCount {
  checkpointId: number | null;
  variant: string | null;
  /** Confirmed tag, else suggested, else null (successes, untagged failures). */
  tag: string | null;
  rollouts: number;
  successes: number;
  /** How many of them carry a confirmed tag. */
  confirmed: number;
}

export interface TaxonomyTag {
  id: number;
  name: string;
  description: string;
  color: string | null;
  /** Rollouts whose confirmed tag this is. */
  rolloutCount: number;
}

const CONFIRMED = `(SELECT t.name FROM rollout_failure_tags rt JOIN failure_tags t ON t.id = rt.tag_id
  WHERE rt.rollout_id = r.id ORDER BY rt.created_at DESC LIMIT 1)`;
const EFFECTIVE_TAG = `coalesce(${CONFIRMED}, r.suggested_tag)`;

const COLUMNS = `r.id, r.evaluation_id AS evaluationId, e.checkpoint_id AS checkpointId, r.rollout_index AS "index",
  r.source_format AS sourceFormat, r.variant, r.seed, r.task_family AS taskFamily, r.instruction, r.success,
  r.termination AS reason, r.length AS steps, r.fps, r.cameras, r.folder, r.suggested_tag AS suggestedTag,
  ${CONFIRMED} AS tag,
  (SELECT rt.author FROM rollout_failure_tags rt WHERE rt.rollout_id = r.id ORDER BY rt.created_at DESC LIMIT 1) AS taggedBy,
  (SELECT rt.created_at FROM rollout_failure_tags rt WHERE rt.rollout_id = r.id ORDER BY rt.created_at DESC LIMIT 1) AS taggedAt,
  r.created_at AS createdAt`;

type Raw = Omit<CatalogRollout, 'success' | 'cameras'> & { success: number | null; cameras: string };
const toRollout = (r: Raw): CatalogRollout => ({ ...r, success: fromFlagOrNull(r.success), cameras: fromJson(r.cameras) });

function whereOf(query: CatalogQuery) {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (query.evaluationId !== undefined) {
    where.push('r.evaluation_id = @evaluationId');
    params.evaluationId = query.evaluationId;
  }
  if (query.checkpointId !== undefined) {
    where.push(query.checkpointId === null ? 'e.checkpoint_id IS NULL' : 'e.checkpoint_id = @checkpointId');
    if (query.checkpointId !== null) params.checkpointId = query.checkpointId;
  }
  if (query.variant !== undefined) {
    where.push('r.variant = @variant');
    params.variant = query.variant;
  }
  if (query.success !== undefined) {
    where.push('r.success = @success');
    params.success = query.success ? 1 : 0;
  }
  if (query.tag !== undefined) {
    where.push(`${EFFECTIVE_TAG} = @tag COLLATE NOCASE`);
    params.tag = query.tag;
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export function createRolloutCatalogRepository(db: Db) {
  const prepared = statementCache(db);
  const insertStmt = db.prepare(`INSERT INTO rollouts (evaluation_id, rollout_index, variant, seed, instruction, success,
      termination, length, fps, cameras, metadata, created_at, source_format, task_family, suggested_tag)
    VALUES (@evaluationId, @index, @variant, @seed, @instruction, @success, @reason, @steps, @fps, @cameras, @metadata,
      @createdAt, @sourceFormat, @taskFamily, @suggestedTag)`);
  const setFolderStmt = db.prepare<[string, string, number]>('UPDATE rollouts SET folder = ?, cameras = ? WHERE id = ?');
  const getStmt = db.prepare<[number], Raw>(`SELECT ${COLUMNS} FROM rollouts r JOIN evaluations e ON e.id = r.evaluation_id WHERE r.id = ?`);
  const foldersOfStmt = db.prepare<[number], string>('SELECT folder FROM rollouts WHERE evaluation_id = ? AND folder IS NOT NULL').pluck();
  const clearTagStmt = db.prepare<[number]>('DELETE FROM rollout_failure_tags WHERE rollout_id = ?');
  const setTagStmt = db.prepare<[number, number, string, number]>(
    `INSERT INTO rollout_failure_tags (rollout_id, tag_id, author, created_at) VALUES (?, ?, ?, ?)`,
  );
  const evaluationDetailsStmt = db.prepare(`UPDATE evaluations SET checkpoint_path = coalesce(@checkpointPath, checkpoint_path),
      error = CASE WHEN @setError THEN @error ELSE error END WHERE id = @id`);
  const evaluationDetailsGetStmt = db.prepare<[number], { checkpointPath: string | null; error: string | null }>(
    'SELECT checkpoint_path AS checkpointPath, error FROM evaluations WHERE id = ?',
  );
  const evaluationTotalsStmt = db.prepare<[], { evaluationId: number; rollouts: number; successes: number }>(
    `SELECT evaluation_id AS evaluationId, count(*) AS rollouts, sum(success IS 1) AS successes FROM rollouts GROUP BY evaluation_id`,
  );
  const startEvaluationStmt = db.prepare(`INSERT INTO evaluations (name, source, checkpoint_id, checkpoint_path, status, config, created_at)
    VALUES (@name, 'sim', @checkpointId, @checkpointPath, 'running', @config, @createdAt)`);
  const endEvaluationStmt = db.prepare(`UPDATE evaluations SET status = @status, error = @error, summary = coalesce(@summary, summary),
      finished_at = @at WHERE id = @id AND status IN ('queued', 'running')`);
  const unfinishedStmt = db.prepare<[], number>(`SELECT id FROM evaluations WHERE source = 'sim' AND status IN ('queued', 'running') ORDER BY id`).pluck();
  const suggestStmt = db.prepare<[string | null, number]>('UPDATE rollouts SET suggested_tag = ? WHERE id = ?');

  const taxonomyStmt = db.prepare<[], TaxonomyTag>(`SELECT t.id, t.name, t.description, t.color,
      (SELECT count(*) FROM rollout_failure_tags rt WHERE rt.tag_id = t.id) AS rolloutCount
    FROM failure_tags t ORDER BY t.position, t.id`);
  const tagIdStmt = db.prepare<[string], number>('SELECT id FROM failure_tags WHERE name = ?').pluck();
  const insertTagStmt = db.prepare<[string, string, string | null, number]>(
    'INSERT INTO failure_tags (name, description, color, position) VALUES (?, ?, ?, ?)',
  );
  const updateTagStmt = db.prepare<[string, string, string | null, number, number]>(
    'UPDATE failure_tags SET name = ?, description = ?, color = ?, position = ? WHERE id = ?',
  );
  const deleteTagStmt = db.prepare<[number]>('DELETE FROM failure_tags WHERE id = ?');
  const renameSuggestedStmt = db.prepare<[string | null, string]>(
    'UPDATE rollouts SET suggested_tag = ? WHERE suggested_tag = ? COLLATE NOCASE',
  );

  return {
    /** Inserts the row; the folder is set once the files are in place (setFolder). */
    insert(input: StoredRolloutInput): number {
      return rowId(
        insertStmt.run({
          evaluationId: input.evaluationId,
          index: input.index,
          variant: input.variant ?? null,
          seed: input.seed ?? null,
          instruction: input.instruction,
          success: toFlagOrNull(input.success),
          reason: input.reason,
          steps: input.steps,
          fps: input.fps,
          cameras: toJson(input.cameras),
          metadata: toJson(input.metadata ?? {}),
          createdAt: input.createdAt ?? Date.now(),
          sourceFormat: input.sourceFormat,
          taskFamily: input.taskFamily ?? null,
          suggestedTag: input.suggestedTag ?? null,
        }).lastInsertRowid,
      );
    },
    setFolder(id: number, folder: string, cameras: RolloutCamera[]): void {
      setFolderStmt.run(folder, toJson(cameras), id);
    },
    get(id: number): CatalogRollout | undefined {
      const row = getStmt.get(id);
      return row && toRollout(row);
    },
    /** Newest first. */
    list(query: CatalogQuery): { total: number; rows: CatalogRollout[] } {
      const { sql, params } = whereOf(query);
      const from = `FROM rollouts r JOIN evaluations e ON e.id = r.evaluation_id ${sql}`;
      const total = prepared(`SELECT count(*) ${from}`).pluck().get(params) as number;
      const rows = prepared(`SELECT ${COLUMNS} ${from} ORDER BY r.evaluation_id DESC, r.rollout_index LIMIT @limit OFFSET @offset`).all({
        ...params,
        limit: query.limit ?? 200,
        offset: query.offset ?? 0,
      }) as Raw[];
      return { total, rows: rows.map(toRollout) };
    },
    /** Rollouts grouped by checkpoint, variant and tag, within the same filters as list (paging aside). */
    counts(query: Omit<CatalogQuery, 'offset' | 'limit'>): CatalogCount[] {
      const { sql, params } = whereOf(query);
      return prepared(`SELECT checkpointId, variant, tag, count(*) AS rollouts, sum(success IS 1) AS successes,
          sum(confirmed) AS confirmed
        FROM (SELECT e.checkpoint_id AS checkpointId, r.variant, r.success, ${EFFECTIVE_TAG} AS tag,
            ${CONFIRMED} IS NOT NULL AS confirmed
          FROM rollouts r JOIN evaluations e ON e.id = r.evaluation_id ${sql})
        GROUP BY checkpointId, variant, tag ORDER BY checkpointId, variant, tag`).all(params) as CatalogCount[];
    },
    /** The rollout folders of an evaluation, for deleting its files with it. */
    foldersOf(evaluationId: number): string[] {
      return foldersOfStmt.all(evaluationId);
    },
    /** Sets (replacing any other) or clears the confirmed tag; the tag must be in the taxonomy. */
    setTag(rolloutId: number, tagId: number | null, author: string, at = Date.now()): void {
      clearTagStmt.run(rolloutId);
      if (tagId !== null) setTagStmt.run(rolloutId, tagId, author, at);
    },
    /** The checkpoint's path as it was run (kept when the checkpoint row goes) and why the evaluation failed. */
    setEvaluationDetails(id: number, details: { checkpointPath?: string; error?: string | null }): void {
      evaluationDetailsStmt.run({
        id,
        checkpointPath: details.checkpointPath ?? null,
        setError: details.error === undefined ? 0 : 1,
        error: details.error ?? null,
      });
    },
    evaluationDetails(id: number): { checkpointPath: string | null; error: string | null } | undefined {
      return evaluationDetailsGetStmt.get(id);
    },
    /** Rollouts and successes per evaluation that has any. */
    evaluationTotals(): Map<number, { rollouts: number; successes: number }> {
      return new Map(evaluationTotalsStmt.all().map((t) => [t.evaluationId, { rollouts: t.rollouts, successes: t.successes }]));
    },
    /** Records a suite run as running; its rollouts are stored under it as they finish. */
    startEvaluation(input: NewSimEvaluation): number {
      return rowId(
        startEvaluationStmt.run({
          name: input.name,
          checkpointId: input.checkpointId,
          checkpointPath: input.checkpointPath,
          config: toJson(input.config),
          createdAt: input.createdAt ?? Date.now(),
        }).lastInsertRowid,
      );
    },
    /** Ends a queued or running evaluation; false when it had already ended (the first end wins). */
    endEvaluation(id: number, end: { status: EvaluationEnd; error?: string | null; summary?: unknown; at?: number }): boolean {
      return (
        endEvaluationStmt.run({
          id,
          status: end.status,
          error: end.error ?? null,
          summary: end.summary === undefined ? null : toJson(end.summary),
          at: end.at ?? Date.now(),
        }).changes > 0
      );
    },
    /** Suite runs still queued or running, oldest first. */
    unfinishedEvaluations(): number[] {
      return unfinishedStmt.all();
    },
    suggest(rolloutId: number, tag: string | null): void {
      suggestStmt.run(tag, rolloutId);
    },

    taxonomy(): TaxonomyTag[] {
      return taxonomyStmt.all();
    },
    tagId(name: string): number | undefined {
      return tagIdStmt.get(name);
    },
    addTag(name: string, description: string, color: string | null, position: number): number {
      return rowId(insertTagStmt.run(name, description, color, position).lastInsertRowid);
    },
    /** Renaming also renames the suggestions that used the old name. */
    updateTag(id: number, from: string, tag: { name: string; description: string; color: string | null; position: number }): void {
      updateTagStmt.run(tag.name, tag.description, tag.color, tag.position, id);
      if (from !== tag.name) renameSuggestedStmt.run(tag.name, from);
    },
    /** Removes the tag and the suggestions of it. */
    deleteTag(id: number, name: string): void {
      deleteTagStmt.run(id);
      renameSuggestedStmt.run(null, name);
    },
  };
}

export type RolloutCatalogRepository = ReturnType<typeof createRolloutCatalogRepository>;
