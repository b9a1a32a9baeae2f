import { describe, expect, it } from 'vitest';
import { edit, openStudio, seededProject } from './testing';

const point = (id: string, frame = 0) => ({ op: 'create', id, camera: 'front', kind: 'point', frame, geometry: { x: 1, y: 1 } });
const statusOf = async (s: Awaited<ReturnType<typeof openStudio>>, id: number) => (await s.call('episodes.get', { id })).reviewStatus;
const reviewEvents = (s: Awaited<ReturnType<typeof openStudio>>) =>
  s.events.filter((e) => e.event === 'episodes.reviewChanged').map((e) => e.payload);

describe('review status', () => {
  it('moves an episode from todo to in_progress with its first stored annotation, once, and tells the lists', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    expect(await statusOf(s, episodeId)).toBe('todo');
    await s.call('annotations.apply', edit(episodeId, point('a'), { clientId: 'w1', author: 'ana' }));
    expect(await statusOf(s, episodeId)).toBe('in_progress');
    expect((await s.call('episodes.list', { reviewStatus: 'in_progress' })).rows.map((r: any) => r.id)).toEqual([episodeId]);
    await s.call('annotations.apply', edit(episodeId, point('b', 3)));
    expect(reviewEvents(s)).toEqual([{ id: episodeId, status: 'in_progress', by: 'w1' }]);
  });

  it('leaves a status someone set alone, and a refused batch changes nothing', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    await s.call('episodes.setReview', { id: episodeId, status: 'needs_review', clientId: 'w2', author: 'bo' });
    await s.call('annotations.apply', edit(episodeId, point('a')));
    expect(await statusOf(s, episodeId)).toBe('needs_review');

    await s.call('episodes.setReview', { id: episodeId, status: 'todo' });
    // The second change is out of the frame range: the whole batch, status change included, is refused.
    const bad = { ...edit(episodeId, point('b')), changes: [point('b'), point('c', 99)] };
    expect(await s.fail('annotations.apply', bad)).toMatchObject({ code: 'bad_request' });
    expect(await statusOf(s, episodeId)).toBe('todo');
    // Moving an existing annotation is not a first annotation.
    await s.call('annotations.apply', edit(episodeId, { op: 'update', id: 'a', geometry: { x: 2, y: 2 } }));
    expect(await statusOf(s, episodeId)).toBe('todo');
    expect(reviewEvents(s)).toEqual([
      { id: episodeId, status: 'needs_review', by: 'w2' },
      { id: episodeId, status: 'todo' },
    ]);
  });

  it('refuses an unknown status naming the field, and the old names', async () => {
    const { dir, episodeId } = seededProject();
    const s = await openStudio(dir);
    for (const status of ['accepted', 'unreviewed', 'later']) {
      const error = await s.fail('episodes.setReview', { id: episodeId, status });
      expect(error.code).toBe('bad_request');
      expect(error.message).toMatch(/status/);
    }
    expect(await statusOf(s, episodeId)).toBe('todo');
  });
});
