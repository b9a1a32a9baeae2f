import { describe, expect, it } from 'vitest';
import { freshDb, seedDataset, seedEpisode } from '../testing';

describe('comments repository', () => {
  it('lists comments in frame order and goes with its episode', () => {
    const { repos } = freshDb();
    const { episodeId } = seedEpisode(repos, seedDataset(repos), 0);
    const late = repos.comments.insert({ episodeId, frame: 7, camera: 'front', text: 'gripper slips', author: 'ana' });
    const early = repos.comments.insert({ episodeId, frame: 2, camera: null, text: 'occluded', author: 'ben' });
    expect(repos.comments.listByEpisode(episodeId).map((c) => c.id)).toEqual([early, late]);
    expect(repos.comments.get(late)).toMatchObject({ frame: 7, camera: 'front', author: 'ana' });
    expect(repos.comments.delete(early)).toBe(true);
    expect(repos.comments.delete(early)).toBe(false);
    repos.episodes.delete(episodeId);
    expect(repos.comments.get(late)).toBeUndefined();
  });

  it('refuses an empty text at the column', () => {
    const { repos } = freshDb();
    const { episodeId } = seedEpisode(repos, seedDataset(repos), 0);
    expect(() => repos.comments.insert({ episodeId, frame: 0, camera: null, text: '', author: 'ana' })).toThrow();
  });
});
