import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { events, methods, type MethodName } from '../../../shared/contract/api';
import { ApiError } from '../../../shared/contract/errors';
import { TrainingStart, type TrainingRun } from '../../../shared/contract/training';
import { RECIPE_CHOICES } from '../../../shared/training/recipes';
import { chartGroups, formatEta, formatLogLine, runCameras } from './RunView';
import { TrainFormView, type TrainFormViewProps } from './TrainFormView';
import { chainOrder } from './TrainingPageView';
import { appendPoints, buildStart, camerasOf, createTrainingStore, DEFAULT_FORM, secondCamerasOf } from './trainingStore';

const dataset = (id: number, cameras: string[]) => ({
  id, name: `d${id}`, format: 'lerobot', formatVersion: 'v2.1', sourcePath: `/d${id}`, fps: 10, episodeCount: 4, frameCount: 40,
  cameras, warnings: [], importedAt: '2026-01-01T00:00:00Z',
});

/**
 * A backend that checks every call's input and output, and every event it emits, against the real
 * contract; it keeps runs and their metrics as training would.
 */
function fakeBackend() {
  const runs: TrainingRun[] = [];
  const metrics = new Map<number, { name: string; points: { step: number; value: number; wallTime: number }[] }[]>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: { method: string; input: any }[] = [];
  const emit = (event: keyof typeof events, payload: unknown) => {
    const checked = events[event].payload.parse(payload);
    for (const fn of listeners.get(event) ?? []) fn(checked);
  };
  const setStatus = (id: number, status: TrainingRun['status']) => {
    const run = runs.find((r) => r.id === id)!;
    run.status = status;
    emit('training.changed', { runId: id, status, reason: 'status', error: null });
    return run;
  };
  const backend = {
    calls, runs, metrics, emit, setStatus,
    on(event: string, fn: (p: unknown) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(fn);
      return () => listeners.get(event)!.delete(fn);
    },
    async call(method: MethodName, raw: unknown) {
      const parsed = methods[method].input.safeParse(raw);
      if (!parsed.success) throw new ApiError('bad_request', `invalid input for ${method}`, parsed.error.issues);
      const input = parsed.data as any;
      calls.push({ method, input });
      const out = (value: unknown) => methods[method].output.parse(value);
      switch (method) {
        case 'datasets.list':
          return out([dataset(1, ['front', 'wrist']), dataset(2, ['front'])]);
        case 'training.list':
          return out([...runs].reverse());
        case 'training.start':
        case 'training.clone': {
          const from = method === 'training.clone' ? runs.find((r) => r.id === input.id)! : null;
          const run: TrainingRun = {
            id: runs.length + 1, name: input.name ?? `${from!.name} (copy)`, stage: from?.stage ?? input.stage, status: 'running', initCheckpointId: null,
            config: from?.config ?? input.config, backend: null, runDir: `runs/${runs.length + 1}`, error: null,
            createdAt: 1, startedAt: 1, finishedAt: null, datasetIds: from?.datasetIds ?? input.datasetIds, parentRunId: null, nextStage: null,
          };
          runs.push(run);
          return out(run);
        }
        case 'training.get':
          return out({ run: runs.find((r) => r.id === input.id), checkpoints: [], latest: {} });
        case 'training.metrics':
          return out(metrics.get(input.runId) ?? []);
        case 'training.cancel':
          setStatus(input.id, 'cancelled');
          return out({ cancelled: true });
        case 'training.resume':
          return out(setStatus(input.id, 'running'));
        case 'training.log':
          return out({ lines: [`2026-01-01T00:00:00.000Z [studio] worker started`, `2026-01-01T00:00:01.000Z [info] backend tfjs-node`].slice(-input.tail) });
        case 'episodes.list': {
          // Four episodes per dataset, ids 10·dataset + index; pages of at most `limit`.
          const all = [0, 1, 2, 3].map((index) => ({ id: input.datasetId * 10 + index, datasetId: input.datasetId, index, instruction: `task ${index}`, length: 20, fps: 10, reviewStatus: 'todo', annotationCount: 0 }));
          return out({ total: all.length, rows: all.slice(input.offset, input.offset + input.limit) });
        }
        default:
          throw new Error(`not used: ${method}`);
      }
    },
  };
  return backend;
}

async function loaded() {
  const backend = fakeBackend();
  const store = createTrainingStore(() => backend as never);
  const off = store.getState().listen();
  await store.getState().load();
  return { backend, store, off };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('training store', () => {
  it('loads the datasets and picks all of them and a camera they share', async () => {
    const { store } = await loaded();
    expect(store.getState().form).toMatchObject({ datasetIds: [1, 2], camera: 'front' });
    store.getState().setForm({ datasetIds: [1] });
    store.getState().setForm({ camera: 'wrist' });
    // Adding a dataset without the wrist camera moves the camera to one both have.
    store.getState().setForm({ datasetIds: [1, 2] });
    expect(store.getState().form.camera).toBe('front');
    expect(camerasOf(store.getState().datasets, [1, 2])).toEqual(['front']);
  });

  it('sends a config the real contract accepts, with the quick preset short by default', async () => {
    const { backend, store } = await loaded();
    const run = await store.getState().start();
    expect(run).not.toBeNull();
    const sent = backend.calls.find((c) => c.method === 'training.start')!.input;
    expect(sent.config).toMatchObject({ recipe: 'st4vla', preset: 'quick', backend: 'auto', data: { camera: 'front', groundTruth: true } });
    expect(sent.config.hyperparameters.steps).toBeGreaterThanOrEqual(100);
    expect(sent.config.hyperparameters.steps).toBeLessThanOrEqual(200);
    // A stop must find a checkpoint well before the end.
    expect(sent.config.hyperparameters.checkpointEvery).toBeLessThan(sent.config.hyperparameters.steps);
    expect(store.getState().openRunId).toBe(run!.id);
    expect(store.getState().runs.map((r) => r.id)).toEqual([run!.id]);
  });

  it('shows the contract\'s complaints next to the fields, starts nothing, and an edit clears its own', async () => {
    const { backend, store } = await loaded();
    store.getState().setForm({ steps: 0, learningRate: -1 });
    expect(await store.getState().start()).toBeNull();
    expect(Object.keys(store.getState().issues).sort()).toEqual(['hyperparameters.learningRate', 'hyperparameters.steps']);
    expect(backend.runs).toHaveLength(0);
    expect(store.getState().openRunId).toBeNull();
    store.getState().setForm({ steps: 50 });
    expect(Object.keys(store.getState().issues)).toEqual(['hyperparameters.learningRate']);
    // The summary of the refused start goes with the edit too: it no longer describes the form.
    expect(store.getState().startError).toBeNull();
  });

  it('sends the annotation sources ticked (all as nothing), predictions off by default, and evalEvery', async () => {
    const { backend, store } = await loaded();
    const data = () => buildStart(store.getState().form).config.data!;
    expect(data()).not.toHaveProperty('annotationSources');
    expect(data()).toMatchObject({ predictions: false });
    expect(buildStart(store.getState().form).config.hyperparameters).toMatchObject({ evalEvery: 0 });
    store.getState().setForm({ annotationSources: ['imported', 'manual'], predictions: true, evalEvery: 25 });
    expect(await store.getState().start()).not.toBeNull();
    const sent = backend.calls.find((c) => c.method === 'training.start')!.input;
    // The contract's parse of what the form sent, in the contract's source order.
    expect(sent.config.data).toMatchObject({ annotationSources: ['manual', 'imported'], predictions: true });
    expect(sent.config.hyperparameters.evalEvery).toBe(25);
    store.getState().setForm({ evalEvery: Number.NaN });
    expect(buildStart(store.getState().form).config.hyperparameters).toMatchObject({ evalEvery: 0 });
  });

  it('no source ticked or a negative evalEvery is refused next to its field, and an edit clears it', async () => {
    const { backend, store } = await loaded();
    store.getState().setForm({ annotationSources: [], evalEvery: -5 });
    expect(await store.getState().start()).toBeNull();
    expect(Object.keys(store.getState().issues).sort()).toEqual(['data.annotationSources', 'hyperparameters.evalEvery']);
    expect(backend.runs).toHaveLength(0);
    store.getState().setForm({ annotationSources: ['tracked'] });
    expect(Object.keys(store.getState().issues)).toEqual(['hyperparameters.evalEvery']);
    store.getState().setForm({ evalEvery: 100 });
    expect(store.getState().issues).toEqual({});
    expect(await store.getState().start()).not.toBeNull();
  });

  it('switching preset applies its defaults; custom keeps what was typed', async () => {
    const { store } = await loaded();
    store.getState().setForm({ preset: 'standard' });
    expect(buildStart(store.getState().form).config.preset).toBe('small');
    store.getState().setForm({ preset: 'custom', batchSize: 3 });
    expect(store.getState().form.batchSize).toBe(3);
    expect(buildStart({ ...DEFAULT_FORM, preset: 'custom', customModel: 'small' }).config.preset).toBe('small');
  });

  it('fetches a run\'s history, then appends live metric events, and keeps events that raced the fetch', async () => {
    const { backend, store } = await loaded();
    const run = (await store.getState().start())!;
    backend.metrics.set(run.id, [{ name: 'loss', points: [{ step: 1, value: 2, wallTime: 0 }, { step: 2, value: 1.5, wallTime: 0 }] }]);
    await store.getState().openRun(run.id);
    backend.emit('training.metrics', { runId: run.id, step: 3, values: { loss: 1.2, lr: 0.001 } });
    backend.emit('training.progress', { runId: run.id, step: 3, total: 150, samplesPerSec: 240, eta: 12 });
    backend.emit('training.metrics', { runId: 99, step: 1, values: { loss: 9 } });
    const series = store.getState().series[run.id]!;
    expect(series.loss!.map((p) => [p.step, p.value])).toEqual([[1, 2], [2, 1.5], [3, 1.2]]);
    expect(series.lr).toEqual([{ step: 3, value: 0.001 }]);
    expect(store.getState().progress[run.id]).toMatchObject({ step: 3, eta: 12 });
    // Reopening refetches the stored history without losing what came by event.
    await store.getState().openRun(run.id);
    expect(store.getState().series[run.id]!.loss!.map((p) => p.step)).toEqual([1, 2, 3]);
  });

  it('stop and resume go through the backend and the run view follows the status events', async () => {
    const { store } = await loaded();
    const run = (await store.getState().start())!;
    await store.getState().cancel(run.id);
    await flush();
    expect(store.getState().detail!.run.status).toBe('cancelled');
    expect(store.getState().log[run.id]!.some((l) => l.includes('status cancelled'))).toBe(true);
    await store.getState().resume(run.id);
    await flush();
    expect(store.getState().detail!.run.status).toBe('running');
    expect(store.getState().runs[0]!.status).toBe('running');
  });

  it('clones a run into a new one and opens it; compare fetches the series of every picked run', async () => {
    const { backend, store } = await loaded();
    const first = (await store.getState().start())!;
    await store.getState().clone(first.id);
    expect(backend.runs).toHaveLength(2);
    expect(store.getState().openRunId).toBe(2);
    backend.metrics.set(1, [{ name: 'loss', points: [{ step: 1, value: 3, wallTime: 0 }] }]);
    store.getState().toggleCompare(1);
    store.getState().toggleCompare(2);
    await flush();
    expect(store.getState().compare).toEqual([1, 2]);
    expect(store.getState().series[1]!.loss).toEqual([{ step: 1, value: 3 }]);
    store.getState().toggleCompare(1);
    expect(store.getState().compare).toEqual([2]);
  });

  it('a failing action is kept as the run view\'s error', async () => {
    const { store } = await loaded();
    const run = (await store.getState().start())!;
    await store.getState().kill(run.id);
    expect(String((store.getState().actionError as Error).message)).toContain('not used');
  });

  it('sends the episodes left in and the datasets\' weights, and "all" and weight 1 as nothing', async () => {
    const { backend, store } = await loaded();
    expect(buildStart(store.getState().form).config.data).not.toHaveProperty('episodeIds');
    expect(buildStart(store.getState().form).config).not.toHaveProperty('datasets');
    await store.getState().loadEpisodes([1, 2]);
    expect(store.getState().episodes[2]!.map((e) => e.id)).toEqual([20, 21, 22, 23]);
    store.getState().setForm({ excludedEpisodes: [11, 22], weights: { 1: 1, 2: 2.5 } });
    await store.getState().start();
    const sent = backend.calls.find((c) => c.method === 'training.start')!.input;
    expect(sent.config.data.episodeIds).toEqual([10, 12, 13, 20, 21, 23]);
    expect(sent.config.datasets).toEqual([{ id: 2, weight: 2.5 }]);
    // Unchecking dataset 2 drops its episodes and its weight from the run.
    store.getState().setForm({ datasetIds: [1] });
    const again = buildStart(store.getState().form, store.getState().episodes);
    expect(again.config.data!.episodeIds).toEqual([10, 12, 13]);
    expect(again.config).not.toHaveProperty('datasets');
  });

  it('shows the worker\'s stored log of an opened run and follows its new lines', async () => {
    const { backend, store } = await loaded();
    const run = (await store.getState().start())!;
    expect(store.getState().workerLog[run.id]).toEqual(['2026-01-01T00:00:00.000Z [studio] worker started', '2026-01-01T00:00:01.000Z [info] backend tfjs-node']);
    backend.emit('training.log', { runId: run.id, lines: ['2026-01-01T00:00:02.000Z [info] no validation split'] });
    backend.emit('training.log', { runId: 42, lines: ['2026-01-01T00:00:02.000Z not this run'] });
    expect(store.getState().workerLog[run.id]!.at(-1)).toBe('2026-01-01T00:00:02.000Z [info] no validation split');
    expect(store.getState().workerLog[42]).toBeUndefined();
    expect(formatLogLine('2026-01-01T00:00:02.000Z [info] x')).toMatch(/^\d{1,2}:\d\d:\d\d.*  \[info\] x$/);
  });

  it('charts validation apart from the losses, pixel errors on their own axis', () => {
    const pt = [{ step: 10, value: 0.5 }];
    const groups = chartGroups({ loss: pt, 'val/point_acc': pt, 'val/action_l1': pt, 'val/traj_ade': pt, lr: pt });
    expect(groups.map((g) => [g.title, g.names])).toEqual([
      ['Losses', ['loss']],
      ['Validation', ['val/point_acc', 'val/action_l1']],
      ['Validation error (px at 224)', ['val/traj_ade']],
      ['Learning rate', ['lr']],
    ]);
  });

  it('each recipe choice sends its recipe and the stage it implies; the chain options only where they apply', () => {
    const sent = (patch: Partial<typeof DEFAULT_FORM>) => buildStart({ ...DEFAULT_FORM, datasetIds: [1], camera: 'front', ...patch });
    const parse = (patch: Partial<typeof DEFAULT_FORM>) => TrainingStart.parse(sent(patch));
    expect(RECIPE_CHOICES.map((c) => { const s = parse({ recipe: c.id }); return [c.id, s.config.recipe, s.stage]; })).toEqual([
      ['stage1', 'st4vla', 'grounding'],
      ['st4vla', 'st4vla', 'action'],
      ['spatially-guided', 'spatially-guided', 'action'],
      ['vanilla-cotrain', 'vanilla-cotrain', 'action'],
      ['vanilla', 'vanilla', 'action'],
    ]);
    // Empty fields leave the defaults to the backend.
    expect(sent({ recipe: 'st4vla' })).not.toHaveProperty('stage1Steps');
    expect(sent({ recipe: 'st4vla' }).config.hyperparameters).not.toHaveProperty('groundingWeight');
    expect(parse({ recipe: 'st4vla', stage1Steps: 40, groundingWeight: 0.5 })).toMatchObject({ stage1Steps: 40, config: { hyperparameters: { groundingWeight: 0.5 } } });
    expect(sent({ recipe: 'vanilla', stage1Steps: 40 })).not.toHaveProperty('stage1Steps');
    expect(sent({ recipe: 'stage1', groundingWeight: 0.5 }).config.hyperparameters).not.toHaveProperty('groundingWeight');
  });

  it('lists a chain\'s stage 2 right under its stage 1', () => {
    const run = (id: number, parentRunId: number | null = null) => ({ id, parentRunId }) as TrainingRun;
    // Newest first: 4 (stage 2 of 2), 3, 2 (a chain's stage 1), 1.
    expect(chainOrder([run(4, 2), run(3), run(2), run(1)]).map(({ run: r, child }) => [r.id, child])).toEqual([[3, false], [2, false], [4, true], [1, false]]);
    // A stage 2 whose stage 1 was deleted stands alone.
    expect(chainOrder([run(5, 9)]).map(({ run: r }) => r.id)).toEqual([5]);
  });

  it('appendPoints keeps step order and replaces a repeated step', () => {
    expect(appendPoints([{ step: 1, value: 1 }, { step: 3, value: 3 }], [{ step: 2, value: 2 }, { step: 3, value: 4 }])).toEqual([
      { step: 1, value: 1 }, { step: 2, value: 2 }, { step: 3, value: 4 },
    ]);
  });
});

describe('the second camera', () => {
  const renderForm = (extra: Partial<TrainFormViewProps>) => renderToStaticMarkup(createElement(TrainFormView, {
    form: DEFAULT_FORM, datasets: [dataset(1, ['front', 'wrist']), dataset(2, ['front'])], issues: {}, starting: false, startError: null, episodes: {},
    onLoadEpisodes: () => undefined, onChange: () => undefined, onStart: () => undefined, ...extra,
  }));
  /** The options of the "second camera" select in rendered markup. */
  const options = (html: string) => {
    const select = /<select[^>]*aria-label="second camera"[^>]*>(.*?)<\/select>/.exec(html)![1]!;
    return [...select.matchAll(/<option value="([^"]*)"[^>]*>/g)].map((m) => m[1]);
  };

  it('is none by default, offers the other shared cameras and is sent only when picked', async () => {
    const { backend, store } = await loaded();
    expect(store.getState().form.secondCamera).toBe('');
    // Both datasets share only "front": nothing else to offer, and the select says so.
    expect(secondCamerasOf(store.getState().datasets, store.getState().form)).toEqual([]);
    expect(renderForm({ form: store.getState().form })).toContain('the datasets share no other camera');
    store.getState().setForm({ datasetIds: [1] });
    const form = store.getState().form;
    expect(options(renderForm({ form }))).toEqual(['', 'wrist']);
    await store.getState().start();
    expect(backend.calls.find((c) => c.method === 'training.start')!.input.config.data).not.toHaveProperty('secondCamera');

    store.getState().setForm({ secondCamera: 'wrist' });
    expect(options(renderForm({ form: store.getState().form }))).toEqual(['', 'wrist']);
    await store.getState().start();
    expect(backend.calls.filter((c) => c.method === 'training.start')[1]!.input.config.data).toMatchObject({ camera: 'front', secondCamera: 'wrist' });
  });

  it('never equals the primary and goes back to none when the datasets stop sharing it', async () => {
    const { store } = await loaded();
    store.getState().setForm({ datasetIds: [1] });
    store.getState().setForm({ secondCamera: 'wrist' });
    // Making the second camera the primary drops it as second.
    store.getState().setForm({ camera: 'wrist' });
    expect(store.getState().form).toMatchObject({ camera: 'wrist', secondCamera: '' });
    expect(secondCamerasOf(store.getState().datasets, store.getState().form)).toEqual(['front']);
    store.getState().setForm({ camera: 'front', secondCamera: 'wrist' });
    // Dataset 2 has no wrist camera.
    store.getState().setForm({ datasetIds: [1, 2] });
    expect(store.getState().form).toMatchObject({ camera: 'front', secondCamera: '' });
  });

  it('shows the contract\'s complaint beside the select and starts nothing', async () => {
    const { backend, store } = await loaded();
    store.getState().setForm({ datasetIds: [1] });
    // A form state the select cannot make (the same camera twice) still meets the contract's rule.
    store.setState({ form: { ...store.getState().form, secondCamera: 'front' } });
    expect(await store.getState().start()).toBeNull();
    expect(backend.runs).toHaveLength(0);
    const issue = store.getState().issues['data.secondCamera'];
    expect(issue).toMatch(/another camera than camera/);
    const html = renderForm({ form: store.getState().form, issues: store.getState().issues, startError: store.getState().startError });
    expect(html).toMatch(/<label class="train-form__field has-error" data-field="secondCamera">.*role="alert">must be another camera/);
    // Shown once, beside its field, not again in the list of other problems.
    expect(html.match(/must be another camera/g)).toHaveLength(1);
    store.getState().setForm({ secondCamera: 'wrist' });
    expect(store.getState().issues).not.toHaveProperty('data.secondCamera');
  });

  it('the run page names the cameras, the primary first', () => {
    const run = (data: unknown) => ({ config: { recipe: 'st4vla', data } }) as TrainingRun;
    expect(runCameras(run({ camera: 'front', secondCamera: 'side' }))).toBe('front + side');
    expect(runCameras(run({ camera: 'front' }))).toBe('front');
    expect(runCameras(run(undefined))).toBeNull();
  });
});

describe('formatEta', () => {
  it('reads to the second, in minutes and hours when long', () => {
    expect([formatEta(42.197), formatEta(185), formatEta(4330)]).toEqual(['42 s', '3 min 05 s', '1 h 12 min']);
  });
});
