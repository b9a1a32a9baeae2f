import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FAILURE_TAGS, ROLLOUT_FORMAT_VERSION, type RolloutRecord } from '../../shared/rollouts/record';
import type { Project } from '../project/project';
import { readRolloutFolder, readStoredRecord, storeRolloutFolders, storeRollouts, type StagedRollout } from './store';
import { ensureTaxonomy, setTaxonomy, tagRollout } from './taxonomy';
import { leftovers, makeVideo, tempFolder, tempProject, writeJson } from './testing';

function record(overrides: Partial<RolloutRecord> = {}): RolloutRecord {
  return {
    version: ROLLOUT_FORMAT_VERSION,
    source: 'sim',
    instruction: 'pick up the red block',
    success: false,
    reason: 'timeout',
    cameras: ['front'],
    policyCamera: 'front',
    fps: 10,
    meta: { variant: 'in_distribution', seed: 1 },
    steps: [0, 1, 2].map((t) => ({ t, executed: [t, 0, 1], predicted: { point: [0.5, 0.5] } })),
    ...overrides,
  };
}

/** A rollout folder as an evaluation writes it: rollout.json and <camera>.mp4. */
function writeFolder(dir: string, rec: RolloutRecord, frames = rec.steps.length): string {
  mkdirSync(dir, { recursive: true });
  writeJson(join(dir, 'rollout.json'), rec);
  for (const camera of rec.cameras) makeVideo(join(dir, `${camera}.mp4`), { frames });
  return dir;
}

/** Rows without files: enough for tags, filters and counts. */
function seed(project: Project) {
  const repos = project.repos;
  const run = repos.training.createRun({ name: 'r', stage: 'action', config: {}, runDir: 'runs/1' });
  const ckptA = repos.training.addCheckpoint({ runId: run, step: 100, path: 'runs/1/a' });
  const ckptB = repos.training.addCheckpoint({ runId: run, step: 200, path: 'runs/1/b' });
  const evalA = repos.rollouts.createEvaluation({ name: 'a', source: 'sim', runId: run, checkpointId: ckptA });
  const evalB = repos.rollouts.createEvaluation({ name: 'b', source: 'sim', runId: run, checkpointId: ckptB });
  const imported = repos.rollouts.createEvaluation({ name: 'libero: x', source: 'imported' });
  const rows: [number, string, boolean, string | null][] = [
    [evalA, 'in_distribution', true, null],
    [evalA, 'in_distribution', false, 'wrong_object'],
    [evalA, 'unseen_objects', false, 'wrong_object'],
    [evalB, 'in_distribution', false, 'missed_grasp'],
    [evalB, 'unseen_objects', false, null],
    [imported, 'put_the_bowl', false, null],
  ];
  const ids = rows.map(([evaluationId, variant, success, suggestedTag], index) =>
    repos.rolloutCatalog.insert({ evaluationId, index, sourceFormat: 'sim', variant, instruction: 'x', success, reason: success ? 'success' : 'timeout', steps: 3, fps: 10, cameras: [], suggestedTag }),
  );
  return { ckptA, ckptB, evalA, evalB, imported, ids };
}

describe('the failure taxonomy', () => {
  it('starts as the default list and is edited in order: rename keeps the rollouts tagged, removing a used tag is refused', () => {
    const project = tempProject();
    const repos = project.repos;
    const { ids } = seed(project);
    expect(ensureTaxonomy(repos).map((t) => t.name)).toEqual([...DEFAULT_FAILURE_TAGS]);

    tagRollout(repos, ids[1]!, 'wrong_object', 'ann');
    repos.rolloutCatalog.suggest(ids[4]!, 'other');
    const renamed = setTaxonomy(repos, [
      { name: 'grounding', from: 'wrong_object', description: 'went for another object' },
      { name: 'missed_grasp' },
      { name: 'timeout' },
      { name: 'collision', color: '#ff0000' },
    ]);
    expect(renamed.map((t) => [t.name, t.rolloutCount])).toEqual([
      ['grounding', 1],
      ['missed_grasp', 0],
      ['timeout', 0],
      ['collision', 0],
    ]);
    expect(renamed[3]).toMatchObject({ color: '#ff0000' });
    // The confirmed tag follows the rename, and so do the suggestions of the old name.
    expect(repos.rolloutCatalog.get(ids[1]!)).toMatchObject({ tag: 'grounding', suggestedTag: 'grounding' });
    expect(repos.rolloutCatalog.get(ids[2]!)).toMatchObject({ tag: null, suggestedTag: 'grounding' });
    // A removed tag's suggestions go with it; a kept one's stay.
    expect(repos.rolloutCatalog.get(ids[4]!)!.suggestedTag).toBeNull();
    expect(repos.rolloutCatalog.get(ids[3]!)!.suggestedTag).toBe('missed_grasp');

    const before = repos.rolloutCatalog.taxonomy();
    expect(() => setTaxonomy(repos, [{ name: 'missed_grasp' }])).toThrow(/"grounding" is the confirmed tag of 1 rollout/);
    expect(() => setTaxonomy(repos, [{ name: 'a' }, { name: 'A' }])).toThrow(/tags\.1\.name: "A" is listed twice/);
    expect(() => setTaxonomy(repos, [{ name: 'b', from: 'nope' }])).toThrow(/tags\.0\.from: there is no tag "nope"/);
    expect(repos.rolloutCatalog.taxonomy()).toEqual(before);

    // Swapping two names in one edit is fine.
    const swapped = setTaxonomy(repos, [{ name: 'missed_grasp', from: 'grounding' }, { name: 'grounding', from: 'missed_grasp' }, { name: 'timeout' }, { name: 'collision' }]);
    expect(swapped.map((t) => [t.name, t.rolloutCount])).toEqual([
      ['missed_grasp', 1],
      ['grounding', 0],
      ['timeout', 0],
      ['collision', 0],
    ]);
    // Edits stay: the defaults are not written back.
    expect(ensureTaxonomy(repos).map((t) => t.name)).toEqual(['missed_grasp', 'grounding', 'timeout', 'collision']);
  });
});

describe('tags, filters and counts', () => {
  it('confirms, changes and clears a tag; lists filter by the effective tag, variant, outcome and checkpoint', () => {
    const project = tempProject();
    const repos = project.repos;
    const { ckptA, ckptB, evalA, ids } = seed(project);
    const list = (q: Parameters<typeof repos.rolloutCatalog.list>[0]) => repos.rolloutCatalog.list(q).rows.map((r) => r.id);

    expect(() => tagRollout(repos, ids[4]!, 'bad_luck', 'ann')).toThrow(/tag: "bad_luck" is not in the project's failure taxonomy \(wrong_object, /);
    expect(() => tagRollout(repos, 9999, 'timeout', 'ann')).toThrow(/there is no rollout 9999/);

    tagRollout(repos, ids[4]!, 'dropped_object', 'ann');
    // A person overrides the suggestion.
    tagRollout(repos, ids[2]!, 'missed_grasp', 'bob');
    tagRollout(repos, ids[2]!, 'wrong_place', 'bob');
    expect(repos.rolloutCatalog.get(ids[2]!)).toMatchObject({ tag: 'wrong_place', suggestedTag: 'wrong_object', taggedBy: 'bob', taggedAt: expect.any(Number) });
    expect(repos.failureTags.tagsOf(ids[2]!).map((t) => t.name)).toEqual(['wrong_place']);

    expect(list({ tag: 'WRONG_OBJECT' })).toEqual([ids[1]]);
    expect(list({ tag: 'wrong_place' })).toEqual([ids[2]]);
    expect(list({ tag: 'dropped_object' })).toEqual([ids[4]]);
    expect(list({ checkpointId: ckptA })).toEqual([ids[0], ids[1], ids[2]]);
    expect(list({ checkpointId: null })).toEqual([ids[5]]);
    expect(list({ checkpointId: ckptB, variant: 'unseen_objects' })).toEqual([ids[4]]);
    expect(list({ success: true })).toEqual([ids[0]]);
    expect(list({ evaluationId: evalA, success: false })).toEqual([ids[1], ids[2]]);
    expect(repos.rolloutCatalog.list({ limit: 2, offset: 1 })).toMatchObject({ total: 6, rows: [{ id: ids[3] }, { id: ids[4] }] });

    expect(repos.rolloutCatalog.counts({})).toEqual([
      { checkpointId: null, variant: 'put_the_bowl', tag: null, rollouts: 1, successes: 0, confirmed: 0 },
      { checkpointId: ckptA, variant: 'in_distribution', tag: null, rollouts: 1, successes: 1, confirmed: 0 },
      { checkpointId: ckptA, variant: 'in_distribution', tag: 'wrong_object', rollouts: 1, successes: 0, confirmed: 0 },
      { checkpointId: ckptA, variant: 'unseen_objects', tag: 'wrong_place', rollouts: 1, successes: 0, confirmed: 1 },
      { checkpointId: ckptB, variant: 'in_distribution', tag: 'missed_grasp', rollouts: 1, successes: 0, confirmed: 0 },
      { checkpointId: ckptB, variant: 'unseen_objects', tag: 'dropped_object', rollouts: 1, successes: 0, confirmed: 1 },
    ]);
    expect(repos.rolloutCatalog.counts({ success: false, variant: 'in_distribution' }).map((c) => c.tag)).toEqual(['wrong_object', 'missed_grasp']);

    // An evaluation keeps the checkpoint's path as run, and why it failed until it is run again.
    repos.rolloutCatalog.setEvaluationDetails(evalA, { checkpointPath: 'runs/1/a', error: 'the worker exited with code 3' });
    repos.rolloutCatalog.setEvaluationDetails(evalA, {});
    expect(repos.rolloutCatalog.evaluationDetails(evalA)).toEqual({ checkpointPath: 'runs/1/a', error: 'the worker exited with code 3' });
    repos.rolloutCatalog.setEvaluationDetails(evalA, { error: null });
    expect(repos.rolloutCatalog.evaluationDetails(evalA)).toEqual({ checkpointPath: 'runs/1/a', error: null });
    expect(repos.rolloutCatalog.evaluationTotals().get(evalA)).toEqual({ rollouts: 3, successes: 1 });

    tagRollout(repos, ids[2]!, null, 'bob');
    expect(repos.rolloutCatalog.get(ids[2]!)).toMatchObject({ tag: null, taggedBy: null, suggestedTag: 'wrong_object' });
    expect(list({ tag: 'wrong_object' })).toEqual([ids[1], ids[2]]);
  });
});

describe('storing rollout folders', () => {
  it('moves an evaluation\'s folders in as rollouts/<id> and reads them back', async () => {
    const project = tempProject();
    const repos = project.repos;
    const out = tempFolder();
    const evaluationId = repos.rollouts.createEvaluation({ name: 'sim', source: 'sim' });
    const staged: StagedRollout[] = [];
    for (const [i, rec] of [record(), record({ success: true, reason: 'success' }), record({ reason: 'dropped_object' })].entries()) {
      const folder = await readRolloutFolder(writeFolder(join(out, `r${i}`), rec, 4));
      staged.push({ ...folder, index: i, variant: 'in_distribution', seed: i, taskFamily: 'pick' });
    }
    const ids = storeRollouts(project, evaluationId, staged);

    const rows = ids.map((id) => repos.rolloutCatalog.get(id)!);
    expect(rows.map((r) => [r.folder, r.success, r.reason, r.suggestedTag, r.steps])).toEqual([
      [`rollouts/${ids[0]}`, false, 'timeout', 'timeout', 3],
      [`rollouts/${ids[1]}`, true, 'success', null, 3],
      [`rollouts/${ids[2]}`, false, 'dropped_object', 'dropped_object', 3],
    ]);
    expect(rows[0]!.cameras).toEqual([{ name: 'front', width: 64, height: 48, path: `rollouts/${ids[0]}/front.mp4` }]);
    expect(readStoredRecord(project, rows[0]!)).toEqual(record());
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(join(project.dir, 'rollouts', String(ids[2]), 'front.mp4'))).toBe(true);
  });

  it('stores an evaluation\'s output folders with variant, seed and family from their meta, and a suggestion when given', async () => {
    const project = tempProject();
    const out = tempFolder();
    const evaluationId = project.repos.rollouts.createEvaluation({ name: 'sim', source: 'sim' });
    const dirs = [
      writeFolder(join(out, '0'), record({ meta: { variant: 'unseen_objects', seed: 4, family: 'pick' } })),
      writeFolder(join(out, '1'), record({ meta: {} })),
    ];
    const ids = await storeRolloutFolders(project, evaluationId, dirs, (r) => (r.meta.variant ? 'wrong_object' : undefined));
    expect(ids.map((id) => project.repos.rolloutCatalog.get(id))).toMatchObject([
      { index: 0, variant: 'unseen_objects', seed: 4, taskFamily: 'pick', suggestedTag: 'wrong_object' },
      { index: 1, variant: null, seed: null, taskFamily: null, suggestedTag: 'timeout' },
    ]);
  });

  it('refuses a folder whose record or videos are wrong', async () => {
    const out = tempFolder();
    await expect(readRolloutFolder(join(out, 'none'))).rejects.toThrow(/rollout\.json: missing/);
    writeJson(join(out, 'bad', 'rollout.json'), { ...record(), success: 'no' });
    await expect(readRolloutFolder(join(out, 'bad'))).rejects.toThrow(/rollout\.json: success: /);
    writeJson(join(out, 'novideo', 'rollout.json'), record());
    await expect(readRolloutFolder(join(out, 'novideo'))).rejects.toThrow(/front\.mp4: camera "front" is listed in rollout\.json but its video is missing/);
    writeFolder(join(out, 'short'), record(), 2);
    await expect(readRolloutFolder(join(out, 'short'))).rejects.toThrow(/front\.mp4: has 2 frames for 3 steps/);
  });

  it('puts back what it moved and keeps no row when one folder cannot be moved', async () => {
    const project = tempProject();
    const out = tempFolder();
    const evaluationId = project.repos.rollouts.createEvaluation({ name: 'sim', source: 'sim' });
    const good = await readRolloutFolder(writeFolder(join(out, 'good'), record()));
    const gone = { ...good, dir: join(out, 'gone') };
    expect(() =>
      storeRollouts(project, evaluationId, [
        { ...good, index: 0 },
        { ...gone, index: 1 },
      ]),
    ).toThrow(/ENOENT/);
    expect(leftovers(project)).toEqual({ evaluations: 1, rollouts: 0, folders: [] });
    expect(readdirSync(join(out, 'good')).sort()).toEqual(['front.mp4', 'rollout.json']);
  });
});
