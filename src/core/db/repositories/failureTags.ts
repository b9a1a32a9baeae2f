/** Failure tags: a vocabulary of ways a rollout fails, and which rollouts carry which. */
import type { Db } from '../connection';
import { rowId } from '../codec';

export interface FailureTag {
  id: number;
  name: string;
  description: string;
  color: string | null;
  rolloutCount: number;
}

export interface RolloutTag {
  name: string;
  step: number | null;
  note: string;
  author: string;
  createdAt: number;
}

export function createFailureTagsRepository(db: Db) {
  const findStmt = db.prepare<[string], number>('SELECT id FROM failure_tags WHERE name = ?').pluck();
  const insertTagStmt = db.prepare<[string, string, string | null]>(
    'INSERT INTO failure_tags (name, description, color) VALUES (?, ?, ?)',
  );
  const listStmt = db.prepare<[], FailureTag>(`SELECT t.id, t.name, t.description, t.color,
      (SELECT count(*) FROM rollout_failure_tags rt WHERE rt.tag_id = t.id) AS rolloutCount
    FROM failure_tags t ORDER BY t.name`);
  const tagStmt = db.prepare(`INSERT INTO rollout_failure_tags (rollout_id, tag_id, step, note, author, created_at)
    VALUES (@rolloutId, @tagId, @step, @note, @author, @createdAt)
    ON CONFLICT (rollout_id, tag_id) DO UPDATE SET step = excluded.step, note = excluded.note`);
  const untagStmt = db.prepare<[number, string]>(`DELETE FROM rollout_failure_tags
    WHERE rollout_id = ? AND tag_id = (SELECT id FROM failure_tags WHERE name = ?)`);
  const tagsOfStmt = db.prepare<[number], RolloutTag>(`SELECT t.name, rt.step, rt.note, rt.author,
      rt.created_at AS createdAt
    FROM rollout_failure_tags rt JOIN failure_tags t ON t.id = rt.tag_id
    WHERE rt.rollout_id = ? ORDER BY t.name`);
  const deleteTagStmt = db.prepare<[number]>('DELETE FROM failure_tags WHERE id = ?');

  const ensure = (name: string, description = '', color: string | null = null): number =>
    findStmt.get(name) ?? rowId(insertTagStmt.run(name, description, color).lastInsertRowid);

  const tag = db.transaction(
    (rolloutId: number, name: string, by: { author: string; note?: string; step?: number | null; at?: number }) => {
      tagStmt.run({
        rolloutId,
        tagId: ensure(name),
        step: by.step ?? null,
        note: by.note ?? '',
        author: by.author,
        createdAt: by.at ?? Date.now(),
      });
    },
  );

  return {
    /** The tag's id, creating it when new. Names compare without case. */
    ensure,
    list(): FailureTag[] {
      return listStmt.all();
    },
    /** Tags a rollout, creating the tag when new; tagging again updates the note and step. */
    tag(rolloutId: number, name: string, by: { author: string; note?: string; step?: number | null; at?: number }): void {
      tag(rolloutId, name, by);
    },
    untag(rolloutId: number, name: string): boolean {
      return untagStmt.run(rolloutId, name).changes > 0;
    },
    tagsOf(rolloutId: number): RolloutTag[] {
      return tagsOfStmt.all(rolloutId);
    },
    /** Removes the tag from the vocabulary and from every rollout. */
    delete(id: number): boolean {
      return deleteTagStmt.run(id).changes > 0;
    },
  };
}

export type FailureTagsRepository = ReturnType<typeof createFailureTagsRepository>;
