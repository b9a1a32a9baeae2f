import { describe, expect, it } from 'vitest';
import { box, edit, openStudio, seededProject } from './testing';

const point = (id: string, x: number) => ({ op: 'create', id, camera: 'front', kind: 'point', frame: 0, geometry: { x, y: 1 } });

describe('history', () => {
  it('undoes a batch (a drag of several shapes) as one step and brings the player back to its frame', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    await s.call('annotations.apply', { ...edit(episodeId, point('a', 1)), changes: [point('a', 1), point('b', 2)], frame: 0 });
    await s.call('annotations.apply', {
      episodeId, command: { name: 'annotation.move' }, frame: 7, camera: 'wrist',
      changes: [{ op: 'update', id: 'a', geometry: { x: 11, y: 1 } }, { op: 'update', id: 'b', geometry: { x: 12, y: 1 } }, { op: 'update', id: 'a', geometry: { x: 21, y: 1 } }],
    });
    expect(await s.call('history.state', { episodeId })).toEqual({ canUndo: true, canRedo: false, undoCommand: 'annotation.move', redoCommand: null });

    const undone = await s.call('history.undo', { episodeId });
    expect(undone).toMatchObject({ command: 'annotation.move', frame: 7, camera: 'wrist', deleted: [] });
    const xs = async () => (await s.call('annotations.list', { episodeId })).map((a: any) => a.geometry.x);
    expect(await xs()).toEqual([1, 2]);
    const redone = await s.call('history.redo', { episodeId });
    expect(redone).toMatchObject({ command: 'annotation.move', frame: 7 });
    expect(await xs()).toEqual([21, 12]);

    await s.call('history.undo', { episodeId });
    await s.call('history.undo', { episodeId });
    expect(await xs()).toEqual([]);
    expect(await s.call('history.undo', { episodeId })).toBeNull();
    expect(await s.call('history.state', { episodeId })).toMatchObject({ canUndo: false, canRedo: true, redoCommand: 'annotation.edit' });
  });

  it('survives closing and reopening the project', async () => {
    const { dir, episodeId } = seededProject();
    const first = await openStudio(dir);
    await first.call('annotations.apply', edit(episodeId, point('a', 1), { frame: 4 }));
    await first.call('annotations.apply', edit(episodeId, { op: 'update', id: 'a', geometry: { x: 9, y: 1 } }, { frame: 6 }));
    await first.call('history.undo', { episodeId });
    await first.close();

    const second = await openStudio(dir);
    expect(await second.call('history.state', { episodeId })).toMatchObject({ canUndo: true, canRedo: true });
    expect((await second.call('history.redo', { episodeId })).frame).toBe(6);
    expect((await second.call('annotations.list', { episodeId }))[0].geometry.x).toBe(9);
    expect((await second.call('history.undo', { episodeId })).frame).toBe(6);
    expect((await second.call('history.undo', { episodeId })).frame).toBe(4);
    expect(await second.call('annotations.list', { episodeId })).toEqual([]);
  });

  it('discards the redo stack when a new edit lands', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    await s.call('annotations.apply', edit(episodeId, point('a', 1)));
    await s.call('history.undo', { episodeId });
    await s.call('annotations.apply', edit(episodeId, point('b', 2)));
    expect(await s.call('history.state', { episodeId })).toMatchObject({ canRedo: false });
    expect(await s.call('history.redo', { episodeId })).toBeNull();
  });

  it('refuses to undo over an edit made since by another window, and changes nothing', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    await s.call('annotations.apply', edit(episodeId, { op: 'create', id: 'a', camera: 'front', kind: 'box', frame: 0, geometry: box(1, 1, 5, 5) }));
    await s.call('annotations.apply', edit(episodeId, { op: 'update', id: 'a', geometry: box(2, 2, 6, 6) }));
    // Another window's tracker rewrites it without an undo step.
    await s.call('annotations.apply', {
      ...edit(episodeId, { op: 'update', id: 'a', geometry: box(3, 3, 7, 7), source: 'tracked' }),
      command: { name: 'tracker.run', undoable: false },
    });
    const before = await s.call('annotations.list', { episodeId });
    const error = await s.fail('history.undo', { episodeId });
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/cannot undo "annotation.edit": annotation a was changed elsewhere/) });
    expect(await s.call('annotations.list', { episodeId })).toEqual(before);
    expect(await s.call('history.state', { episodeId })).toMatchObject({ canUndo: true, undoCommand: 'annotation.edit' });
  });

  it('lets a window keep editing a version that undo brought back', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    const [a] = (await s.call('annotations.apply', edit(episodeId, point('a', 1)))).annotations;
    await s.call('annotations.apply', edit(episodeId, { op: 'update', id: 'a', baseUpdatedAt: a.updatedAt, geometry: { x: 5, y: 1 } }));
    const undone = await s.call('history.undo', { episodeId });
    expect(undone.annotations[0]).toEqual(a);
    await s.call('annotations.apply', edit(episodeId, { op: 'update', id: 'a', baseUpdatedAt: a.updatedAt, geometry: { x: 6, y: 1 } }));
  });
});
