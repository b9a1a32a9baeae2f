import { describe, expect, it } from 'vitest';
import { events, methods, type MethodName } from '../../../shared/contract/api';
import { ApiError } from '../../../shared/contract/errors';
import type { RolloutSummary } from '../../../shared/contract/rollouts';
import { DEFAULT_FAILURE_TAGS } from '../../../shared/rollouts/record';
import { wilsonInterval } from '../../../shared/stats/wilson';
import { PAGE_SIZE } from './failureRows';
import { resultsTable } from './results';
import { createRolloutsStore, evaluationOfJob, findRollout, type EvaluationSummary } from './rolloutsStore';

type Evaluation = EvaluationSummary;

/**
 * A backend that checks every call's input and output, and every event, against the real contract, and
 * keeps evaluations, rollouts and the taxonomy as the studio does (filters, counts, refusals).
 */
function fakeBackend() {
  const evaluations: Evaluation[] = [];
  const rollouts: RolloutSummary[] = [];
  let taxonomy = DEFAULT_FAILURE_TAGS.map((name) => ({ name, description: '', color: null as string | null }));
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: { method: string; input: any }[] = [];
  const emit = (event: keyof typeof events, payload: unknown) => {
    const checked = events[event].payload.parse(payload);
    for (const fn of listeners.get(event) ?? []) fn(checked);
  };
  const effective = (r: RolloutSummary) => r.tag ?? r.suggestedTag;
  const matches = (r: RolloutSummary, f: any) =>
    (f.evaluationId === undefined || r.evaluationId === f.evaluationId) &&
    (f.checkpointId === undefined || r.checkpointId === f.checkpointId) &&
    (f.variant === undefined || r.variant === f.variant) &&
    (f.success === undefined || r.success === f.success) &&
    (f.tag === undefined || effective(r)?.toLowerCase() === f.tag.toLowerCase());
  const summary = (e: Evaluation): Evaluation => {
    const mine = rollouts.filter((r) => r.evaluationId === e.id);
    return { ...e, rollouts: mine.length, successes: mine.filter((r) => r.success).length };
  };

  /** An evaluation with `n` rollouts per variant; every third fails with a suggested tag. */
  const addEvaluation = (name: string, variants: string[], n: number, checkpointId: number | null = null, status: Evaluation['status'] = 'succeeded') => {
    const id = evaluations.length + 1;
    evaluations.unshift({ id, name, source: checkpointId === null ? 'imported' : 'sim', checkpointId, checkpointPath: null, status, config: {}, error: null, rollouts: 0, successes: 0, createdAt: id, finishedAt: null });
    for (const variant of variants) {
      for (let i = 0; i < n; i++) {
        const rid = rollouts.length + 1;
        const failed = i % 3 === 2;
        rollouts.push({
          id: rid, evaluationId: id, checkpointId, index: rollouts.filter((r) => r.evaluationId === id).length, source: 'generic', variant, seed: i,
          taskFamily: 'pick', instruction: `pick ${rid}`, success: !failed, reason: failed ? 'timeout' : 'success', steps: failed ? 40 : 10 + i, fps: 10,
          cameras: [{ name: 'main', width: 64, height: 48, path: `rollouts/${rid}/main.mp4`, mediaPath: `rollout/${rid}/main` }],
          folder: `rollouts/${rid}`, suggestedTag: failed ? 'missed_grasp' : null, tag: null, taggedBy: null, taggedAt: null, createdAt: rid,
        });
      }
    }
    return id;
  };

  const backend = {
    calls, evaluations, rollouts, emit, addEvaluation,
    get taxonomy() { return taxonomy; },
    on(event: string, fn: (p: unknown) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(fn);
      return () => listeners.get(event)!.delete(fn);
    },
    async call(method: MethodName, raw: unknown): Promise<unknown> {
      const parsed = methods[method].input.safeParse(raw);
      if (!parsed.success) throw new ApiError('bad_request', `invalid input for ${method}`, parsed.error.issues);
      const input = parsed.data as any;
      calls.push({ method, input });
      const out = (value: unknown) => methods[method].output.parse(value);
      const tags = () => taxonomy.map((t) => ({ ...t, rolloutCount: rollouts.filter((r) => r.tag === t.name).length }));
      switch (method) {
        case 'rollouts.evaluations':
          return out(evaluations.map(summary));
        case 'training.list':
          return out([{ id: 1, name: 'quick run', stage: 'action', status: 'succeeded', initCheckpointId: null, config: {}, backend: 'cpu', runDir: 'runs/1', error: null, createdAt: 1, startedAt: 1, finishedAt: 2, datasetIds: [1], parentRunId: null, nextStage: null }]);
        case 'training.get':
          return out({
            run: (await backend.call('training.list', {}) as any[])[0],
            checkpoints: [{ id: 5, runId: 1, step: 100, epoch: null, path: 'runs/1/ckpt-100', sizeBytes: null, metrics: {}, isBest: true, createdAt: 1 }],
            latest: {},
          });
        case 'rollouts.list': {
          const all = rollouts.filter((r) => matches(r, input));
          return out({ total: all.length, rows: all.slice(input.offset, input.offset + input.limit) });
        }
        case 'rollouts.counts': {
          const groups = new Map<string, any>();
          for (const r of rollouts.filter((x) => matches(x, input))) {
            const key = `${r.checkpointId}|${r.variant}|${effective(r)}`;
            const g = groups.get(key) ?? { checkpointId: r.checkpointId, variant: r.variant, tag: effective(r), rollouts: 0, successes: 0, confirmed: 0 };
            g.rollouts += 1;
            g.successes += r.success ? 1 : 0;
            g.confirmed += r.tag ? 1 : 0;
            groups.set(key, g);
          }
          return out([...groups.values()]);
        }
        case 'rollouts.get': {
          const rollout = rollouts.find((r) => r.id === input.id);
          if (!rollout) throw new ApiError('not_found', `id: there is no rollout ${input.id}`);
          return out({ rollout, record: { version: 1, source: 'generic', instruction: rollout.instruction, success: !!rollout.success, reason: 'timeout', cameras: ['main'], policyCamera: 'main', fps: 10, meta: { file: 'a.mp4' }, steps: [{ t: 0, predicted: { point: [0.5, 0.5] } }, { t: 1 }] } });
        }
        case 'rollouts.tag': {
          if (input.tag !== null && !taxonomy.some((t) => t.name === input.tag)) throw new ApiError('bad_request', `tag: "${input.tag}" is not in the project's failure taxonomy`);
          const r = rollouts.find((x) => x.id === input.id)!;
          Object.assign(r, { tag: input.tag, taggedBy: input.tag ? 'ann' : null, taggedAt: input.tag ? 5 : null });
          emit('rollouts.changed', { reason: 'tag', ids: [r.id] });
          return out(r);
        }
        case 'rollouts.taxonomy.get':
          return out(tags());
        case 'rollouts.taxonomy.set': {
          const kept = new Set(input.tags.map((t: any) => t.from ?? t.name));
          const lost = taxonomy.find((t) => !kept.has(t.name) && rollouts.some((r) => r.tag === t.name));
          if (lost) throw new ApiError('conflict', `tags: "${lost.name}" is the confirmed tag of 1 rollout; retag them first`);
          for (const t of input.tags) if (t.from) for (const r of rollouts) if (r.tag === t.from) r.tag = t.name;
          taxonomy = input.tags.map((t: any) => ({ name: t.name, description: t.description ?? '', color: t.color ?? null }));
          emit('rollouts.changed', { reason: 'taxonomy' });
          return out(tags());
        }
        case 'evaluations.start': {
          const id = addEvaluation(input.name ?? 'quick run @ step 100', [], 0, input.checkpointId, 'running');
          emit('evaluations.changed', { id, status: 'running' });
          return out(summary(evaluations.find((e) => e.id === id)!));
        }
        case 'evaluations.cancel': {
          const e = evaluations.find((x) => x.id === input.id)!;
          e.status = 'cancelled';
          emit('evaluations.changed', { id: e.id, status: 'cancelled' });
          return out(summary(e));
        }
        case 'rollouts.import': {
          if (input.path === '/bad') {
            emit('job.progress', { jobId: input.jobId, kind: 'import', phase: 'failed', done: 0, total: 0, finished: true, error: 'a.json: fps' });
            throw new ApiError('bad_request', 'cannot import rollouts: a.json: fps: must be positive', { file: 'a.json' });
          }
          emit('job.progress', { jobId: input.jobId, kind: 'import', phase: 'reading', done: 1, total: 2 });
          const id = addEvaluation('imported', ['seen'], 3);
          emit('rollouts.changed', { reason: 'import', evaluationId: id });
          return out({ evaluationId: id, format: 'generic', imported: 3, transcoded: 0 });
        }
        case 'rollouts.leastSure':
          return out(rollouts.filter((r) => !input.evaluationIds || input.evaluationIds.includes(r.evaluationId)).filter((r) => !r.success).slice(0, 2).map((r, i) => ({ rolloutId: r.id, step: 3 + i, score: 2 - i, reasons: ['point_outside_box'] })));
        case 'rollouts.sendToAnnotation':
          return out({ episodeId: 40 + input.id, datasetId: 9, annotations: 6, created: true });
        default:
          throw new Error(`not used: ${method}`);
      }
    },
  };
  return backend;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

async function loaded(setup: (b: ReturnType<typeof fakeBackend>) => void = (b) => { b.addEvaluation('ablation a', ['in_distribution', 'unseen_objects'], 6, 5); }) {
  const backend = fakeBackend();
  setup(backend);
  const store = createRolloutsStore(() => backend as never);
  const off = store.getState().listen();
  await store.getState().load();
  return { backend, store, off };
}

const shown = (store: Awaited<ReturnType<typeof loaded>>['store']) =>
  Object.entries(store.getState().rows).sort((a, b) => Number(a[0]) - Number(b[0])).map(([, r]) => r.id);

describe('rollouts store', () => {
  it('opens on the newest evaluation with its results, rollouts, counts, taxonomy and the checkpoints to evaluate', async () => {
    const { store } = await loaded((b) => { b.addEvaluation('older', ['in_distribution'], 3); b.addEvaluation('newer', ['in_distribution', 'unseen_objects'], 6, 5); });
    const s = store.getState();
    expect(s.evaluations.map((e) => e.name)).toEqual(['newer', 'older']);
    expect(s.selected).toEqual([2]);
    expect(s.total).toBe(12);
    const table = resultsTable(s.selected, s.results);
    expect(table.variants).toEqual(['in_distribution', 'unseen_objects']);
    // 6 per variant, every third failed: 4 of 6.
    expect(table.cells[2]!['in_distribution']).toMatchObject({ rollouts: 6, successes: 4, ci: wilsonInterval(4, 6) });
    expect(s.counts.reduce((n, c) => n + c.rollouts, 0)).toBe(12);
    expect(s.taxonomy.map((t) => t.name)).toEqual([...DEFAULT_FAILURE_TAGS]);
    await flush();
    expect(store.getState().checkpoints).toEqual([{ id: 5, runId: 1, runName: 'quick run', step: 100, isBest: true }]);
  });

  it('filters the rollouts with the contract\'s filters and lays several evaluations end to end', async () => {
    const { backend, store } = await loaded((b) => { b.addEvaluation('a', ['in_distribution', 'unseen_objects'], 6, 5); b.addEvaluation('b', ['in_distribution'], 300); });
    await store.getState().setFilters({ success: false, variant: 'in_distribution' });
    expect(backend.calls.at(-2)!.input).toMatchObject({ evaluationId: 2, success: false, variant: 'in_distribution' });
    expect(store.getState().total).toBe(100);
    await store.getState().setFilters({ variant: undefined, tag: 'MISSED_GRASP' });
    expect(store.getState().filters).toEqual({ success: false, tag: 'MISSED_GRASP' });
    expect(store.getState().total).toBe(100);

    await store.getState().setFilters({ success: undefined, tag: undefined });
    await store.getState().toggleSelected(1);
    expect(store.getState().selected).toEqual([2, 1]);
    expect(store.getState().segments).toEqual([{ evaluationId: 2, total: 300 }, { evaluationId: 1, total: 12 }]);
    expect(store.getState().total).toBe(312);
    // The first page of each evaluation is there; the list asks for the rest as it scrolls.
    expect(Object.keys(store.getState().rows)).toHaveLength(PAGE_SIZE + 12);
    await store.getState().ensureRange(250, 310);
    expect(shown(store)).toHaveLength(312);
    expect(store.getState().rows[299]!.evaluationId).toBe(2);
    expect(store.getState().rows[300]!.evaluationId).toBe(1);
    const lists = backend.calls.filter((c) => c.method === 'rollouts.list').length;
    await store.getState().ensureRange(0, 311);
    expect(backend.calls.filter((c) => c.method === 'rollouts.list')).toHaveLength(lists);
  });

  it('tags a rollout, shows it at once, and shows the backend\'s refusal of an unknown tag', async () => {
    const { backend, store } = await loaded();
    await store.getState().setFilters({ success: false });
    const failed = store.getState().rows[0]!;
    await store.getState().openRollout(failed.id);
    expect(store.getState().detail?.record.policyCamera).toBe('main');
    await store.getState().tag(failed.id, 'wrong_object');
    expect(backend.calls.find((c) => c.method === 'rollouts.tag')!.input).toEqual({ id: failed.id, tag: 'wrong_object' });
    expect(findRollout(store.getState(), failed.id)!.tag).toBe('wrong_object');
    await flush();
    expect(store.getState().taxonomy.find((t) => t.name === 'wrong_object')!.rolloutCount).toBe(1);
    expect(store.getState().counts.find((c) => c.tag === 'wrong_object')).toMatchObject({ confirmed: 1 });

    await store.getState().tag(failed.id, 'not_a_tag');
    expect(String((store.getState().tagError as Error).message)).toContain('not in the project');
    expect(findRollout(store.getState(), failed.id)!.tag).toBe('wrong_object');
    await store.getState().tag(failed.id, null);
    expect(findRollout(store.getState(), failed.id)!.tag).toBeNull();
    expect(store.getState().tagError).toBeNull();
  });

  it('saves an edited taxonomy and keeps the refusal of removing a tag in use', async () => {
    const { store } = await loaded();
    const failed = (await store.getState().setFilters({ success: false }), store.getState().rows[0]!);
    await store.getState().tag(failed.id, 'missed_grasp');
    expect(await store.getState().saveTaxonomy([{ name: 'other' }])).toBe(false);
    expect(String((store.getState().taxonomyError as Error).message)).toContain('"missed_grasp" is the confirmed tag');
    expect(store.getState().taxonomy).toHaveLength(DEFAULT_FAILURE_TAGS.length);
    expect(await store.getState().saveTaxonomy([{ name: 'grasp', from: 'missed_grasp' }, { name: 'other' }])).toBe(true);
    expect(store.getState().taxonomy.map((t) => [t.name, t.rolloutCount])).toEqual([['grasp', 1], ['other', 0]]);
    expect(store.getState().taxonomyError).toBeNull();
    await flush();
    expect(findRollout(store.getState(), failed.id)!.tag).toBe('grasp');
  });

  it('starts an evaluation with the form\'s input, follows its progress, and cancels it', async () => {
    const { backend, store } = await loaded();
    expect(await store.getState().start()).toBeNull();
    expect(store.getState().issues).toEqual({ checkpointId: 'Pick a checkpoint to evaluate' });
    expect(backend.calls.some((c) => c.method === 'evaluations.start')).toBe(false);

    store.getState().setForm({ checkpointId: 5, variants: ['in_distribution', 'unseen_positions'], episodes: 4, mode: 'ensemble', decay: 0.2 });
    expect(store.getState().issues).toEqual({});
    const started = await store.getState().start();
    expect(backend.calls.find((c) => c.method === 'evaluations.start')!.input).toEqual({
      checkpointId: 5, variants: ['in_distribution', 'unseen_positions'], episodes: 4, seed: 0, ensemble: { decay: 0.2 }, batchSize: 8, grounding: true,
    });
    expect(store.getState()).toMatchObject({ selected: [started!.id], pane: 'results' });
    expect(store.getState().evaluations[0]).toMatchObject({ id: started!.id, status: 'running' });

    backend.emit('job.progress', { jobId: `evaluation-${started!.id}`, kind: 'evaluate', phase: 'rollouts', done: 3, total: 8 });
    backend.emit('job.progress', { jobId: 'evaluation-x', kind: 'evaluate', phase: 'rollouts', done: 1, total: 8 });
    expect(store.getState().progress).toEqual({ [started!.id]: expect.objectContaining({ done: 3, total: 8 }) });

    await store.getState().cancel(started!.id);
    await flush();
    expect(store.getState().evaluations[0]!.status).toBe('cancelled');
  });

  it('puts the backend\'s complaints next to the fields and starts nothing', async () => {
    const { backend, store } = await loaded();
    store.getState().setForm({ checkpointId: 5, episodes: 0, variants: [] });
    expect(await store.getState().start()).toBeNull();
    expect(Object.keys(store.getState().issues).sort()).toEqual(['episodes', 'variants']);
    expect(backend.evaluations).toHaveLength(1);
    store.getState().setForm({ episodes: 2 });
    expect(Object.keys(store.getState().issues)).toEqual(['variants']);
  });

  it('imports a folder, shows its progress and selects it; a refused import keeps the form and says why', async () => {
    const { store } = await loaded();
    store.getState().setImportForm({ path: '/bad', format: 'generic' });
    await store.getState().importRollouts();
    expect(store.getState()).toMatchObject({ importing: false, imported: null, importForm: { path: '/bad', format: 'generic' } });
    expect(String((store.getState().importError as Error).message)).toContain('a.json');
    expect(store.getState().importProgress).toMatchObject({ finished: true, error: 'a.json: fps' });

    store.getState().setImportForm({ path: '/evals/run' });
    expect(store.getState().importError).toBeNull();
    await store.getState().importRollouts();
    expect(store.getState().imported).toEqual({ evaluationId: 2, format: 'generic', imported: 3, transcoded: 0 });
    expect(store.getState().selected).toEqual([2]);
    expect(store.getState().total).toBe(3);
    expect(store.getState().evaluations.map((e) => e.id)).toEqual([2, 1]);
  });

  it('finds the least sure frames of the selected evaluations and opens one at its step; sends a rollout to annotation', async () => {
    const { backend, store } = await loaded();
    await store.getState().findLeastSure();
    expect(backend.calls.find((c) => c.method === 'rollouts.leastSure')!.input).toEqual({ evaluationIds: [1], limit: 50 });
    const [frame] = store.getState().leastSure!;
    await store.getState().openRollout(frame!.rolloutId, frame!.step);
    expect(store.getState()).toMatchObject({ openRolloutId: frame!.rolloutId, startStep: 3 });
    expect(store.getState().detail!.rollout.id).toBe(frame!.rolloutId);

    const sent = await store.getState().sendToAnnotation(frame!.rolloutId);
    expect(sent).toEqual({ rolloutId: frame!.rolloutId, episodeId: 40 + frame!.rolloutId, datasetId: 9, annotations: 6, created: true });
    expect(store.getState().sent).toEqual(sent);
    store.getState().closeRollout();
    expect(store.getState()).toMatchObject({ openRolloutId: null, detail: null, startStep: null });
  });

  it('reloads on another window\'s changes and on a new evaluation\'s rollouts', async () => {
    const { backend, store } = await loaded();
    const other = backend.rollouts.find((r) => r.success === false)!;
    other.tag = 'dropped_object';
    backend.emit('rollouts.changed', { reason: 'tag', ids: [other.id], by: 'another-window' });
    await flush();
    await flush();
    expect(findRollout(store.getState(), other.id)!.tag).toBe('dropped_object');

    backend.rollouts.push({ ...other, id: 999, index: 99, tag: null });
    backend.emit('rollouts.changed', { reason: 'store', ids: [999], evaluationId: 1 });
    await flush();
    await flush();
    expect(store.getState().total).toBe(13);
    expect(store.getState().results[1]).toHaveLength(13);
    expect(store.getState().evaluations[0]!.rollouts).toBe(13);
  });

  it('reads an evaluation id from its job id', () => {
    expect(evaluationOfJob({ jobId: 'evaluation-12', kind: 'evaluate' })).toBe(12);
    expect(evaluationOfJob({ jobId: 'evaluation-12', kind: 'import' })).toBeNull();
    expect(evaluationOfJob({ jobId: 'evaluation-', kind: 'evaluate' })).toBeNull();
  });
});
