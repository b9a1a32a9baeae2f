import { describe, expect, it } from 'vitest';
import { box, edit, openStudio, seededProject, type TestStudio } from './testing';

/** Rows and history steps, to show that a refused call changed nothing. */
async function snapshot(s: TestStudio, episodeId: number) {
  return { rows: await s.call('annotations.list', { episodeId }), history: await s.call('history.state', { episodeId }) };
}

describe('annotations.apply refuses bad input with a clear message and changes nothing', () => {
  const create = (extra: object) => ({ op: 'create', camera: 'front', kind: 'box', frame: 1, geometry: box(1, 1, 10, 10), ...extra });
  const cases: [string, (episodeId: number) => object, RegExp][] = [
    ['a box outside the image', (e) => edit(e, create({ geometry: box(10, 10, 70, 20) })), /geometry\.x2: 70 is outside the image \(0 to 64\)/],
    ['a point below the image', (e) => edit(e, create({ kind: 'point', geometry: { x: 3, y: 49 } })), /geometry\.y: 49 is outside the image \(0 to 48\)/],
    ['a NaN coordinate', (e) => edit(e, create({ kind: 'point', geometry: { x: Number.NaN, y: 3 } })), /geometry\.x/],
    ['a null coordinate (NaN after JSON)', (e) => edit(e, create({ kind: 'point', geometry: { x: null, y: 3 } })), /geometry\.x/],
    ['an inverted box', (e) => edit(e, create({ geometry: box(10, 10, 5, 20) })), /x2 > x1/],
    ['an unknown label', (e) => edit(e, create({ labelId: 99 })), /labelId: unknown label 99/],
    ['a frame beyond the episode', (e) => edit(e, create({ frame: 10 })), /frame 10 is beyond the episode \(frames 0 to 9\)/],
    ['an edit frame beyond the episode', (e) => edit(e, create({}), { frame: 12 }), /frame 12 is beyond the episode/],
    ['a trajectory vertex beyond the episode', (e) => edit(e, create({ kind: 'trajectory', geometry: { points: [{ x: 1, y: 1, frame: 0 }, { x: 2, y: 2, frame: 40 }] } })), /points\.1\.frame: frame 40/],
    ['a keyframe outside the image', (e) => edit(e, create({ kind: 'point', isTrack: true, geometry: { keyframes: [{ frame: 0, value: { x: 1, y: 100 } }] } })), /keyframes\.0\.value\.y: 100/],
    ['an unknown camera', (e) => edit(e, create({ camera: 'top' })), /unknown camera "top"; episode \d+ has front, wrist/],
  ];

  for (const [what, input, message] of cases) {
    it(`refuses ${what}`, async () => {
      const { dir, episodeId } = seededProject();
      const s = await openStudio(dir);
      await s.call('annotations.apply', edit(episodeId, create({ id: 'keep' })));
      const before = await snapshot(s, episodeId);
      const error = await s.fail('annotations.apply', input(episodeId));
      expect(error.code).toBe('bad_request');
      expect(error.message).toMatch(message);
      expect(await snapshot(s, episodeId)).toEqual(before);
    });
  }

  it('refuses an edit to an annotation deleted elsewhere, and rolls back the whole batch', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    await s.call('annotations.apply', edit(episodeId, create({ id: 'gone' })));
    await s.call('annotations.apply', edit(episodeId, { op: 'delete', id: 'gone' }, { clientId: 'other-window' }));
    const before = await snapshot(s, episodeId);
    const error = await s.fail('annotations.apply', {
      ...edit(episodeId, create({ id: 'new' })),
      changes: [create({ id: 'new' }), { op: 'update', id: 'gone', geometry: box(2, 2, 8, 8) }],
    });
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/changes\.1 \(update gone\): annotation gone was deleted elsewhere/) });
    expect(await snapshot(s, episodeId)).toEqual(before);
    expect(await s.fail('annotations.apply', edit(episodeId, { op: 'delete', id: 'gone' }))).toMatchObject({ code: 'conflict' });
  });

  it('refuses an unknown episode and a wrong kind at the door', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    expect(await s.fail('annotations.apply', edit(episodeId + 100, create({})))).toMatchObject({ code: 'not_found' });
    expect(await s.fail('annotations.apply', edit(episodeId, create({ kind: 'polygon' })))).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/kind/) });
    expect(await s.fail('annotations.apply', edit(episodeId, create({ kind: 'segment', isTrack: true, geometry: { keyframes: [] } })))).toMatchObject({ message: expect.stringMatching(/cannot be a track/) });
  });
});
