/** The rollouts screen's query: one evaluation's rollouts, filtered by outcome, failure tag, variant. */
import type { Db } from '../connection';
import { statementCache } from '../statementCache';

export interface RolloutQuery {
  evaluationId: number;
  success?: boolean;
  /** Only rollouts carrying this failure tag (by name, any case). */
  failureTag?: string;
  variant?: string;
  offset?: number;
  limit?: number;
}

export interface RolloutRow {
  id: number;
  index: number;
  episodeId: number | null;
  variant: string | null;
  seed: number | null;
  instruction: string;
  success: boolean | null;
  termination: string | null;
  length: number;
  failureTags: string[];
}

export interface RolloutPage {
  total: number;
  rows: RolloutRow[];
}

/** The SQL for one query shape; exported so the index test can EXPLAIN what the screen runs. */
export function rolloutListSql(query: RolloutQuery) {
  const where = ['r.evaluation_id = @evaluationId'];
  const params: Record<string, unknown> = { evaluationId: query.evaluationId };
  if (query.success !== undefined) {
    where.push('r.success = @success');
    params.success = query.success ? 1 : 0;
  }
  if (query.variant !== undefined) {
    where.push('r.variant = @variant');
    params.variant = query.variant;
  }
  if (query.failureTag !== undefined) {
    where.push(`r.id IN (SELECT rt.rollout_id FROM failure_tags t
      JOIN rollout_failure_tags rt ON rt.tag_id = t.id WHERE t.name = @failureTag)`);
    params.failureTag = query.failureTag;
  }
  const whereSql = `WHERE ${where.join(' AND ')}`;
  return {
    countSql: `SELECT count(*) FROM rollouts r ${whereSql}`,
    pageSql: `SELECT r.id, r.rollout_index AS "index", r.episode_id AS episodeId, r.variant, r.seed, r.instruction,
        r.success, r.termination, r.length,
        (SELECT json_group_array(t.name) FROM rollout_failure_tags rt JOIN failure_tags t ON t.id = rt.tag_id
          WHERE rt.rollout_id = r.id) AS failureTags
      FROM rollouts r ${whereSql}
      ORDER BY r.rollout_index
      LIMIT @limit OFFSET @offset`,
    params: { ...params, limit: query.limit ?? 200, offset: query.offset ?? 0 },
  };
}

type RowRaw = Omit<RolloutRow, 'success' | 'failureTags'> & { success: number | null; failureTags: string };

export function createRolloutListQuery(db: Db) {
  const prepared = statementCache(db);

  return function listRollouts(query: RolloutQuery): RolloutPage {
    const { countSql, pageSql, params } = rolloutListSql(query);
    const total = prepared(countSql).pluck().get(params) as number;
    const rows = (prepared(pageSql).all(params) as RowRaw[]).map(
      (r): RolloutRow => ({
        ...r,
        success: r.success === null ? null : r.success === 1,
        failureTags: (JSON.parse(r.failureTags) as string[]).sort(),
      }),
    );
    return { total, rows };
  };
}
