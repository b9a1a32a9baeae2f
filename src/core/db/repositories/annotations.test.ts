import { describe, expect, it } from 'vitest';
import { freshDb, seedDataset, seedEpisode } from '../testing';
import { LabelClassInUseError } from './labels';

function setup() {
  const ctx = freshDb();
  const datasetId = seedDataset(ctx.repos);
  const episode = seedEpisode(ctx.repos, datasetId, 0, { length: 50, cameras: ['front', 'wrist'] });
  const other = seedEpisode(ctx.repos, datasetId, 1);
  return { ...ctx, episode, other, front: episode.cameraIds[0]!, wrist: episode.cameraIds[1]! };
}

describe('annotations repository', () => {
  it('stores a point, returns it whole and updates it', () => {
    const { repos, episode, front } = setup();
    const cup = repos.labels.insert({ name: 'cup', color: '#f00' });
    const id = repos.annotations.insert({
      episodeId: episode.episodeId,
      cameraId: front,
      kind: 'point',
      frameStart: 4,
      geometry: { x: 10.5, y: 20 },
      labelClassId: cup,
      query: 'where is the red cup?',
      source: 'manual',
      author: 'ann',
      createdAt: 10,
    });
    expect(repos.annotations.get(id)).toEqual({
      id,
      episodeId: episode.episodeId,
      cameraId: front,
      kind: 'point',
      frameStart: 4,
      frameEnd: 4,
      isTrack: false,
      geometry: { x: 10.5, y: 20 },
      labelClassId: cup,
      query: 'where is the red cup?',
      source: 'manual',
      confidence: null,
      author: 'ann',
      createdAt: 10,
      updatedAt: 10,
    });
    const updated = repos.annotations.update(id, { geometry: { x: 11, y: 21 }, labelClassId: null }, 20);
    expect(updated).toMatchObject({ geometry: { x: 11, y: 21 }, labelClassId: null, updatedAt: 20, createdAt: 10 });
    expect(repos.annotations.get(id)).toEqual(updated);
    expect(repos.annotations.update('nope', { query: 'x' })).toBeUndefined();
  });

  it('finds frame annotations and tracks that cover a frame', () => {
    const { repos, episode, front, wrist } = setup();
    const base = { episodeId: episode.episodeId, source: 'manual' as const, author: 'a' };
    const p = repos.annotations.insert({ ...base, id: 'p', cameraId: front, kind: 'point', frameStart: 5, geometry: {} });
    const t = repos.annotations.insert({
      ...base,
      id: 't',
      cameraId: front,
      kind: 'box',
      frameStart: 2,
      frameEnd: 9,
      isTrack: true,
      geometry: { keyframes: [] },
    });
    repos.annotations.insert({ ...base, id: 'w', cameraId: wrist, kind: 'point', frameStart: 5, geometry: {} });
    repos.annotations.insert({ ...base, id: 'late', cameraId: front, kind: 'trajectory', frameStart: 30, geometry: [] });

    expect(repos.annotations.listAtFrame(front, 5).map((a) => a.id).sort()).toEqual([p, t].sort());
    expect(repos.annotations.listAtFrame(front, 9).map((a) => a.id)).toEqual([t]);
    expect(repos.annotations.listAtFrame(front, 10)).toEqual([]);
    expect(repos.annotations.listByEpisode(episode.episodeId).map((a) => a.id)).toEqual(['t', 'p', 'w', 'late']);
    expect(repos.annotations.listByEpisode(episode.episodeId, wrist).map((a) => a.id)).toEqual(['w']);
    expect(repos.annotations.countByEpisode(episode.episodeId)).toBe(4);
  });

  it('refuses a camera of another episode, a bad source and a single frame spanning frames', () => {
    const { repos, episode, other } = setup();
    const base = {
      episodeId: episode.episodeId,
      cameraId: episode.cameraIds[0]!,
      kind: 'point',
      frameStart: 0,
      geometry: {},
      source: 'manual' as const,
      author: 'a',
    };
    const insert = (patch: object) => () => repos.annotations.insert({ ...base, ...patch });
    expect(insert({ cameraId: other.cameraIds[0]! })).toThrow(/FOREIGN KEY/);
    expect(insert({ source: 'guessed' })).toThrow(/CHECK/);
    expect(insert({ frameStart: 3, frameEnd: 5 })).toThrow(/CHECK/);
    expect(insert({ geometry: undefined })).toThrow(/JSON/);
    expect(insert({})).not.toThrow();
  });

  it('bulk inserts all or nothing, and deletes by source', () => {
    const { repos, episode, front } = setup();
    const gt = (frame: number) => ({
      episodeId: episode.episodeId,
      cameraId: front,
      kind: 'box',
      frameStart: frame,
      geometry: [0, 0, 1, 1],
      source: 'ground_truth' as const,
      author: 'sim',
    });
    expect(() => repos.annotations.insertMany([gt(0), { ...gt(1), frameStart: -1 }])).toThrow(/CHECK/);
    expect(repos.annotations.countByEpisode(episode.episodeId)).toBe(0);
    expect(repos.annotations.insertMany([gt(0), gt(1), gt(2)])).toHaveLength(3);
    repos.annotations.insert({ ...gt(3), source: 'manual' });
    expect(repos.annotations.deleteBySource(episode.episodeId, 'ground_truth')).toBe(3);
    expect(repos.annotations.countByEpisode(episode.episodeId)).toBe(1);
  });

  it('keeps a label class while annotations use it', () => {
    const { repos, episode, front } = setup();
    const cup = repos.labels.insert({ name: 'Cup', color: '#f00' });
    expect(repos.labels.getByName('cup')?.id).toBe(cup);
    expect(() => repos.labels.insert({ name: 'CUP', color: '#0f0' })).toThrow(/UNIQUE/);
    const id = repos.annotations.insert({
      episodeId: episode.episodeId,
      cameraId: front,
      kind: 'point',
      frameStart: 0,
      geometry: {},
      labelClassId: cup,
      source: 'manual',
      author: 'a',
    });
    expect(() => repos.labels.delete(cup)).toThrow(LabelClassInUseError);
    repos.labels.update(cup, { color: '#00f' });
    expect(repos.labels.get(cup)).toMatchObject({ name: 'Cup', color: '#00f' });
    repos.annotations.delete(id);
    expect(repos.labels.delete(cup)).toBe(true);
    // Undo of a delete brings the class back under its old id.
    repos.labels.insert({ id: cup, name: 'Cup', color: '#00f' });
    expect(repos.labels.list().map((l) => l.id)).toEqual([cup]);
  });
});
