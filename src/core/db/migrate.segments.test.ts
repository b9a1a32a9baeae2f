import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { knownMigrations, latestVersion, migrate } from './migrate';
import { createAnnotationsRepository, createDatasetsRepository, createEpisodesRepository, createFramesRepository, createSignalsRepository, type Repositories } from './repositories/index';
import { seedDataset, seedEpisode, tempDir } from './testing';

const SEGMENT_SPANS = knownMigrations().find((m) => m.name === '0004_segment_spans')!;

/** A project file stopped just before the segment migration, with annotations and history in it. */
function projectBeforeSegments() {
  const file = join(tempDir(), 'old.sqlite');
  const db = openDatabase(file, { create: true, migrations: knownMigrations().filter((m) => m.version < SEGMENT_SPANS.version) });
  // Only the repositories of the tables used here: the others may read columns later migrations add.
  const repos = {
    datasets: createDatasetsRepository(db), episodes: createEpisodesRepository(db), frames: createFramesRepository(db),
    signals: createSignalsRepository(db), annotations: createAnnotationsRepository(db),
  } as Pick<Repositories, 'datasets' | 'episodes' | 'frames' | 'signals' | 'annotations'> as Repositories;
  const { episodeId, cameraIds } = seedEpisode(repos, seedDataset(repos), 0, { cameras: ['front', 'wrist'] });
  const base = { episodeId, author: 'ana', source: 'manual' as const };
  // Inserted out of frame order, so the copy must keep rowids for the frame-tie order of lists.
  repos.annotations.insert({ ...base, id: 'b2', cameraId: cameraIds[0]!, kind: 'box', frameStart: 4, geometry: { x1: 1, y1: 1, x2: 5, y2: 5 } });
  repos.annotations.insert({ ...base, id: 'b1', cameraId: cameraIds[0]!, kind: 'box', frameStart: 4, geometry: { x1: 2, y1: 2, x2: 6, y2: 6 } });
  repos.annotations.insert({
    ...base, id: 't1', cameraId: cameraIds[1]!, kind: 'point', frameStart: 1, frameEnd: 7, isTrack: true,
    geometry: { keyframes: [{ frame: 1, value: { x: 1, y: 1 } }, { frame: 7, value: null }] }, labelClassId: null, confidence: 0.5,
  });
  return { db, repos, episodeId, cameraIds };
}

describe('migration 0004_segment_spans', () => {
  it('keeps every annotation, its order and the indexes', () => {
    const { db, repos, episodeId } = projectBeforeSegments();
    const before = repos.annotations.listByEpisode(episodeId);
    expect(() =>
      db.prepare(`INSERT INTO annotations (id, episode_id, camera_id, kind, frame_start, frame_end, geometry, source, author, created_at, updated_at)
        SELECT 's0', episode_id, id, 'segment', 2, 6, '{}', 'manual', 'ana', 0, 0 FROM cameras LIMIT 1`).run(),
    ).toThrow(/CHECK constraint failed/);

    const result = migrate(db);
    expect(result.applied).toContain('0004_segment_spans');
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(repos.annotations.listByEpisode(episodeId)).toEqual(before);
    expect(before.map((a) => a.id)).toEqual(['t1', 'b2', 'b1']);
    const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'annotations' AND sql IS NOT NULL ORDER BY name").pluck().all();
    expect(indexes).toEqual(['annotations_by_camera', 'annotations_by_episode', 'annotations_by_label']);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'annotations_new'").pluck().get()).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('lets a segment span frames, and still holds every other single annotation to one frame', () => {
    const { db, repos, episodeId, cameraIds } = projectBeforeSegments();
    migrate(db);
    const base = { episodeId, cameraId: cameraIds[0]!, author: 'ana', source: 'manual' as const };
    repos.annotations.insert({ ...base, id: 's1', kind: 'segment', frameStart: 2, frameEnd: 6, geometry: { phase: 'grasp', text: '' } });
    expect(repos.annotations.get('s1')).toMatchObject({ frameStart: 2, frameEnd: 6 });
    expect(() => repos.annotations.insert({ ...base, id: 'p1', kind: 'point', frameStart: 2, frameEnd: 6, geometry: { x: 1, y: 1 } })).toThrow(
      /CHECK constraint failed/,
    );
    expect(() => repos.annotations.insert({ ...base, id: 's2', kind: 'segment', frameStart: 6, frameEnd: 2, geometry: { phase: 'grasp', text: '' } })).toThrow(
      /CHECK constraint failed/,
    );
    // The foreign keys came through the rebuild: a deleted episode takes its annotations along.
    db.pragma('foreign_keys = ON');
    db.prepare('DELETE FROM episodes WHERE id = ?').run(episodeId);
    expect(repos.annotations.listByEpisode(episodeId)).toEqual([]);
    db.close();
  });
});
