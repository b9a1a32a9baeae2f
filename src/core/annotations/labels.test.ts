import { describe, expect, it } from 'vitest';
import { edit, openStudio, seededProject } from './testing';

describe('labels and comments', () => {
  it('creates, renames and lists labels; refuses a duplicate name and deleting a label in use', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    const cup = await s.call('labels.create', { name: 'cup', color: '#ff0000', clientId: 'w1' });
    expect(cup).toMatchObject({ name: 'cup', color: '#ff0000', usage: 0 });
    expect(await s.fail('labels.create', { name: 'CUP', color: '#00ff00' })).toMatchObject({ code: 'conflict' });
    expect(await s.fail('labels.create', { name: 'bowl', color: 'red' })).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/#rrggbb/) });
    expect(await s.call('labels.update', { id: cup.id, name: 'red cup' })).toMatchObject({ name: 'red cup', color: '#ff0000' });

    await s.call('annotations.apply', edit(episodeId, { op: 'create', id: 'p', camera: 'front', kind: 'point', frame: 0, geometry: { x: 1, y: 1 }, labelId: cup.id }));
    expect((await s.call('labels.list', {}))[0]).toMatchObject({ id: cup.id, usage: 1 });
    expect(await s.fail('labels.delete', { id: cup.id })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/"red cup" is used by 1 annotations/) });

    await s.call('annotations.apply', edit(episodeId, { op: 'delete', id: 'p' }));
    expect(await s.call('labels.delete', { id: cup.id })).toEqual({ id: cup.id });
    expect(await s.call('labels.list', {})).toEqual([]);
    expect(s.events.filter((e) => e.event === 'labels.changed')[0]!.payload).toEqual({ by: 'w1' });
  });

  it('refuses to undo the deletion of an annotation whose label has gone since', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    const cup = await s.call('labels.create', { name: 'cup', color: '#ff0000' });
    await s.call('annotations.apply', edit(episodeId, { op: 'create', id: 'p', camera: 'front', kind: 'point', frame: 0, geometry: { x: 1, y: 1 }, labelId: cup.id }));
    await s.call('annotations.apply', edit(episodeId, { op: 'delete', id: 'p' }));
    await s.call('labels.delete', { id: cup.id });
    expect(await s.fail('history.undo', { episodeId })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/label \d+ of annotation p was deleted/) });
    expect(await s.call('annotations.list', { episodeId })).toEqual([]);
  });

  it('pins comments to a frame and camera, with author, and refuses a frame beyond the episode', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    const note = await s.call('comments.add', { episodeId, frame: 8, camera: 'wrist', text: 'gripper slips', author: 'ana', clientId: 'w1' });
    await s.call('comments.add', { episodeId, frame: 2, text: 'occluded' });
    expect((await s.call('comments.list', { episodeId })).map((c: any) => [c.frame, c.camera, c.text])).toEqual([
      [2, null, 'occluded'],
      [8, 'wrist', 'gripper slips'],
    ]);
    expect(note).toMatchObject({ author: 'ana', createdAt: expect.any(Number) });
    expect(await s.fail('comments.add', { episodeId, frame: 10, text: 'x' })).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/beyond the episode/) });
    expect(await s.fail('comments.add', { episodeId, frame: 1, camera: 'top', text: 'x' })).toMatchObject({ code: 'bad_request' });
    await s.call('comments.delete', { id: note.id });
    expect(await s.fail('comments.delete', { id: note.id })).toMatchObject({ code: 'not_found' });
    expect(s.events.filter((e) => e.event === 'comments.changed').map((e) => e.payload)).toContainEqual({ episodeId, by: 'w1' });
  });
});
