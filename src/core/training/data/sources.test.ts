import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApplyAnnotations } from '../../../shared/contract/domain';
import { applyChanges } from '../../annotations/apply';
import type { AnnotationSource } from '../../db/repositories/index';
import type { Project } from '../../project/project';
import { PREDICTED_LABEL } from '../../rollouts/sendToAnnotation';
import { checkTrainingData, prepareTrainingData } from './prepare';
import { sampleProject, tempDir } from './testing';

let project: Project;
let datasetId: number;
let episodeId: number;
let cameraId: number;
let predictedLabel: number;
const ids: Record<string, string> = {};

function point(source: AnnotationSource, frame: number, labelClassId: number | null = null): string {
  return project.repos.annotations.insert({
    episodeId, cameraId, kind: 'point', frameStart: frame, geometry: { x: 10 + frame, y: 20, role: 'other' }, labelClassId, source, author: 'test',
  });
}

beforeAll(async () => {
  ({ project, datasetId } = await sampleProject());
  episodeId = project.repos.episodes.list({ datasetId }).rows[0]!.id;
  cameraId = project.repos.episodes.camerasOf(episodeId).find((c) => c.name === 'front')!.id;
  predictedLabel = project.repos.labels.insert({ name: PREDICTED_LABEL, color: '#ff8c00' });
  ids.manual = point('manual', 1);
  ids.tracked = point('tracked', 2);
  ids.projected = point('projected', 3);
  ids.imported = point('imported', 4);
  // As sendToAnnotation stores a model's guess; the second one a person then dragged into place.
  ids.prediction = point('imported', 5, predictedLabel);
  ids.corrected = point('imported', 6, predictedLabel);
  // Through the edit path the annotation workspace uses: a person's drag sends no source.
  applyChanges(project.repos, ApplyAnnotations.parse({
    episodeId, camera: 'front', frame: 6, command: { name: 'move' },
    changes: [{ op: 'update', id: ids.corrected, geometry: { x: 40, y: 30, role: 'other' } }],
  }), 'person');
  expect(project.repos.annotations.get(ids.corrected)).toMatchObject({ source: 'imported', labelClassId: predictedLabel });
}, 60_000);

const base = () => ({ stage: 'grounding', datasetIds: [datasetId], camera: 'front', size: 64 });
const usedIds = async (extra: object) => (await checkTrainingData(project, { ...base(), ...extra })).used.map((u) => u.id).sort();
const expected = (...names: string[]) => names.map((n) => ids[n]!).sort();

describe('annotation sources of a run', () => {
  it('keeps every source but leaves uncorrected rollout predictions out by default; a corrected one counts', async () => {
    expect(await usedIds({})).toEqual(expected('manual', 'tracked', 'projected', 'imported', 'corrected'));
  });

  it('includes uncorrected predictions when asked', async () => {
    expect(await usedIds({ predictions: true })).toEqual(expected('manual', 'tracked', 'projected', 'imported', 'prediction', 'corrected'));
  });

  it('keeps only the chosen sources', async () => {
    expect(await usedIds({ annotationSources: ['manual', 'tracked'] })).toEqual(expected('manual', 'tracked'));
    expect(await usedIds({ annotationSources: ['imported'] })).toEqual(expected('imported', 'corrected'));
    expect(await usedIds({ annotationSources: ['imported'], predictions: true })).toEqual(expected('imported', 'prediction', 'corrected'));
  });

  it('a relabelled prediction is a person\'s answer and counts', async () => {
    const other = project.repos.labels.insert({ name: 'red cup', color: '#f00' });
    const id = point('imported', 7, predictedLabel);
    expect(await usedIds({ annotationSources: ['imported'] })).not.toContain(id);
    const row = project.repos.annotations.get(id)!;
    project.repos.annotations.update(id, { labelClassId: other }, row.updatedAt + 1);
    expect(await usedIds({ annotationSources: ['imported'] })).toContain(id);
    project.repos.annotations.delete(id);
  });

  it('refuses an empty or unknown source list naming the field, and a selection with no data names the sources', async () => {
    await expect(checkTrainingData(project, { ...base(), annotationSources: [] })).rejects.toThrow(/annotationSources: /);
    await expect(checkTrainingData(project, { ...base(), annotationSources: ['ground_truth'] })).rejects.toThrow(/annotationSources\.0: /);
    project.repos.annotations.delete(ids.projected!);
    try {
      await expect(checkTrainingData(project, { ...base(), annotationSources: ['projected'] }))
        .rejects.toThrow(/no grounding data for stage 1 in the 4 selected episodes: .*from the annotation sources projected/);
    } finally {
      ids.projected = point('projected', 3);
    }
  });

  it('the run manifest lists exactly the annotations used', async () => {
    const { manifest, data } = await prepareTrainingData(project, { ...base(), annotationSources: ['manual', 'imported'], seed: 1 }, join(tempDir(), 'run'));
    expect(manifest.annotations.map((a) => a.id).sort()).toEqual(expected('manual', 'imported', 'corrected'));
    const sources = new Set([...data.grounding.train, ...data.grounding.val].map((s) => s.source));
    expect([...sources].sort()).toEqual(expected('manual', 'imported', 'corrected'));
  }, 60_000);
});
