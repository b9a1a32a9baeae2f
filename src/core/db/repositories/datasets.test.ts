import { describe, expect, it } from 'vitest';
import { freshDb, seedDataset, seedEpisode } from '../testing';

const count = (db: ReturnType<typeof freshDb>['db'], table: string) =>
  db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

const DATA_TABLES = ['datasets', 'media_files', 'episodes', 'episode_tasks', 'cameras', 'frames', 'signals', 'annotations'];

describe('datasets repository', () => {
  it('stores a dataset with its options and warnings', () => {
    const { repos } = freshDb();
    const id = repos.datasets.insert({
      name: 'pick',
      sourceFormat: 'lerobot',
      sourceVersion: 'v3.0',
      sourcePath: '/data/pick',
      fps: 30,
      importOptions: { copyMedia: true },
      copyMedia: true,
      warnings: ['meta/info.json: total_frames: says 10, found 9'],
      metadata: { robotType: 'so100' },
      importedAt: 1234,
    });
    expect(repos.datasets.get(id)).toEqual({
      id,
      name: 'pick',
      sourceFormat: 'lerobot',
      sourceVersion: 'v3.0',
      sourcePath: '/data/pick',
      fps: 30,
      importOptions: { copyMedia: true },
      copyMedia: true,
      warnings: ['meta/info.json: total_frames: says 10, found 9'],
      metadata: { robotType: 'so100' },
      importedAt: 1234,
    });
    repos.datasets.setWarnings(id, ['a', 'b']);
    expect(repos.datasets.getByName('pick')?.warnings).toEqual(['a', 'b']);
  });

  it('hands out unique names', () => {
    const { repos } = freshDb();
    seedDataset(repos, 'pick');
    expect(repos.datasets.uniqueName('pick')).toBe('pick (2)');
    seedDataset(repos, 'pick (2)');
    expect(repos.datasets.uniqueName('pick')).toBe('pick (3)');
    expect(repos.datasets.uniqueName('place')).toBe('place');
    expect(() => seedDataset(repos, 'pick')).toThrow(/UNIQUE/);
  });

  it('imports all or nothing: a throw mid-import leaves no trace', () => {
    const { db, repos } = freshDb();
    expect(() =>
      repos.transaction(() => {
        const datasetId = seedDataset(repos, 'broken');
        seedEpisode(repos, datasetId, 0, { tasks: ['pick'] });
        seedEpisode(repos, datasetId, 1);
        throw new Error('episode 2: parquet is truncated');
      }),
    ).toThrow(/truncated/);
    for (const table of DATA_TABLES) expect(count(db, table), table).toBe(0);
    expect(repos.episodes.list({ search: 'episode' }).total).toBe(0);
  });

  it('deleting a dataset removes everything under it and nothing else', () => {
    const { db, repos } = freshDb();
    const keep = seedDataset(repos, 'keep');
    const kept = seedEpisode(repos, keep, 0);
    const gone = seedDataset(repos, 'gone');
    for (let i = 0; i < 3; i++) {
      const { episodeId, cameraIds } = seedEpisode(repos, gone, i, { tasks: ['pick'], cameras: ['front', 'wrist'] });
      repos.annotations.insert({
        episodeId,
        cameraId: cameraIds[0]!,
        kind: 'point',
        frameStart: 0,
        geometry: { x: 1, y: 2 },
        source: 'manual',
        author: 'a',
      });
      const truth = { truthPath: '/gt.parquet', seed: i, variant: 'in_distribution', taskSpec: {}, termination: null };
      repos.episodes.setSimTruth({ episodeId, ...truth });
      repos.editLog.append({ episodeId, command: 'annotation.create', undoable: true, forward: {}, backward: {}, author: 'a' });
    }
    const runId = repos.training.createRun({ name: 'r', stage: 'grounding', config: {}, runDir: 'runs/1', datasetIds: [keep, gone] });

    expect(repos.datasets.delete(gone)).toBe(true);

    expect(count(db, 'datasets')).toBe(1);
    expect(count(db, 'episodes')).toBe(1);
    expect(count(db, 'cameras')).toBe(1);
    expect(count(db, 'frames')).toBe(10);
    expect(count(db, 'signals')).toBe(2);
    expect(count(db, 'media_files')).toBe(1);
    for (const table of ['annotations', 'episode_tasks', 'episode_sim_truth', 'edit_log']) expect(count(db, table), table).toBe(0);
    expect(repos.episodes.get(kept.episodeId)).toBeDefined();
    expect(repos.episodes.list({ search: 'episode' }).rows.map((r) => r.id)).toEqual([kept.episodeId]);
    expect(repos.training.getRun(runId)?.datasetIds).toEqual([keep]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('summarises episodes, frames and camera names', () => {
    const { repos } = freshDb();
    const id = seedDataset(repos);
    seedEpisode(repos, id, 0, { length: 5, cameras: ['wrist', 'front'] });
    seedEpisode(repos, id, 1, { length: 7, cameras: ['front'] });
    expect(repos.datasets.totals(id)).toEqual({ episodeCount: 2, frameCount: 12, cameraNames: ['front', 'wrist'] });
    expect(repos.datasets.counts()).toEqual({ datasets: 1, episodes: 2 });
  });

  it('relinks a media file into the project', () => {
    const { repos } = freshDb();
    const datasetId = seedDataset(repos);
    const id = repos.datasets.insertMediaFile({ datasetId, path: '/abs/v.mp4', kind: 'video', codec: 'h264', sizeBytes: 10 });
    repos.datasets.relinkMediaFile(id, 'media/1/v.mp4', true);
    expect(repos.datasets.getMediaFile(id)).toMatchObject({ path: 'media/1/v.mp4', inProject: true, codec: 'h264', sizeBytes: 10 });
    expect(repos.datasets.listMediaFiles(datasetId)).toHaveLength(1);
  });
});
