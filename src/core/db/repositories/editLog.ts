/**
 * The persisted history that undo/redo replays, so undo survives a restart. One entry per history
 * step, holding the diffs both ways; the annotations service applies them. History is per scope: an
 * episode, or null for project-wide edits. Undone entries are the redo stack until a new entry
 * lands in the scope, which discards them. Apply a diff and mark its entry in one transaction.
 */
import type { Db } from '../connection';
import { fromJson, rowId, toFlag, toJson } from '../codec';

export type EditState = 'done' | 'undone' | 'discarded';

export interface NewEdit {
  episodeId: number | null;
  /** The named command, e.g. 'annotation.move'. */
  command: string;
  undoable: boolean;
  /** Where undo brings the view back. */
  cameraId?: number | null;
  frameIndex?: number | null;
  forward: unknown;
  backward: unknown;
  author: string;
  createdAt?: number;
}

export interface Edit {
  seq: number;
  episodeId: number | null;
  command: string;
  undoable: boolean;
  state: EditState;
  cameraId: number | null;
  frameIndex: number | null;
  forward: unknown;
  backward: unknown;
  author: string;
  createdAt: number;
}

/** A step as the history buttons show it. */
export interface StepName {
  seq: number;
  command: string;
}

type EditRaw = Omit<Edit, 'undoable' | 'forward' | 'backward'> & { undoable: number; forward: string; backward: string };

const COLUMNS = `seq, episode_id AS episodeId, command, undoable, state, camera_id AS cameraId,
  frame_index AS frameIndex, forward, backward, author, created_at AS createdAt`;

const toEdit = (r: EditRaw): Edit => ({
  ...r,
  undoable: r.undoable === 1,
  forward: fromJson(r.forward),
  backward: fromJson(r.backward),
});

export function createEditLogRepository(db: Db) {
  // "episode_id IS ?" matches NULL for the project scope and still uses the index.
  const discardRedoStmt = db.prepare<[number | null]>(
    "UPDATE edit_log SET state = 'discarded' WHERE episode_id IS ? AND state = 'undone' AND undoable = 1",
  );
  const insertStmt = db.prepare(`INSERT INTO edit_log (episode_id, command, undoable, camera_id, frame_index, forward,
      backward, author, created_at)
    VALUES (@episodeId, @command, @undoable, @cameraId, @frameIndex, @forward, @backward, @author, @createdAt)`);
  const nextUndoStmt = db.prepare<[number | null], EditRaw>(`SELECT ${COLUMNS} FROM edit_log
    WHERE episode_id IS ? AND state = 'done' AND undoable = 1 ORDER BY seq DESC LIMIT 1`);
  const nextRedoStmt = db.prepare<[number | null], EditRaw>(`SELECT ${COLUMNS} FROM edit_log
    WHERE episode_id IS ? AND state = 'undone' AND undoable = 1 ORDER BY seq LIMIT 1`);
  // The same steps without their diffs: the undo and redo buttons need only the command's name, and the
  // first step of an imported or bench-filled episode can hold megabytes of diff.
  const undoCommandStmt = db.prepare<[number | null], StepName>(`SELECT seq, command FROM edit_log
    WHERE episode_id IS ? AND state = 'done' AND undoable = 1 ORDER BY seq DESC LIMIT 1`);
  const redoCommandStmt = db.prepare<[number | null], StepName>(`SELECT seq, command FROM edit_log
    WHERE episode_id IS ? AND state = 'undone' AND undoable = 1 ORDER BY seq LIMIT 1`);
  const markUndoneStmt = db.prepare<[number]>(
    "UPDATE edit_log SET state = 'undone' WHERE seq = ? AND state = 'done' AND undoable = 1",
  );
  const markRedoneStmt = db.prepare<[number]>("UPDATE edit_log SET state = 'done' WHERE seq = ? AND state = 'undone'");
  const tailStmt = db.prepare<[number | null, number], EditRaw>(`SELECT ${COLUMNS} FROM edit_log
    WHERE episode_id IS ? ORDER BY seq DESC LIMIT ?`);
  const getStmt = db.prepare<[number], EditRaw>(`SELECT ${COLUMNS} FROM edit_log WHERE seq = ?`);

  const append = db.transaction((edit: NewEdit): number => {
    discardRedoStmt.run(edit.episodeId);
    const result = insertStmt.run({
      episodeId: edit.episodeId,
      command: edit.command,
      undoable: toFlag(edit.undoable),
      cameraId: edit.cameraId ?? null,
      frameIndex: edit.frameIndex ?? null,
      forward: toJson(edit.forward),
      backward: toJson(edit.backward),
      author: edit.author,
      createdAt: edit.createdAt ?? Date.now(),
    });
    return rowId(result.lastInsertRowid);
  });

  return {
    /** Records a step and drops the scope's redo stack. Returns its seq. */
    append(edit: NewEdit): number {
      return append(edit);
    },
    get(seq: number): Edit | undefined {
      const row = getStmt.get(seq);
      return row && toEdit(row);
    },
    /** The step undo would revert: the newest done, undoable one (non-undoable steps are passed over). */
    nextUndo(episodeId: number | null): Edit | undefined {
      const row = nextUndoStmt.get(episodeId);
      return row && toEdit(row);
    },
    /** The step redo would re-apply: the oldest undone one. */
    nextRedo(episodeId: number | null): Edit | undefined {
      const row = nextRedoStmt.get(episodeId);
      return row && toEdit(row);
    },
    /** nextUndo without the diffs. */
    nextUndoName(episodeId: number | null): StepName | undefined {
      return undoCommandStmt.get(episodeId);
    },
    /** nextRedo without the diffs. */
    nextRedoName(episodeId: number | null): StepName | undefined {
      return redoCommandStmt.get(episodeId);
    },
    /** False when the step is not (or no longer) undoable, e.g. a second window got there first. */
    markUndone(seq: number): boolean {
      return markUndoneStmt.run(seq).changes > 0;
    },
    markRedone(seq: number): boolean {
      return markRedoneStmt.run(seq).changes > 0;
    },
    /** The newest steps of a scope, newest first, for the history panel. */
    tail(episodeId: number | null, limit = 50): Edit[] {
      return tailStmt.all(episodeId, limit).map(toEdit);
    },
  };
}

export type EditLogRepository = ReturnType<typeof createEditLogRepository>;
