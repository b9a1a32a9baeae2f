/**
 * Every query a screen runs must use an index. Each screen's repository call is run for real, the
 * SQL it executed is captured (values filled in) and EXPLAINed. No statistics are gathered, so the
 * planner assumes large tables, as in a big project.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './connection';
import { createRepositories, type Repositories } from './repositories/index';
import { seedDataset, seedEpisode, tempDir } from './testing';

interface PlanRow {
  detail: string;
}

function setup() {
  const captured: string[] = [];
  const db = openDatabase(join(tempDir(), 'project.sqlite'), { create: true, verbose: (sql) => captured.push(sql) });
  const repos = createRepositories(db);
  const datasetId = seedDataset(repos);
  const { episodeId, cameraIds } = seedEpisode(repos, datasetId, 0, { instruction: 'pick the cup', tasks: ['pick'] });
  const cameraId = cameraIds[0]!;
  repos.annotations.insert({ episodeId, cameraId, kind: 'point', frameStart: 1, geometry: {}, source: 'manual', author: 'a' });
  repos.editLog.append({ episodeId, command: 'c', undoable: true, forward: {}, backward: {}, author: 'a' });
  const runId = repos.training.createRun({ name: 'r', stage: 'grounding', config: {}, runDir: 'runs/1', datasetIds: [datasetId] });
  const evaluationId = repos.rollouts.createEvaluation({ name: 'e', source: 'sim', runId });
  const rolloutId = repos.rollouts.insertRollout({ evaluationId, index: 0, fps: 10, success: false });
  repos.failureTags.tag(rolloutId, 'drop', { author: 'a' });
  return { db, repos, captured, datasetId, episodeId, cameraId, runId, evaluationId, rolloutId };
}

/** The plan lines of every data statement that `call` ran. */
function plansOf(db: Db, captured: string[], call: () => unknown): { sql: string; plan: string[] }[] {
  captured.length = 0;
  call();
  return captured
    .filter((sql) => /^\s*(SELECT|UPDATE|DELETE|WITH)\b/i.test(sql))
    .map((sql) => ({ sql, plan: (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as PlanRow[]).map((r) => r.detail) }));
}

/** A bare "SCAN x" reads the whole table; "SCAN x USING INDEX" walks an index in order and stops at LIMIT. */
const fullScans = (plan: string[], allowed: string[]) =>
  plan.filter((d) => /^SCAN \S+$/.test(d) && !allowed.includes(d.slice('SCAN '.length)));

type Ctx = ReturnType<typeof setup>;

function expectIndexed(ctx: Ctx, name: string, call: (repos: Repositories) => unknown, allowScanOf: string[] = []) {
  const statements = plansOf(ctx.db, ctx.captured, () => call(ctx.repos));
  expect(statements.length, `${name} ran no query`).toBeGreaterThan(0);
  for (const { sql, plan } of statements) {
    expect(fullScans(plan, allowScanOf), `${name}: ${sql}\n${plan.join('\n')}`).toEqual([]);
  }
}

/** Stricter, for lookups inside one episode, camera or run: only index searches, no sorting pass. */
function expectSearchOnly(ctx: Ctx, name: string, call: (repos: Repositories) => unknown) {
  for (const { sql, plan } of plansOf(ctx.db, ctx.captured, () => call(ctx.repos))) {
    const bad = plan.filter((d) => /^SCAN /.test(d) || /TEMP B-TREE/.test(d));
    expect(bad, `${name}: ${sql}\n${plan.join('\n')}`).toEqual([]);
  }
}

describe('screen queries use indexes', () => {
  it('episode list: every filter and sort combination', () => {
    const ctx = setup();
    const filters = [
      {},
      { datasetId: ctx.datasetId },
      { reviewStatus: 'done' as const },
      { datasetId: ctx.datasetId, reviewStatus: 'todo' as const },
      { task: 'pick' },
      { hasAnnotations: true },
      { hasAnnotations: false, datasetId: ctx.datasetId },
      { search: 'cup' },
      { search: 'pick cup', datasetId: ctx.datasetId, reviewStatus: 'todo' as const },
    ];
    for (const filter of filters) {
      for (const sort of ['index', 'length', 'instruction'] as const) {
        for (const descending of [false, true]) {
          const query = { ...filter, sort, descending };
          expectIndexed(ctx, `episodes.list ${JSON.stringify(query)}`, (r) => r.episodes.list(query));
        }
      }
    }
    // The usual view, one dataset in any order, pages straight off an index with no sorting pass.
    for (const sort of ['index', 'length', 'instruction'] as const) {
      for (const descending of [false, true]) {
        expectSearchOnly(ctx, `one dataset by ${sort}`, (r) => r.episodes.list({ datasetId: ctx.datasetId, sort, descending }));
      }
    }
    expectIndexed(ctx, 'tasks of dataset', (r) => r.episodes.tasksOfDataset(ctx.datasetId));
    expectIndexed(ctx, 'datasets list', (r) => r.datasets.list(), ['datasets']);
    expectIndexed(ctx, 'dataset totals', (r) => r.datasets.totals(ctx.datasetId));
  });

  it('episode detail, player and annotation screens', () => {
    const ctx = setup();
    const { episodeId, cameraId } = ctx;
    expectSearchOnly(ctx, 'episode', (r) => r.episodes.get(episodeId));
    expectSearchOnly(ctx, 'cameras', (r) => r.episodes.camerasOf(episodeId));
    expectSearchOnly(ctx, 'tasks', (r) => r.episodes.tasksOf(episodeId));
    expectSearchOnly(ctx, 'sim truth', (r) => r.episodes.simTruth(episodeId));
    expectSearchOnly(ctx, 'signal info', (r) => r.signals.infoOf(episodeId));
    expectSearchOnly(ctx, 'signals', (r) => r.signals.allOf(episodeId));
    expectSearchOnly(ctx, 'frames', (r) => r.frames.list(cameraId));
    expectSearchOnly(ctx, 'frame range', (r) => r.frames.list(cameraId, { from: 2, to: 5 }));
    expectSearchOnly(ctx, 'annotations of episode', (r) => r.annotations.listByEpisode(episodeId));
    expectSearchOnly(ctx, 'annotations of camera', (r) => r.annotations.listByEpisode(episodeId, cameraId));
    expectIndexed(ctx, 'annotations at frame', (r) => r.annotations.listAtFrame(cameraId, 3));
    expectSearchOnly(ctx, 'annotation count', (r) => r.annotations.countByEpisode(episodeId));
    expectIndexed(ctx, 'label classes', (r) => r.labels.list(), ['label_classes']);
  });

  it('undo and redo', () => {
    const ctx = setup();
    for (const scope of [ctx.episodeId, null]) {
      expectSearchOnly(ctx, 'next undo', (r) => r.editLog.nextUndo(scope));
      expectSearchOnly(ctx, 'next redo', (r) => r.editLog.nextRedo(scope));
      expectSearchOnly(ctx, 'next undo name', (r) => r.editLog.nextUndoName(scope));
      expectSearchOnly(ctx, 'next redo name', (r) => r.editLog.nextRedoName(scope));
      expectSearchOnly(ctx, 'history tail', (r) => r.editLog.tail(scope, 20));
      expectSearchOnly(ctx, 'append', (r) =>
        r.editLog.append({ episodeId: scope, command: 'c', undoable: true, forward: {}, backward: {}, author: 'a' }),
      );
    }
  });

  it('training and rollout screens', () => {
    const ctx = setup();
    expectIndexed(ctx, 'runs', (r) => r.training.listRuns(), ['training_runs', 'r']);
    expectSearchOnly(ctx, 'checkpoints', (r) => r.training.checkpointsOf(ctx.runId));
    expectSearchOnly(ctx, 'metrics', (r) => r.training.metricsOf(ctx.runId));
    expectSearchOnly(ctx, 'metric series', (r) => r.training.series(ctx.runId, 'train/loss', 10));
    expectSearchOnly(ctx, 'metric names', (r) => r.training.metricNames(ctx.runId));
    expectIndexed(ctx, 'evaluations', (r) => r.rollouts.listEvaluations(), ['evaluations']);
    expectSearchOnly(ctx, 'evaluations of run', (r) => r.rollouts.listEvaluations(ctx.runId));
    const shapes = [
      {},
      { success: true },
      { success: false, variant: 'x' },
      { failureTag: 'drop' },
      { failureTag: 'drop', success: false },
    ];
    for (const shape of shapes) {
      expectIndexed(ctx, `rollouts ${JSON.stringify(shape)}`, (r) => r.rollouts.list({ evaluationId: ctx.evaluationId, ...shape }));
    }
    expectSearchOnly(ctx, 'rollout steps', (r) => r.rollouts.steps(ctx.rolloutId));
    // A rollout carries a handful of tags; sorting them by name is free.
    expectIndexed(ctx, 'rollout tags', (r) => r.failureTags.tagsOf(ctx.rolloutId));
    expectIndexed(ctx, 'failure tags', (r) => r.failureTags.list(), ['failure_tags', 't']);
  });
});

describe('foreign keys', () => {
  it('every child column leads an index, so deletes and cascades never scan', () => {
    const ctx = setup();
    const tables = ctx.db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")
      .pluck()
      .all() as string[];
    const missing: string[] = [];
    for (const table of tables) {
      const keys = ctx.db
        .prepare('SELECT id, "from" FROM pragma_foreign_key_list(?) ORDER BY id, seq')
        .all(table) as { id: number; from: string }[];
      const groups = new Map<number, string[]>();
      for (const k of keys) groups.set(k.id, [...(groups.get(k.id) ?? []), k.from]);
      const indexes = (ctx.db.prepare('SELECT name FROM pragma_index_list(?)').pluck().all(table) as string[]).map(
        (index) => ctx.db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(index) as string[],
      );
      const rowidAlias = ctx.db.prepare("SELECT name FROM pragma_table_info(?) WHERE pk = 1 AND type = 'INTEGER'").pluck().all(table);
      if (rowidAlias.length === 1) indexes.push(rowidAlias as string[]);
      for (const columns of groups.values()) {
        const leads = (ix: string[]) => columns.every((c) => ix.slice(0, columns.length).includes(c));
        const covered = indexes.some(leads);
        if (!covered) missing.push(`${table}(${columns.join(', ')})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
