/**
 * The diffs an edit-log step stores: the state of each touched annotation at one mark (the whole row,
 * or null for "absent"). Undo moves every row from the forward state to the backward state; redo the
 * other way. Before moving, every row must still be in the state the step left it in, else the move
 * would overwrite someone else's edit: that is a conflict and nothing changes.
 */
import { ApiError } from '../../shared/contract/errors';
import type { Annotation as StoredAnnotation, Repositories } from '../db/repositories/index';

export interface DiffEntry {
  id: string;
  row: StoredAnnotation | null;
}

export interface Moved {
  stored: StoredAnnotation[];
  deleted: string[];
}

/** Call inside a transaction. `verb` and `command` only shape the message. */
export function moveRows(repos: Repositories, from: DiffEntry[], to: DiffEntry[], verb: string, command: string): Moved {
  for (const expected of from) {
    const current = repos.annotations.get(expected.id) ?? null;
    if (!sameVersion(current, expected.row)) {
      const what = current === null ? 'deleted' : expected.row === null ? 'created' : 'changed';
      throw new ApiError(
        'conflict',
        `cannot ${verb} "${command}": annotation ${expected.id} was ${what} elsewhere since; reload the episode`,
        { id: expected.id },
      );
    }
  }
  const moved: Moved = { stored: [], deleted: [] };
  for (const target of to) {
    const current = repos.annotations.get(target.id);
    if (target.row === null) {
      if (current) repos.annotations.delete(target.id);
      moved.deleted.push(target.id);
      continue;
    }
    const row = target.row;
    if (row.labelClassId !== null && !repos.labels.get(row.labelClassId)) {
      throw new ApiError('conflict', `cannot ${verb} "${command}": label ${row.labelClassId} of annotation ${row.id} was deleted since`);
    }
    // The row comes back exactly as it was, version stamp included, so a client that still holds that
    // version may go on editing it.
    if (current) {
      const { frameStart, frameEnd, isTrack, geometry, labelClassId, query, source, confidence } = row;
      repos.annotations.update(row.id, { frameStart, frameEnd, isTrack, geometry, labelClassId, query, source, confidence }, row.updatedAt);
    } else {
      repos.annotations.insert(row);
    }
    moved.stored.push(row);
  }
  return moved;
}

function sameVersion(current: StoredAnnotation | null, expected: StoredAnnotation | null): boolean {
  if (current === null || expected === null) return current === expected;
  return current.updatedAt === expected.updatedAt;
}
