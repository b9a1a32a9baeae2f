import { describe, expect, it } from 'vitest';
import { box, edit, openStudio, seededProject } from './testing';
import { checkGeometry } from './validate';

const image = { width: 64, height: 48, length: 10 };
const grasp = { phase: 'grasp', text: 'close the gripper on the cup' };
const segment = (id: string, frame: number, frameEnd?: number, geometry: object = grasp) => ({
  op: 'create', id, camera: 'front', kind: 'segment', frame, ...(frameEnd !== undefined && { frameEnd }), geometry,
});

describe('segment spans: validation', () => {
  it('spans frame to frameEnd, and a segment without an end sits on its frame', () => {
    expect(checkGeometry('c', 'segment', false, grasp, 2, image, 9)).toEqual({ geometry: grasp, frameStart: 2, frameEnd: 9 });
    expect(checkGeometry('c', 'segment', false, { phase: 'lift' }, 4, image)).toEqual({ geometry: { phase: 'lift', text: '' }, frameStart: 4, frameEnd: 4 });
  });

  it('refuses an end before the start or beyond the episode, naming frameEnd', () => {
    expect(() => checkGeometry('changes.0', 'segment', false, grasp, 5, image, 3)).toThrow(
      'changes.0: frameEnd: the segment would end on frame 3, before it starts on frame 5',
    );
    expect(() => checkGeometry('changes.0', 'segment', false, grasp, 5, image, 10)).toThrow(
      'changes.0: frameEnd: frame 10 is beyond the episode (frames 0 to 9)',
    );
  });

  it('refuses frameEnd on any other kind, saying where that kind takes its frames from', () => {
    expect(() => checkGeometry('c', 'box', false, box(1, 1, 5, 5), 2, image, 4)).toThrow('c: frameEnd: only a segment spans frames; a box sits on one frame');
    expect(() => checkGeometry('c', 'point', true, { keyframes: [{ frame: 2, value: null }] }, 2, image, 4)).toThrow(/a track takes its frames from its keyframes/);
    expect(() => checkGeometry('c', 'segment', false, { phase: 'wave' }, 2, image, 4)).toThrow(/c: geometry\.phase: /);
  });
});

describe('segment spans: apply, undo, redo', () => {
  it('stores, moves and resizes a span, and undo and redo restore each span', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    const created = await s.call('annotations.apply', edit(episodeId, segment('s1', 2, 6)));
    expect(created.annotations[0]).toMatchObject({ id: 's1', kind: 'segment', camera: 'front', frameStart: 2, frameEnd: 6, isTrack: false, geometry: grasp });

    // A resize sends only the end; a move sends both; a text edit sends neither and keeps the span.
    await s.call('annotations.apply', edit(episodeId, { op: 'update', id: 's1', frameEnd: 8 }));
    await s.call('annotations.apply', edit(episodeId, { op: 'update', id: 's1', frame: 4, frameEnd: 9 }));
    await s.call('annotations.apply', edit(episodeId, { op: 'update', id: 's1', geometry: { phase: 'lift', text: 'up' } }));
    const span = async () => {
      const [a] = await s.call('annotations.list', { episodeId });
      return a && [a.frameStart, a.frameEnd, a.geometry.phase];
    };
    expect(await span()).toEqual([4, 9, 'lift']);

    await s.call('history.undo', { episodeId });
    expect(await span()).toEqual([4, 9, 'grasp']);
    await s.call('history.undo', { episodeId });
    expect(await span()).toEqual([2, 8, 'grasp']);
    await s.call('history.undo', { episodeId });
    expect(await span()).toEqual([2, 6, 'grasp']);
    await s.call('history.undo', { episodeId });
    expect(await span()).toBeUndefined();
    await s.call('history.redo', { episodeId });
    await s.call('history.redo', { episodeId });
    expect(await span()).toEqual([2, 8, 'grasp']);

    // The history is on disk: a restarted studio redoes the rest.
    await s.close();
    const again = await openStudio(dir);
    await again.call('history.redo', { episodeId });
    expect((await again.call('annotations.list', { episodeId }))[0]).toMatchObject({ frameStart: 4, frameEnd: 9 });
  });

  it('refuses a bad span in a batch as a whole, naming the change and the field, and keeps what was there', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    await s.call('annotations.apply', edit(episodeId, segment('s1', 2, 6)));
    const before = await s.call('annotations.list', { episodeId });

    const shrunk = await s.fail('annotations.apply', edit(episodeId, { op: 'update', id: 's1', frame: 7 }));
    expect(shrunk).toMatchObject({ code: 'bad_request', message: 'changes.0 (update s1): frameEnd: the segment would end on frame 6, before it starts on frame 7' });

    const batch = {
      ...edit(episodeId, segment('s2', 0, 3)),
      changes: [segment('s2', 0, 3), { op: 'create', id: 'b1', camera: 'front', kind: 'box', frame: 1, frameEnd: 2, geometry: box(1, 1, 5, 5) }],
    };
    const onBox = await s.fail('annotations.apply', batch);
    expect(onBox.message).toBe('changes.1 (create b1): frameEnd: only a segment spans frames; a box sits on one frame');
    const past = await s.fail('annotations.apply', edit(episodeId, { op: 'update', id: 's1', frameEnd: 10 }));
    expect(past.message).toMatch(/^changes\.0 \(update s1\): frameEnd: frame 10 is beyond the episode/);

    expect(await s.call('annotations.list', { episodeId })).toEqual(before);
    expect(await s.call('history.state', { episodeId })).toMatchObject({ canUndo: true, undoCommand: 'annotation.edit', canRedo: false });
  });
});
