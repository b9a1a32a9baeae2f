import { describe, expect, it } from 'vitest';
import { closeProject, openProject } from '../project/project';
import { box, edit, openStudio, seededProject } from './testing';

describe('annotations.apply', () => {
  it('creates, updates and deletes, with author and times, and lists what is stored', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    const created = await s.call('annotations.apply', edit(episodeId, {
      op: 'create', id: 'a1', camera: 'front', kind: 'box', frame: 3, geometry: box(1, 2, 30, 40),
    }, { author: 'ana' }));
    expect(created.annotations[0]).toMatchObject({
      id: 'a1', camera: 'front', kind: 'box', frameStart: 3, frameEnd: 3, source: 'manual', author: 'ana',
      geometry: box(1, 2, 30, 40),
    });
    const { updatedAt } = created.annotations[0];
    const moved = await s.call('annotations.apply', edit(episodeId, { op: 'update', id: 'a1', baseUpdatedAt: updatedAt, geometry: box(5, 6, 34, 44) }));
    expect(moved.annotations[0].updatedAt).toBeGreaterThan(updatedAt);
    expect(moved.annotations[0].author).toBe('ana');
    expect(await s.call('annotations.list', { episodeId })).toEqual(moved.annotations);
    expect(await s.call('annotations.list', { episodeId, camera: 'wrist' })).toEqual([]);

    const gone = await s.call('annotations.apply', edit(episodeId, { op: 'delete', id: 'a1' }));
    expect(gone).toMatchObject({ annotations: [], deleted: ['a1'] });
    expect(await s.call('annotations.list', { episodeId })).toEqual([]);
  });

  it('announces every change with the caller clientId, so a window can skip its own echo', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    await s.call('annotations.apply', edit(episodeId, { op: 'create', id: 'p1', camera: 'front', kind: 'point', frame: 0, geometry: { x: 3, y: 4 } }, { clientId: 'win-1' }));
    await s.call('history.undo', { episodeId, clientId: 'win-2' });
    const changed = s.events.filter((e) => e.event === 'annotations.changed').map((e) => e.payload);
    expect(changed).toEqual([
      { episodeId, reason: 'apply', by: 'win-1', ids: ['p1'] },
      { episodeId, reason: 'undo', by: 'win-2', ids: ['p1'] },
    ]);
  });

  it('makes an automatic value manual when a person edits it, and keeps a tool its own source', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    const track = { keyframes: [
      { frame: 0, value: { x: 1, y: 1 }, source: 'tracked' },
      { frame: 5, value: { x: 9, y: 9 }, source: 'tracked' },
    ] };
    await s.call('annotations.apply', edit(episodeId, { op: 'create', id: 't1', camera: 'front', kind: 'point', frame: 0, isTrack: true, geometry: track, source: 'tracked' }));
    await s.call('annotations.apply', edit(episodeId, { op: 'create', id: 'i1', camera: 'front', kind: 'box', frame: 2, geometry: box(1, 1, 5, 5), source: 'interpolated' }));
    const [trackAfter] = (await s.call('annotations.apply', edit(episodeId, {
      op: 'update', id: 't1', geometry: { keyframes: [track.keyframes[0], { frame: 5, value: { x: 10, y: 9 }, source: 'tracked' }] },
    }))).annotations;
    expect(trackAfter).toMatchObject({ source: 'manual', frameStart: 0, frameEnd: 5 });
    expect(trackAfter.geometry.keyframes.map((k: { source: string }) => k.source)).toEqual(['tracked', 'manual']);
    const [boxAfter] = (await s.call('annotations.apply', edit(episodeId, { op: 'update', id: 'i1', geometry: box(2, 1, 6, 5) }))).annotations;
    expect(boxAfter.source).toBe('manual');
    const [retracked] = (await s.call('annotations.apply', edit(episodeId, { op: 'update', id: 'i1', geometry: box(2, 2, 6, 6), source: 'tracked' }))).annotations;
    expect(retracked.source).toBe('tracked');
  });

  it('keeps a tracked keyframe stored at full precision (before rounding) tracked when a person edits another', async () => {
    const { dir, episodeId } = seededProject();
    const project = openProject(dir);
    const cameraId = project.repos.episodes.camerasOf(episodeId).find((c) => c.name === 'front')!.id;
    project.repos.annotations.insert({
      id: 'old', episodeId, cameraId, kind: 'point', frameStart: 0, frameEnd: 5, isTrack: true, source: 'tracked', author: 'tracker',
      geometry: { keyframes: [
        { frame: 0, value: { x: 1.23456789, y: 2.00000001, role: 'other' }, source: 'tracked' },
        { frame: 5, value: { x: 9, y: 9, role: 'other' }, source: 'tracked' },
      ] },
    });
    closeProject(project);
    const s = await openStudio(dir);
    // The window sends back the first keyframe as it loaded it, unrounded, and moves the second.
    const [after] = (await s.call('annotations.apply', edit(episodeId, { op: 'update', id: 'old', geometry: { keyframes: [
      { frame: 0, value: { x: 1.23456789, y: 2.00000001 }, source: 'tracked' },
      { frame: 5, value: { x: 10, y: 9 }, source: 'tracked' },
    ] } }))).annotations;
    expect(after.geometry.keyframes).toMatchObject([
      { frame: 0, value: { x: 1.235, y: 2 }, source: 'tracked' },
      { frame: 5, value: { x: 10, y: 9 }, source: 'manual' },
    ]);
  });

  it('refuses an edit based on a version changed by another client, naming the annotation', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    const [a] = (await s.call('annotations.apply', edit(episodeId, { op: 'create', id: 'c1', camera: 'front', kind: 'point', frame: 0, geometry: { x: 1, y: 1 } }))).annotations;
    // Both windows loaded version a.updatedAt; window 1 saves first.
    await s.call('annotations.apply', edit(episodeId, { op: 'update', id: 'c1', baseUpdatedAt: a.updatedAt, geometry: { x: 2, y: 2 } }, { clientId: 'w1' }));
    const error = await s.fail('annotations.apply', edit(episodeId, { op: 'update', id: 'c1', baseUpdatedAt: a.updatedAt, geometry: { x: 3, y: 3 } }, { clientId: 'w2' }));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/annotation c1 was changed elsewhere/);
    expect((await s.call('annotations.list', { episodeId }))[0].geometry).toMatchObject({ x: 2, y: 2 });
  });
});

describe('two processes on one project (Electron and the CLI, or two servers)', () => {
  it('see each other’s edits and refuse a stale one', async () => {
    const { dir, episodeId } = seededProject();
    const a = await openStudio(dir);
    const b = await openStudio(dir);
    const [made] = (await a.call('annotations.apply', edit(episodeId, { op: 'create', id: 'x', camera: 'front', kind: 'point', frame: 0, geometry: { x: 1, y: 1 } }))).annotations;
    expect((await b.call('annotations.list', { episodeId }))[0]).toEqual(made);
    await b.call('annotations.apply', edit(episodeId, { op: 'update', id: 'x', baseUpdatedAt: made.updatedAt, geometry: { x: 2, y: 2 } }));
    expect(await a.fail('annotations.apply', edit(episodeId, { op: 'update', id: 'x', baseUpdatedAt: made.updatedAt, geometry: { x: 3, y: 3 } }))).toMatchObject({ code: 'conflict' });
    // The history is the episode's, so undo in either process reverts the newest step.
    expect((await a.call('history.undo', { episodeId })).annotations[0]).toEqual(made);
  });
});
