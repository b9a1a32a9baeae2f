import { describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../../shared/contract/api';
import type { JobProgress } from '../../../shared/contract/domain';
import { ApiError } from '../../../shared/contract/errors';
import type { GroundingTemplates } from '../../../shared/contract/grounding';
import { checkTemplates, createGroundingStore, isDirty } from './groundingStore';

const defaults: GroundingTemplates = {
  box: { questions: ['{instruction} Boxes?'], answers: ['{answer}'] },
  point: { questions: ['Point to the {label}.', 'Where is the {label}?'], answers: ['{answer}'] },
  trajectory: { questions: ['{instruction} Path?'], answers: ['{answer}'] },
  objectTrajectory: { questions: ['Path of the {label}?'], answers: ['{answer}'] },
};

const preview = (question: string) => ({
  counts: { point: 1, box: 0, trajectory: 0 }, total: 1, images: 1,
  labels: [{ label: 'pear', counts: { point: 1, box: 0, trajectory: 0 } }],
  records: [{ id: 'pt-1', kind: 'point' as const, image: 'images/a.png', question, answer: '[{"point_2d": [1, 2], "label": "pear"}]' }],
});

/**
 * A backend that validates input with the real contract (so errors carry the real zod issues) and keeps
 * the saved templates; `failSave` makes the next save fail as a full disk would.
 */
function fakeBackend() {
  let saved: GroundingTemplates | null = null;
  const listeners = new Set<(p: JobProgress) => void>();
  const calls: { method: string; input: any }[] = [];
  const backend = {
    calls,
    failSave: false,
    exportError: null as ApiError | null,
    listenerCount: () => listeners.size,
    on: (_event: string, fn: (p: JobProgress) => void) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async call(method: MethodName, raw: unknown) {
      const parsed = methods[method].input.safeParse(raw);
      if (!parsed.success) throw new ApiError('bad_request', `invalid input for ${method}`, parsed.error.issues);
      const input = parsed.data as any;
      calls.push({ method, input });
      const state = () => ({ templates: saved ?? defaults, custom: saved !== null, defaults });
      switch (method) {
        case 'grounding.templates.get':
          return state();
        case 'datasets.list':
          return [{ id: 3, name: 'gr1' }, { id: 4, name: 'sim' }];
        case 'grounding.templates.set':
          if (backend.failSave) throw new ApiError('internal', 'grounding.templates.set failed: ENOSPC');
          saved = input.templates;
          return state();
        case 'grounding.preview': {
          const t: GroundingTemplates = input.templates ?? saved ?? defaults;
          return preview(`<image>\n${t.point.questions[0]!.replace('{label}', 'pear')}`);
        }
        case 'grounding.export':
          for (const fn of listeners) {
            fn({ jobId: 'another', kind: 'export', phase: 'frames', done: 9, total: 9, finished: false });
            fn({ jobId: input.jobId, kind: 'export', phase: 'frames', done: 2, total: 3, finished: false });
          }
          if (backend.exportError) throw backend.exportError;
          return { dir: input.out, counts: { point: 1, box: 0, trajectory: 0 }, records: 1, images: 1, size: input.size, cocoAnnotations: 1, files: ['grounding.jsonl'] };
        case 'grounding.import':
          return { counts: { point: 1, box: 0, trajectory: 0 }, annotations: 1, labelsCreated: [], skipped: [{ line: 2, reason: 'a point already in the project' }] };
        default:
          throw new Error(`not used: ${method}`);
      }
    },
  };
  return backend;
}

async function loaded() {
  const backend = fakeBackend();
  const store = createGroundingStore(() => backend as never);
  await store.getState().load();
  return { backend, store };
}

describe('grounding store: templates', () => {
  it('loads the defaults, edits a copy, and previews the unsaved edit before it is saved', async () => {
    const { backend, store } = await loaded();
    expect(store.getState().draft).toEqual(defaults);
    expect(isDirty(store.getState())).toBe(false);
    expect(store.getState().preview?.records[0]?.question).toBe('<image>\nPoint to the pear.');

    store.getState().editLine('point', 'questions', 0, 'Find the {label}.');
    expect(isDirty(store.getState())).toBe(true);
    expect(store.getState().saved).toEqual(defaults);
    await store.getState().refreshPreview();
    expect(store.getState().preview?.records[0]?.question).toBe('<image>\nFind the pear.');

    await store.getState().save();
    expect(backend.calls.find((c) => c.method === 'grounding.templates.set')?.input.templates.point.questions[0]).toBe('Find the {label}.');
    expect(store.getState()).toMatchObject({ custom: true, saving: false, saveError: null });
    expect(isDirty(store.getState())).toBe(false);
  });

  it('names the bad line as the user types and does not send templates the backend would refuse', async () => {
    const { backend, store } = await loaded();
    store.getState().editLine('box', 'questions', 0, 'Boxes of the {label}?');
    store.getState().removeLine('trajectory', 'answers', 0);
    store.getState().addLine('point', 'answers');
    store.getState().editLine('point', 'answers', 1, 'Here.');
    const issues = store.getState().issues;
    expect(issues['box.questions.0']).toMatch(/unknown placeholder \{label\}/);
    expect(issues['trajectory.answers']).toMatch(/needs at least one answer/);
    expect(issues['point.answers.1']).toMatch(/\{answer\} exactly once/);
    await store.getState().save();
    expect(backend.calls.some((c) => c.method === 'grounding.templates.set')).toBe(false);
    // A draft with problems is not previewed; the saved templates stay on screen.
    await store.getState().refreshPreview();
    expect(backend.calls.filter((c) => c.method === 'grounding.preview').at(-1)?.input.templates).toBeUndefined();
  });

  it('keeps the unsaved edits and shows the error when saving fails', async () => {
    const { backend, store } = await loaded();
    store.getState().editLine('point', 'questions', 1, 'Show me the {label}.');
    backend.failSave = true;
    await store.getState().save();
    const s = store.getState();
    expect((s.saveError as ApiError).message).toMatch(/ENOSPC/);
    expect(s.draft?.point.questions[1]).toBe('Show me the {label}.');
    expect(s.saved).toEqual(defaults);
    expect(isDirty(s)).toBe(true);
  });

  it('resets to the defaults, and saving them makes the project follow the defaults again', async () => {
    const { backend, store } = await loaded();
    store.getState().editLine('box', 'questions', 0, 'Boxes?');
    await store.getState().save();
    expect(store.getState().custom).toBe(true);
    store.getState().resetToDefaults();
    expect(store.getState().draft).toEqual(defaults);
    await store.getState().save();
    expect(backend.calls.filter((c) => c.method === 'grounding.templates.set').at(-1)?.input.templates).toBeNull();
    expect(store.getState().custom).toBe(false);
  });

  it('checks placeholders per kind', () => {
    expect(checkTemplates(defaults)).toEqual({});
    expect(checkTemplates({ ...defaults, trajectory: { questions: ['Path of the {label}?'], answers: ['{answer}'] } })).toHaveProperty(
      ['trajectory.questions.0'],
    );
  });
});

describe('grounding store: export and import', () => {
  it('exports with its own progress only and keeps the form after a failure', async () => {
    const { backend, store } = await loaded();
    store.getState().setExport({ out: '  /tmp/out ', size: 112, coco: false });
    await store.getState().startExport();
    expect(store.getState()).toMatchObject({ exportPhase: 'done', exportProgress: { done: 2, total: 3 }, exportResult: { dir: '/tmp/out', size: 112 } });
    expect(backend.calls.at(-1)?.input).toMatchObject({ out: '/tmp/out', size: 112, coco: false, overwrite: false });
    expect(backend.listenerCount()).toBe(0);

    backend.exportError = new ApiError('conflict', 'out: /tmp/out is not empty; choose an empty folder or allow replacing it');
    await store.getState().startExport();
    expect(store.getState()).toMatchObject({ exportPhase: 'failed', exportForm: { out: '  /tmp/out ', size: 112, coco: false } });
    expect((store.getState().exportError as ApiError).code).toBe('conflict');
  });

  it('limits the preview and the export to the chosen dataset', async () => {
    const { backend, store } = await loaded();
    expect(store.getState().datasets).toEqual([{ id: 3, name: 'gr1' }, { id: 4, name: 'sim' }]);
    expect(backend.calls.filter((c) => c.method === 'grounding.preview').at(-1)?.input.datasetIds).toBeUndefined();
    store.getState().setDataset(4);
    await store.getState().refreshPreview();
    expect(backend.calls.filter((c) => c.method === 'grounding.preview').at(-1)?.input.datasetIds).toEqual([4]);
    store.getState().setExport({ out: '/tmp/sim' });
    await store.getState().startExport();
    expect(backend.calls.at(-1)).toMatchObject({ method: 'grounding.export', input: { datasetIds: [4] } });
  });

  it('imports a JSONL and reports what was skipped', async () => {
    const { backend, store } = await loaded();
    store.getState().setImport({ path: '/tmp/out/grounding.jsonl' });
    await store.getState().startImport();
    expect(backend.calls.find((c) => c.method === 'grounding.import')?.input).toEqual({ path: '/tmp/out/grounding.jsonl', createLabels: true });
    expect(store.getState().importResult?.skipped).toEqual([{ line: 2, reason: 'a point already in the project' }]);
  });
});
