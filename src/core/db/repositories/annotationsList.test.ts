import { describe, expect, it } from 'vitest';
import { freshDb, seedDataset, seedEpisode } from '../testing';

// The list queries read array rows and name the fields themselves (for speed): a column out of place
// would hand the editor a wrong field without any error, so every field is checked against get().
describe('annotations repository list', () => {
  it('returns every field of every row as get() does, on each camera and on the whole episode', () => {
    const { repos } = freshDb();
    const episode = seedEpisode(repos, seedDataset(repos), 0, { length: 50, cameras: ['front', 'wrist'] });
    const [front, wrist] = episode.cameraIds as [number, number];
    const cup = repos.labels.insert({ name: 'cup', color: '#f00' });
    const ids = [
      repos.annotations.insert({
        episodeId: episode.episodeId, cameraId: front, kind: 'box', frameStart: 3, frameEnd: 9, isTrack: true,
        geometry: { keyframes: [{ frame: 3, value: { x1: 1, y1: 2, x2: 3, y2: 4 }, source: 'tracked' }] },
        labelClassId: cup, query: 'where is the cup?', source: 'tracked', confidence: 0.75, author: 'ann',
        createdAt: 10, updatedAt: 20,
      }),
      repos.annotations.insert({
        episodeId: episode.episodeId, cameraId: wrist, kind: 'point', frameStart: 1,
        geometry: { x: 0.5, y: 7.25, role: 'grasp' }, source: 'manual', author: 'bo', createdAt: 30,
      }),
    ];
    const whole = ids.map((id) => repos.annotations.get(id));
    expect(repos.annotations.listByEpisode(episode.episodeId)).toEqual([whole[1], whole[0]]);
    expect(repos.annotations.listByEpisode(episode.episodeId, front)).toEqual([whole[0]]);
    expect(repos.annotations.listByEpisode(episode.episodeId, wrist)).toEqual([whole[1]]);
    expect(whole[0]).toMatchObject({ isTrack: true, labelClassId: cup, confidence: 0.75, source: 'tracked', frameEnd: 9, updatedAt: 20 });
  });
});
