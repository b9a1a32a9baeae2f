import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, MethodInput, MethodName, MethodOutput } from '../../../shared/contract/api';
import type { GroundingTemplates } from '../../../shared/contract/grounding';
import { createStudio } from '../../studio';

const GR1 = resolve('../shared/fixtures/lerobot-v2.0-gr1-picknplace');
const temp = mkdtempSync(join(tmpdir(), 'st4vla-grounding-api-'));
type Studio = Awaited<ReturnType<typeof createStudio>>;
const studios: Studio[] = [];
afterAll(async () => {
  for (const s of studios) await s.close();
  rmSync(temp, { recursive: true, force: true });
});

async function call<M extends MethodName>(studio: Studio, method: M, params: MethodInput<M>): Promise<MethodOutput<M>> {
  const outcome = await studio.dispatch(method, params);
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as MethodOutput<M>;
}

async function failure(studio: Studio, method: MethodName, params: unknown) {
  const outcome = await studio.dispatch(method, params);
  if (outcome.ok) throw new Error(`${method} succeeded`);
  return outcome.error;
}

/** A studio on a fresh project with the GR1 fixture imported. */
async function studioWithFixture(name: string) {
  const studio = await createStudio({ shell: 'web', dataDir: temp, projectDir: join(temp, name) });
  studios.push(studio);
  await call(studio, 'datasets.import', { path: GR1, jobId: `import-${name}` });
  const episodes = (await call(studio, 'episodes.list', {})).rows;
  return { studio, episodes };
}

let source: Studio;
let episodeId = 0;

beforeAll(async () => {
  const made = await studioWithFixture('source');
  source = made.studio;
  episodeId = made.episodes[0]!.id;
  const pear = (await call(source, 'labels.create', { name: 'pear', color: '#00ff00' })).id;
  const bowl = (await call(source, 'labels.create', { name: 'bowl', color: '#0000ff' })).id;
  await call(source, 'annotations.apply', {
    episodeId, frame: 0, camera: 'ego_view', command: { name: 'createAnnotation', undoable: true },
    changes: [
      { op: 'create', camera: 'ego_view', kind: 'point', frame: 4, geometry: { x: 40, y: 50 }, labelId: pear },
      { op: 'create', camera: 'ego_view', kind: 'box', frame: 4, geometry: { x1: 100, y1: 100, x2: 180, y2: 160 }, labelId: bowl },
      { op: 'create', camera: 'ego_view', kind: 'box', frame: 8, geometry: { x1: 10, y1: 20, x2: 60, y2: 90 }, labelId: pear },
      {
        op: 'create', camera: 'ego_view', kind: 'trajectory', frame: 0, labelId: null,
        geometry: { of: 'gripper', points: [{ x: 30, y: 200, frame: 0 }, { x: 120, y: 220, frame: 5 }, { x: 210, y: 180, frame: 10 }] },
      },
    ],
  });
});

const custom = (defaults: GroundingTemplates): GroundingTemplates => ({
  ...defaults,
  point: { questions: ['Where is the {label}?'], answers: ['The {label}: {answer}'] },
  box: { questions: ['{instruction} Boxes, please.'], answers: ['```json\n{answer}\n```'] },
});

describe('grounding templates through the contract', () => {
  it('starts on the defaults, saves edits into the project folder, and resets', async () => {
    const first = await call(source, 'grounding.templates.get', {});
    expect(first.custom).toBe(false);
    expect(first.templates).toEqual(first.defaults);
    expect(first.templates.box.answers).toEqual(['{answer}']);

    const saved = await call(source, 'grounding.templates.set', { templates: custom(first.defaults) });
    expect(saved.custom).toBe(true);
    expect(saved.templates.point).toEqual({ questions: ['Where is the {label}?'], answers: ['The {label}: {answer}'] });
    expect(existsSync(join(temp, 'source', 'qa-templates.json'))).toBe(true);
    expect((await call(source, 'grounding.templates.get', {})).templates).toEqual(saved.templates);

    const reset = await call(source, 'grounding.templates.set', { templates: null });
    expect(reset).toMatchObject({ custom: false, templates: first.defaults });
    expect(existsSync(join(temp, 'source', 'qa-templates.json'))).toBe(false);
  });

  it('refuses templates without a question or answer, or with unknown placeholders, naming the field and keeping the saved ones', async () => {
    const { defaults } = await call(source, 'grounding.templates.get', {});
    await call(source, 'grounding.templates.set', { templates: custom(defaults) });
    const cases: [GroundingTemplates, RegExp][] = [
      [{ ...defaults, trajectory: { questions: [], answers: ['{answer}'] } }, /templates\.trajectory\.questions: needs at least one question/],
      [{ ...defaults, box: { questions: ['Boxes?'], answers: [] } }, /templates\.box\.answers: needs at least one answer/],
      [{ ...defaults, box: { questions: ['Boxes of the {label}?'], answers: ['{answer}'] } }, /templates\.box\.questions\.0: unknown placeholder \{label\}; box questions may use \{instruction\}/],
      [{ ...defaults, point: { questions: ['Where is the {lable}?'], answers: ['{answer}'] } }, /templates\.point\.questions\.0: unknown placeholder \{lable\}/],
      [{ ...defaults, point: { questions: ['Where?'], answers: ['Here.'] } }, /templates\.point\.answers\.0: an answer must hold \{answer\} exactly once/],
      [{ ...defaults, point: { questions: ['Where?', '  '], answers: ['{answer}'] } }, /templates\.point\.questions\.1: a question must not be empty/],
    ];
    for (const [templates, message] of cases) {
      const error = await failure(source, 'grounding.templates.set', { templates });
      expect(error.code).toBe('bad_request');
      expect(error.message).toMatch(message);
    }
    expect((await call(source, 'grounding.templates.get', {})).templates).toEqual(custom(defaults));
  });
});

describe('grounding preview', () => {
  it('counts records per kind and annotations per label, with the saved or the unsaved templates', async () => {
    const { defaults } = await call(source, 'grounding.templates.get', {});
    await call(source, 'grounding.templates.set', { templates: custom(defaults) });
    const preview = await call(source, 'grounding.preview', { limit: 10 });
    expect(preview.counts).toEqual({ box: 2, point: 1, trajectory: 1 });
    expect(preview.total).toBe(4);
    expect(preview.images).toBe(3);
    expect(preview.labels).toEqual([
      { label: 'bowl', counts: { point: 0, box: 1, trajectory: 0 } },
      { label: 'object', counts: { point: 0, box: 0, trajectory: 1 } },
      { label: 'pear', counts: { point: 1, box: 1, trajectory: 0 } },
    ]);
    const point = preview.records.find((r) => r.kind === 'point')!;
    expect(point.question).toBe('<image>\nWhere is the pear?');
    expect(point.answer).toBe('The pear: [{"point_2d": [35, 44], "label": "pear"}]');
    expect(point.image).toMatch(/^images\/.+\/episode_\d{6}\/ego_view_000004\.png$/);
    const box = preview.records.find((r) => r.kind === 'box')!;
    expect(box.answer.startsWith('```json\n[{"bbox_2d": ')).toBe(true);

    const unsaved = { ...defaults, point: { questions: ['Find the {label}.'], answers: ['{answer}'] } };
    const edited = await call(source, 'grounding.preview', { limit: 10, templates: unsaved });
    expect(edited.records.find((r) => r.kind === 'point')!.question).toBe('<image>\nFind the pear.');
    expect((await call(source, 'grounding.preview', { limit: 1 })).records).toHaveLength(1);
    const [dataset] = await call(source, 'datasets.list', {});
    expect((await call(source, 'grounding.preview', { datasetIds: [dataset!.id] })).counts).toEqual(preview.counts);
    const none = await failure(source, 'grounding.preview', { datasetIds: [999] });
    expect(none.message).toMatch(/dataset 999 does not exist/);
  });
});

describe('grounding export and import', () => {
  let out = '';

  it('exports with progress, the summary naming the files, and refuses a non-empty folder unless asked', async () => {
    out = join(temp, 'exports', 'one');
    const progress: EventPayload<'job.progress'>[] = [];
    source.subscribe((event, payload) => event === 'job.progress' && progress.push(payload as never));
    const result = await call(source, 'grounding.export', { out, coco: true, jobId: 'exp-1' });
    expect(result).toMatchObject({ dir: out, records: 4, images: 3, size: 224, counts: { box: 2, point: 1, trajectory: 1 }, cocoAnnotations: 3 });
    expect(result.files).toEqual(['grounding.jsonl', 'manifest.json', 'coco.json']);
    expect(readdirSync(out).sort()).toEqual(['coco.json', 'grounding.jsonl', 'images', 'manifest.json']);
    const mine = progress.filter((p) => p.jobId === 'exp-1');
    expect(mine.every((p) => p.kind === 'export')).toBe(true);
    expect(mine.some((p) => p.phase === 'frames')).toBe(true);
    expect(mine.at(-1)).toMatchObject({ finished: true, phase: 'done' });

    const refused = await failure(source, 'grounding.export', { out, jobId: 'exp-2' });
    expect(refused).toMatchObject({ code: 'conflict' });
    expect(refused.message).toMatch(/^out: .* is not empty/);
    expect(readFileSync(join(out, 'grounding.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);

    const bare = await call(source, 'grounding.export', { out, size: 112, coco: false, overwrite: true, jobId: 'exp-3' });
    expect(bare).toMatchObject({ size: 112, cocoAnnotations: null, files: ['grounding.jsonl', 'manifest.json'] });
    expect(readdirSync(out).sort()).toEqual(['grounding.jsonl', 'images', 'manifest.json']);
    const bad = await failure(source, 'grounding.export', { out: ' ', jobId: 'exp-4' });
    expect(bad.message).toMatch(/out: choose a folder/);
  });

  it('imports the export into another project, and skips what the project already has', async () => {
    const { defaults } = await call(source, 'grounding.templates.get', {});
    await call(source, 'grounding.templates.set', { templates: custom(defaults) });
    const dir = join(temp, 'exports', 'two');
    await call(source, 'grounding.export', { out: dir, jobId: 'exp-5' });
    const jsonl = join(dir, 'grounding.jsonl');
    // The wrapped answers (fenced JSON, "The pear: ...") still read back.
    expect(readFileSync(jsonl, 'utf8')).toContain('```json');

    const { studio: target, episodes } = await studioWithFixture('target');
    const refused = await failure(target, 'grounding.import', { path: jsonl });
    expect(refused.message).toMatch(/unknown label "bowl" \(line \d+\), "pear" \(line \d+\)/);
    const result = await call(target, 'grounding.import', { path: dir, createLabels: true });
    expect(result).toMatchObject({ counts: { box: 2, point: 1, trajectory: 1 }, annotations: 4, skipped: [] });
    expect(result.labelsCreated.sort()).toEqual(['bowl', 'pear']);
    const imported = await call(target, 'annotations.list', { episodeId: episodes[0]!.id });
    const box = imported.find((a) => a.kind === 'box' && a.frameStart === 4)!.geometry as Record<string, number>;
    const tolerance = 0.5 * (256 / 224) + 1e-9;
    for (const [k, v] of Object.entries({ x1: 100, y1: 100, x2: 180, y2: 160 })) expect(Math.abs(box[k]! - v)).toBeLessThanOrEqual(tolerance);

    const again = await call(target, 'grounding.import', { path: jsonl });
    expect(again.annotations).toBe(0);
    expect(again.skipped).toHaveLength(4);
    expect(again.skipped[0]!.reason).toMatch(/already in the project/);

    const bad = join(temp, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'grounding.jsonl'), '{"id": 1}\n');
    const broken = await failure(target, 'grounding.import', { path: join(bad, 'grounding.jsonl') });
    expect(broken).toMatchObject({ code: 'bad_request' });
    expect(broken.message).toMatch(/line 1: not a grounding record/);
  });
});
