/** Project-wide settings and facts (name, creation time) as key/value text. */
import type { Db } from '../connection';

export function createMetaRepository(db: Db) {
  const getStmt = db.prepare<[string], string>('SELECT value FROM project_meta WHERE key = ?').pluck();
  const setStmt = db.prepare<[string, string]>(
    'INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const allStmt = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM project_meta ORDER BY key');

  return {
    get(key: string): string | undefined {
      return getStmt.get(key);
    },
    set(key: string, value: string): void {
      setStmt.run(key, value);
    },
    all(): Record<string, string> {
      return Object.fromEntries(allStmt.all().map((r) => [r.key, r.value]));
    },
  };
}

export type MetaRepository = ReturnType<typeof createMetaRepository>;
