import { describe, expect, it } from 'vitest';
import { freshDb, seedDataset, seedEpisode } from '../testing';
import { toMatchQuery } from './episodeList';

function seedList() {
  const ctx = freshDb();
  const { repos } = ctx;
  const a = seedDataset(repos, 'a');
  const b = seedDataset(repos, 'b');
  const e0 = seedEpisode(repos, a, 0, { instruction: 'Pick up the red cup', tasks: ['pick'], length: 30 });
  const e1 = seedEpisode(repos, a, 1, { instruction: 'place the green block in the bowl', tasks: ['place'], length: 10 });
  const e2 = seedEpisode(repos, a, 2, { instruction: 'pick up the blue café mug', tasks: ['pick', 'mug'], length: 20 });
  const e3 = seedEpisode(repos, b, 0, { instruction: 'push the can left of the plate', tasks: ['push'], length: 40 });
  repos.episodes.setReview(e1.episodeId, 'done', 'ann');
  repos.episodes.setReview(e3.episodeId, 'needs_review');
  repos.annotations.insert({
    episodeId: e2.episodeId,
    cameraId: e2.cameraIds[0]!,
    kind: 'box',
    frameStart: 3,
    geometry: [1, 2, 3, 4],
    source: 'manual',
    author: 'ann',
  });
  return { ...ctx, a, b, ids: [e0, e1, e2, e3].map((e) => e.episodeId) };
}

describe('episodes repository', () => {
  it('stores an episode with tasks, cameras and its sim ground-truth link', () => {
    const { repos } = freshDb();
    const datasetId = seedDataset(repos);
    const { episodeId, cameraIds } = seedEpisode(repos, datasetId, 7, { tasks: ['b', 'a'], cameras: ['wrist', 'front'] });
    expect(repos.episodes.get(episodeId)).toMatchObject({
      datasetId,
      index: 7,
      length: 10,
      fps: 10,
      reviewStatus: 'todo',
      success: null,
      metadata: {},
    });
    expect(repos.episodes.getByIndex(datasetId, 7)?.id).toBe(episodeId);
    expect(repos.episodes.tasksOf(episodeId)).toEqual(['a', 'b']);
    expect(repos.episodes.tasksOfDataset(datasetId)).toEqual([
      { task: 'a', episodeCount: 1 },
      { task: 'b', episodeCount: 1 },
    ]);
    expect(repos.episodes.camerasOf(episodeId).map((c) => c.name)).toEqual(['front', 'wrist']);

    const calibration = { intrinsics: { fx: 1, fy: 1, cx: 0, cy: 0 }, extrinsics: { rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1] } };
    const calibrationPath = '/meta/calibration.json';
    const cam = repos.episodes.insertCamera({
      episodeId,
      name: 'top',
      width: 8,
      height: 6,
      fps: 10,
      frameCount: 0,
      calibration,
      calibrationPath,
    });
    expect(repos.episodes.getCamera(cam)).toMatchObject({ key: 'top', calibration, calibrationPath, mediaFileId: null });
    expect(cameraIds).toHaveLength(2);

    const truth = {
      episodeId,
      truthPath: '/gt/e7.parquet',
      seed: 3,
      variant: 'unseen_objects',
      taskSpec: { family: 'pick' },
      termination: 'success',
    };
    repos.episodes.setSimTruth(truth);
    expect(repos.episodes.simTruth(episodeId)).toEqual(truth);
  });

  it('keeps episode numbers unique within a dataset', () => {
    const { repos } = freshDb();
    const datasetId = seedDataset(repos);
    seedEpisode(repos, datasetId, 0);
    expect(() => seedEpisode(repos, datasetId, 0)).toThrow(/UNIQUE/);
  });

  it('records who reviewed an episode and when', () => {
    const { repos } = freshDb();
    const { episodeId } = seedEpisode(repos, seedDataset(repos), 0);
    expect(repos.episodes.setReview(episodeId, 'rejected', 'ann', 99)).toBe(true);
    expect(repos.episodes.get(episodeId)).toMatchObject({ reviewStatus: 'rejected', reviewedBy: 'ann', reviewedAt: 99 });
    expect(() => repos.episodes.setReview(episodeId, 'maybe' as never)).toThrow(/CHECK/);
    expect(() => repos.episodes.setReview(episodeId, 'accepted' as never)).toThrow(/CHECK/);
  });

  it('starts work on an episode only from todo', () => {
    const { repos } = freshDb();
    const datasetId = seedDataset(repos);
    const fresh = seedEpisode(repos, datasetId, 0).episodeId;
    const finished = seedEpisode(repos, datasetId, 1).episodeId;
    repos.episodes.setReview(finished, 'done', 'ann', 5);
    expect(repos.episodes.startWork(fresh, 'bo', 7)).toBe(true);
    expect(repos.episodes.get(fresh)).toMatchObject({ reviewStatus: 'in_progress', reviewedBy: 'bo', reviewedAt: 7 });
    expect(repos.episodes.startWork(fresh, 'cy', 8)).toBe(false);
    expect(repos.episodes.get(fresh)).toMatchObject({ reviewedBy: 'bo', reviewedAt: 7 });
    expect(repos.episodes.startWork(finished, 'bo', 9)).toBe(false);
    expect(repos.episodes.get(finished)).toMatchObject({ reviewStatus: 'done', reviewedBy: 'ann', reviewedAt: 5 });
  });

  it('lists by dataset index by default, with totals and annotation counts', () => {
    const { repos, ids } = seedList();
    const page = repos.episodes.list();
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.id)).toEqual(ids);
    expect(page.rows[2]).toMatchObject({ index: 2, annotationCount: 1, reviewStatus: 'todo' });
    expect(repos.episodes.list({ limit: 2, offset: 1 })).toMatchObject({ total: 4, rows: [{ id: ids[1] }, { id: ids[2] }] });
  });

  it('searches instruction words, any case, accents folded, word starts matching', () => {
    const { repos, ids } = seedList();
    const search = (s: string) => repos.episodes.list({ search: s }).rows.map((r) => r.id);
    expect(search('PICK')).toEqual([ids[0], ids[2]]);
    expect(search('pick red')).toEqual([ids[0]]);
    expect(search('cafe')).toEqual([ids[2]]);
    expect(search('blo')).toEqual([ids[1]]);
    expect(search('the')).toEqual(ids);
    expect(search('pick NEAR "(')).toEqual([]);
    expect(search('  ')).toEqual(ids);
    repos.episodes.setInstruction(ids[3]!, 'pick the can');
    expect(search('pick')).toEqual([ids[0], ids[2], ids[3]]);
  });

  it('filters by dataset, task, review status and annotations', () => {
    const { repos, ids, a, b } = seedList();
    const list = (q: Parameters<typeof repos.episodes.list>[0]) => repos.episodes.list(q).rows.map((r) => r.id);
    expect(list({ datasetId: b })).toEqual([ids[3]]);
    expect(list({ task: 'pick' })).toEqual([ids[0], ids[2]]);
    expect(list({ task: 'mug' })).toEqual([ids[2]]);
    expect(list({ reviewStatus: 'done' })).toEqual([ids[1]]);
    expect(list({ reviewStatus: 'needs_review' })).toEqual([ids[3]]);
    expect(list({ reviewStatus: 'todo', datasetId: a })).toEqual([ids[0], ids[2]]);
    expect(list({ hasAnnotations: true })).toEqual([ids[2]]);
    expect(list({ hasAnnotations: false, datasetId: a })).toEqual([ids[0], ids[1]]);
    expect(list({ datasetId: a, task: 'pick', search: 'blue', hasAnnotations: true })).toEqual([ids[2]]);
    expect(repos.episodes.list({ task: 'pick' }).total).toBe(2);
  });

  it('sorts by index, length or instruction, either way', () => {
    const { repos, ids } = seedList();
    const sorted = (sort: 'index' | 'length' | 'instruction', descending = false) =>
      repos.episodes.list({ sort, descending }).rows.map((r) => r.id);
    expect(sorted('index', true)).toEqual([...ids].reverse());
    expect(sorted('length')).toEqual([ids[1], ids[2], ids[0], ids[3]]);
    expect(sorted('length', true)).toEqual([ids[3], ids[0], ids[2], ids[1]]);
    expect(sorted('instruction')).toEqual([ids[2], ids[0], ids[1], ids[3]]);
    expect(sorted('instruction', true)).toEqual([ids[3], ids[1], ids[0], ids[2]]);
  });

  it('quotes user text for FTS', () => {
    expect(toMatchQuery('pick "red" *cup')).toBe('"pick"* """red"""* "*cup"*');
    expect(toMatchQuery(' - ')).toBeNull();
  });
});
