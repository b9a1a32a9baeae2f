import { describe, expect, it } from 'vitest';
import { openDatabase } from '../connection';
import { freshDb, seedDataset, seedEpisode } from '../testing';
import { createRepositories } from './index';
import type { NewEdit } from './editLog';

function setup() {
  const ctx = freshDb();
  const { episodeId } = seedEpisode(ctx.repos, seedDataset(ctx.repos), 0);
  const edit = (command: string, extra: Partial<NewEdit> = {}): NewEdit => ({
    episodeId,
    command,
    undoable: true,
    forward: { op: command },
    backward: { op: `un-${command}` },
    author: 'ann',
    ...extra,
  });
  return { ...ctx, episodeId, edit };
}

describe('edit log repository', () => {
  it('undoes newest first, redoes oldest first', () => {
    const { repos, episodeId, edit } = setup();
    const a = repos.editLog.append(edit('a', { frameIndex: 3, cameraId: 7 }));
    const b = repos.editLog.append(edit('b'));
    expect(repos.editLog.nextUndo(episodeId)).toMatchObject({ seq: b, forward: { op: 'b' }, backward: { op: 'un-b' } });
    expect(repos.editLog.nextRedo(episodeId)).toBeUndefined();

    expect(repos.editLog.markUndone(b)).toBe(true);
    expect(repos.editLog.markUndone(b)).toBe(false);
    const undoA = repos.editLog.nextUndo(episodeId)!;
    expect(undoA).toMatchObject({ seq: a, frameIndex: 3, cameraId: 7 });
    repos.editLog.markUndone(a);
    expect(repos.editLog.nextUndo(episodeId)).toBeUndefined();

    expect(repos.editLog.nextRedo(episodeId)?.seq).toBe(a);
    repos.editLog.markRedone(a);
    expect(repos.editLog.nextRedo(episodeId)?.seq).toBe(b);
    expect(repos.editLog.nextUndo(episodeId)?.seq).toBe(a);
    // The buttons' lookups name the same steps, without reading their diffs.
    expect(repos.editLog.nextUndoName(episodeId)).toEqual({ seq: a, command: 'a' });
    expect(repos.editLog.nextRedoName(episodeId)).toEqual({ seq: b, command: 'b' });
  });

  it('a new step discards the redo stack but keeps it in the log', () => {
    const { repos, episodeId, edit } = setup();
    repos.editLog.append(edit('a'));
    const b = repos.editLog.append(edit('b'));
    repos.editLog.markUndone(b);
    const c = repos.editLog.append(edit('c'));
    expect(repos.editLog.nextRedo(episodeId)).toBeUndefined();
    expect(repos.editLog.get(b)?.state).toBe('discarded');
    expect(repos.editLog.markRedone(b)).toBe(false);
    expect(repos.editLog.tail(episodeId).map((e) => [e.seq, e.state])).toEqual([
      [c, 'done'],
      [b, 'discarded'],
      [b - 1, 'done'],
    ]);
  });

  it('passes over steps that cannot be undone', () => {
    const { repos, episodeId, edit } = setup();
    const a = repos.editLog.append(edit('a'));
    repos.editLog.append(edit('review', { undoable: false }));
    expect(repos.editLog.nextUndo(episodeId)?.seq).toBe(a);
  });

  it('keeps scopes apart: episodes and the project', () => {
    const { repos, episodeId, edit } = setup();
    const project = repos.editLog.append(edit('label.create', { episodeId: null }));
    const inEpisode = repos.editLog.append(edit('a'));
    repos.editLog.markUndone(inEpisode);
    repos.editLog.append(edit('label.rename', { episodeId: null }));
    expect(repos.editLog.nextRedo(episodeId)?.seq).toBe(inEpisode);
    expect(repos.editLog.tail(null).map((e) => e.command)).toEqual(['label.rename', 'label.create']);
    expect(repos.editLog.tail(null, 1)).toHaveLength(1);
    expect(project).toBeLessThan(inEpisode);
  });

  it('survives a restart', () => {
    const { repos, db, file, episodeId, edit } = setup();
    const a = repos.editLog.append(edit('a'));
    db.close();
    const again = openDatabase(file);
    try {
      expect(createRepositories(again).editLog.nextUndo(episodeId)?.seq).toBe(a);
    } finally {
      again.close();
    }
  });
});
