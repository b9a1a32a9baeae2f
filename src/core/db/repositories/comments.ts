/** Comments pinned to a frame of an episode. */
import type { Db } from '../connection';
import { rowId } from '../codec';

export interface NewComment {
  episodeId: number;
  frame: number;
  camera: string | null;
  text: string;
  author: string;
  createdAt?: number;
}

export interface StoredComment extends Required<NewComment> {
  id: number;
}

const COLUMNS = 'id, episode_id AS episodeId, frame_index AS frame, camera, text, author, created_at AS createdAt';

export function createCommentsRepository(db: Db) {
  const insertStmt = db.prepare(`INSERT INTO comments (episode_id, frame_index, camera, text, author, created_at)
    VALUES (@episodeId, @frame, @camera, @text, @author, @createdAt)`);
  const getStmt = db.prepare<[number], StoredComment>(`SELECT ${COLUMNS} FROM comments WHERE id = ?`);
  const byEpisodeStmt = db.prepare<[number], StoredComment>(
    `SELECT ${COLUMNS} FROM comments WHERE episode_id = ? ORDER BY frame_index, id`,
  );
  const deleteStmt = db.prepare<[number]>('DELETE FROM comments WHERE id = ?');

  return {
    insert(input: NewComment): number {
      return rowId(insertStmt.run({ ...input, createdAt: input.createdAt ?? Date.now() }).lastInsertRowid);
    },
    get(id: number): StoredComment | undefined {
      return getStmt.get(id);
    },
    /** In frame order, ties in the order they were made. */
    listByEpisode(episodeId: number): StoredComment[] {
      return byEpisodeStmt.all(episodeId);
    },
    delete(id: number): boolean {
      return deleteStmt.run(id).changes > 0;
    },
  };
}

export type CommentsRepository = ReturnType<typeof createCommentsRepository>;
