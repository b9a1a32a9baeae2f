import { describe, expect, it } from 'vitest';
import { freshDb, seedDataset, seedEpisode } from '../testing';

describe('frames repository', () => {
  it('writes a large frame index quickly and reads it back in order', () => {
    const { repos } = freshDb();
    const datasetId = seedDataset(repos);
    const { episodeId } = seedEpisode(repos, datasetId, 0, { length: 0, cameras: [] });
    const mediaFileId = repos.datasets.insertMediaFile({ datasetId, path: '/v/file-000.mp4', kind: 'video' });
    const cameraId = repos.episodes.insertCamera({
      episodeId,
      name: 'front',
      width: 640,
      height: 480,
      fps: 30,
      frameCount: 20_000,
      mediaFileId,
      fromTimestamp: 12.5,
    });
    const frames = Array.from({ length: 20_000 }, (_, i) => ({ frameIndex: i, timestamp: i / 30, mediaFileId, pts: 12.5 + i / 30 }));

    const started = performance.now();
    expect(repos.frames.insertMany(cameraId, frames)).toBe(20_000);
    const elapsed = performance.now() - started;
    // Generous for a slow CI box; a statement per row outside a transaction would take many seconds.
    expect(elapsed).toBeLessThan(2000);

    expect(repos.frames.count(cameraId)).toBe(20_000);
    const some = repos.frames.list(cameraId, { from: 100, to: 102 });
    expect(some.map((f) => f.frameIndex)).toEqual([100, 101, 102]);
    expect(some[0]).toEqual({
      cameraId,
      frameIndex: 100,
      timestamp: 100 / 30,
      mediaFileId,
      pts: 12.5 + 100 / 30,
      byteOffset: null,
      byteLength: null,
    });
    const all = repos.frames.list(cameraId);
    expect(all.every((f, i) => f.frameIndex === i)).toBe(true);
  });

  it('writes all rows or none', () => {
    const { repos } = freshDb();
    const datasetId = seedDataset(repos);
    const { cameraIds } = seedEpisode(repos, datasetId, 0, { length: 0 });
    const cameraId = cameraIds[0]!;
    const mediaFileId = repos.datasets.insertMediaFile({ datasetId, path: '/packed.bin', kind: 'packed' });
    const frames = [
      { frameIndex: 0, timestamp: 0, mediaFileId, byteOffset: 0, byteLength: 100 },
      { frameIndex: 1, timestamp: 0.1, mediaFileId, byteOffset: 100, byteLength: 100 },
      { frameIndex: 1, timestamp: 0.2, mediaFileId, byteOffset: 200, byteLength: 100 },
    ];
    expect(() => repos.frames.insertMany(cameraId, frames)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(repos.frames.count(cameraId)).toBe(0);
    repos.frames.insertMany(cameraId, frames.slice(0, 2));
    expect(repos.frames.get(cameraId, 1)).toMatchObject({ byteOffset: 100, byteLength: 100, pts: null });
  });
});
