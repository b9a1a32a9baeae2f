/**
 * The episode list screen's query: filters, word search, sort and a page. Built from a fixed set of
 * fragments (never from user text; values are bound), and prepared once per shape.
 */
import type { EpisodePage, EpisodeQuery } from '../../../shared/contract/domain';
import type { Db } from '../connection';
import { statementCache } from '../statementCache';

export type { EpisodePage, EpisodeQuery };

const ORDER = {
  index: ['e.dataset_id', 'e.episode_index'],
  length: ['e.length', 'e.id'],
  instruction: ['e.instruction COLLATE NOCASE', 'e.id'],
} as const;

/**
 * Turns what a user typed into an FTS5 query: every word must occur, as a word or a word's start,
 * any case. Words are quoted, so FTS syntax (AND, NEAR, quotes, *) in the input is plain text.
 */
export function toMatchQuery(search: string): string | null {
  const words = search.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}

export interface EpisodeListSql {
  countSql: string;
  pageSql: string;
  params: Record<string, unknown>;
}

/** The SQL for one query shape; exported so the index test can EXPLAIN exactly what the screen runs. */
export function episodeListSql(query: EpisodeQuery = {}): EpisodeListSql {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (query.datasetId !== undefined) {
    where.push('e.dataset_id = @datasetId');
    params.datasetId = query.datasetId;
  }
  if (query.reviewStatus !== undefined) {
    where.push('e.review_status = @reviewStatus');
    params.reviewStatus = query.reviewStatus;
  }
  if (query.task !== undefined) {
    where.push('e.id IN (SELECT episode_id FROM episode_tasks WHERE task = @task)');
    params.task = query.task;
  }
  if (query.hasAnnotations !== undefined) {
    where.push(`${query.hasAnnotations ? '' : 'NOT '}EXISTS (SELECT 1 FROM annotations a WHERE a.episode_id = e.id)`);
  }
  const match = query.search === undefined ? null : toMatchQuery(query.search);
  if (match !== null) {
    where.push('e.id IN (SELECT rowid FROM episodes_fts WHERE episodes_fts MATCH @match)');
    params.match = match;
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const direction = query.descending ? ' DESC' : '';
  const orderSql = ORDER[query.sort ?? 'index'].map((column) => column + direction).join(', ');
  return {
    countSql: `SELECT count(*) FROM episodes e ${whereSql}`,
    pageSql: `SELECT e.id, e.dataset_id AS datasetId, e.episode_index AS "index", e.instruction, e.length, e.fps,
        e.review_status AS reviewStatus,
        (SELECT count(*) FROM annotations a WHERE a.episode_id = e.id) AS annotationCount
      FROM episodes e ${whereSql}
      ORDER BY ${orderSql}
      LIMIT @limit OFFSET @offset`,
    params: { ...params, limit: query.limit ?? 200, offset: query.offset ?? 0 },
  };
}

export function createEpisodeListQuery(db: Db) {
  const prepared = statementCache(db);

  return function listEpisodes(query: EpisodeQuery = {}): EpisodePage {
    const { countSql, pageSql, params } = episodeListSql(query);
    // better-sqlite3 ignores named values a statement does not use, so one object serves both.
    const total = prepared(countSql).pluck().get(params) as number;
    const rows = prepared(pageSql).all(params) as EpisodePage['rows'];
    return { total, rows };
  };
}
