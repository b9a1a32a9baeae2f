import type { Statement } from 'better-sqlite3';
import type { Db } from './connection';

/**
 * Prepares each distinct SQL text once. List screens build their SQL from a fixed set of fragments, so
 * the number of shapes is small, and re-preparing on every keystroke of a search would be waste.
 */
export function statementCache(db: Db): (sql: string) => Statement {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
}
