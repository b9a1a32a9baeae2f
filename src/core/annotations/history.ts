/**
 * history.undo / history.redo / history.state over the persisted edit log, one scope per episode.
 * The history is the episode's, shared by every window on it (as in a shared document): undo in one
 * window reverts the newest step, whoever made it.
 */
import type { HistoryState } from '../../shared/contract/domain';
import { ApiError } from '../../shared/contract/errors';
import type { Repositories } from '../db/repositories/index';
import { episodeContext, type EpisodeContext } from './context';
import { moveRows, type DiffEntry, type Moved } from './diff';

export interface Replayed extends Moved {
  ctx: EpisodeContext;
  command: string;
  frame: number | null;
  camera: string | null;
}

/** Reverts the newest undoable step in one transaction; null when there is none. */
export function undo(repos: Repositories, episodeId: number): Replayed | null {
  const ctx = episodeContext(repos, episodeId);
  return repos.transaction(() => {
    const edit = repos.editLog.nextUndo(episodeId);
    if (!edit) return null;
    const moved = moveRows(repos, edit.forward as DiffEntry[], edit.backward as DiffEntry[], 'undo', edit.command);
    if (!repos.editLog.markUndone(edit.seq)) throw raced('undo', edit.command);
    return { ctx, command: edit.command, frame: edit.frameIndex, camera: cameraName(ctx, edit.cameraId), ...moved };
  });
}

/** Re-applies the oldest undone step in one transaction; null when there is none. */
export function redo(repos: Repositories, episodeId: number): Replayed | null {
  const ctx = episodeContext(repos, episodeId);
  return repos.transaction(() => {
    const edit = repos.editLog.nextRedo(episodeId);
    if (!edit) return null;
    const moved = moveRows(repos, edit.backward as DiffEntry[], edit.forward as DiffEntry[], 'redo', edit.command);
    if (!repos.editLog.markRedone(edit.seq)) throw raced('redo', edit.command);
    return { ctx, command: edit.command, frame: edit.frameIndex, camera: cameraName(ctx, edit.cameraId), ...moved };
  });
}

export function historyState(repos: Repositories, episodeId: number): HistoryState {
  episodeContext(repos, episodeId);
  const undoable = repos.editLog.nextUndoName(episodeId);
  const redoable = repos.editLog.nextRedoName(episodeId);
  return {
    canUndo: undoable !== undefined,
    canRedo: redoable !== undefined,
    undoCommand: undoable?.command ?? null,
    redoCommand: redoable?.command ?? null,
  };
}

function cameraName(ctx: EpisodeContext, cameraId: number | null): string | null {
  return cameraId === null ? null : (ctx.byId.get(cameraId)?.name ?? null);
}

/** Another connection (a second process on the project) got to the step first. */
function raced(verb: string, command: string): ApiError {
  return new ApiError('conflict', `cannot ${verb} "${command}": another window did it first; reload the episode`);
}
