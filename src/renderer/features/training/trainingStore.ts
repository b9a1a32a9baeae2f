import { createStore } from 'zustand/vanilla';
import type { StudioClient } from '../../../shared/contract/client';
import type { DatasetSummary, EpisodeRow } from '../../../shared/contract/domain';
import type { TrainingCheckpoint, TrainingRun, TrainingStart } from '../../../shared/contract/training';
import { TRAINING_ANNOTATION_SOURCES, TRAINING_BACKENDS } from '../../../shared/contract/training';
import { RECIPE_CHOICES } from '../../../shared/training/recipes';
import { issuesByField } from '../../components/fieldIssues';

type Client = Pick<StudioClient, 'call' | 'on'>;
type Backend = (typeof TRAINING_BACKENDS)[number];
export type AnnotationSourceChoice = (typeof TRAINING_ANNOTATION_SOURCES)[number];

export const PRESET_CHOICES = ['quick', 'standard', 'custom'] as const;
export type PresetChoice = (typeof PRESET_CHOICES)[number];

export interface TrainForm {
  name: string;
  datasetIds: number[];
  camera: string;
  /** A second camera the policy sees too; '' for none. */
  secondCamera: string;
  /** One of RECIPE_CHOICES: the recipe and the stage it implies. */
  recipe: string;
  preset: PresetChoice;
  /** The model preset a 'custom' choice trains (a key of POLICY_PRESETS). */
  customModel: string;
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  backend: Backend;
  valFraction: number;
  groundTruth: boolean;
  /** Rendered scenes of the built-in environment added as grounding data; 0 for none. */
  scenes: number;
  /** Annotation sources that become grounding data; all of them sends none (the backend's "all"). */
  annotationSources: AnnotationSourceChoice[];
  /** Also train on model predictions sent from rollouts that nobody corrected. */
  predictions: boolean;
  /** Validate every this many steps; 0 or empty for about ten times per run. */
  evalEvery: number;
  /** Episodes of the chosen datasets left out of the run; none means all of them. */
  excludedEpisodes: number[];
  /** How much each dataset's samples are drawn, by dataset id; 1 when not set. */
  weights: Record<number, number>;
  /** ST4VLA: stage 1's share of the steps; NaN (empty) for the default 20 %. */
  stage1Steps: number;
  /** Stage 2's grounding loss weight; NaN (empty) for the recipe's. */
  groundingWeight: number;
}

/**
 * What the UI presets mean: a model size and hyperparameter defaults. "quick" stays short (150 steps of
 * 32 is about 20 s at the ~245 samples/s the quick model does here) so trying the loop costs little.
 */
export const PRESET_DEFAULTS: Record<Exclude<PresetChoice, 'custom'>, { model: string; steps: number; batchSize: number; learningRate: number }> = {
  quick: { model: 'quick', steps: 150, batchSize: 32, learningRate: 1e-3 },
  standard: { model: 'small', steps: 2000, batchSize: 8, learningRate: 1e-4 },
};

export const DEFAULT_FORM: TrainForm = {
  name: '', datasetIds: [], camera: '', secondCamera: '', recipe: 'st4vla', preset: 'quick', customModel: 'quick',
  ...PRESET_DEFAULTS.quick, seed: 0, backend: 'auto', valFraction: 0.1, groundTruth: true, scenes: 0,
  annotationSources: [...TRAINING_ANNOTATION_SOURCES], predictions: false, evalEvery: 0, excludedEpisodes: [], weights: {},
  stage1Steps: Number.NaN, groundingWeight: Number.NaN,
};

/** Lines kept of a run's worker log in the window. */
const LOG_LINES = 1000;

/** The form's recipe choice; an unknown one reads as ST4VLA. */
export const recipeChoice = (form: Pick<TrainForm, 'recipe'>) => RECIPE_CHOICES.find((c) => c.id === form.recipe) ?? RECIPE_CHOICES.find((c) => c.id === 'st4vla')!;

export interface Point { step: number; value: number }
export type Series = Record<string, Point[]>;

export interface RunProgress { step: number; total: number; samplesPerSec: number; eta: number | null }

export interface RunDetail {
  run: TrainingRun;
  checkpoints: TrainingCheckpoint[];
}

export interface TrainingState {
  datasets: DatasetSummary[];
  runs: TrainingRun[];
  loadError: unknown;
  form: TrainForm;
  /** Problems of the form by field ("hyperparameters.steps", "data.camera", "name"...), from the backend. */
  issues: Record<string, string>;
  starting: boolean;
  startError: unknown;
  /** The run the run view shows (null: the form). */
  openRunId: number | null;
  detail: RunDetail | null;
  actionError: unknown;
  /** Metric series by run, filled from training.metrics and extended by events. */
  series: Record<number, Series>;
  progress: Record<number, RunProgress>;
  /** What happened to each run as this window saw it: status changes, checkpoints, errors (ISO-stamped). */
  log: Record<number, string[]>;
  /** The worker's own log of each opened run (training.log, then its events), ISO-stamped lines. */
  workerLog: Record<number, string[]>;
  /** Episodes by dataset, fetched when the form lists them. */
  episodes: Record<number, EpisodeRow[]>;
  /** Runs whose curves are overlaid in the compare view. */
  compare: number[];

  load(): Promise<void>;
  setForm(patch: Partial<TrainForm>): void;
  /** Fetches the episodes of the given datasets not fetched yet. */
  loadEpisodes(datasetIds: number[]): Promise<void>;
  start(): Promise<TrainingRun | null>;
  openRun(id: number | null): Promise<void>;
  cancel(id: number): Promise<void>;
  kill(id: number): Promise<void>;
  resume(id: number): Promise<void>;
  clone(id: number): Promise<void>;
  toggleCompare(id: number): void;
  /** Subscribes to the training events; returns the unsubscribe. */
  listen(): () => void;
}

export function modelPreset(form: TrainForm): string {
  return form.preset === 'custom' ? form.customModel : PRESET_DEFAULTS[form.preset].model;
}

/**
 * `episodes` holds the chosen datasets' episodes; an exclusion is only ever made from that list, so it is
 * there whenever the selection is not "all".
 */
export function buildStart(form: TrainForm, episodes: Record<number, EpisodeRow[]> = {}): TrainingStart {
  const steps = form.steps;
  const excluded = new Set(form.excludedEpisodes);
  const episodeIds = excluded.size === 0 ? undefined : form.datasetIds.flatMap((d) => (episodes[d] ?? []).map((e) => e.id)).filter((id) => !excluded.has(id));
  const datasets = form.datasetIds.filter((id) => (form.weights[id] ?? 1) !== 1).map((id) => ({ id, weight: form.weights[id]! }));
  const choice = recipeChoice(form);
  // Empty fields take the recipe's defaults; a typed value goes to the backend, which checks it.
  const stage1Steps = choice.id === 'st4vla' && !Number.isNaN(form.stage1Steps) ? { stage1Steps: form.stage1Steps } : {};
  const groundingWeight = choice.stage === 'action' && !Number.isNaN(form.groundingWeight) ? { groundingWeight: form.groundingWeight } : {};
  // Every source ticked means "all" (old and future sources included); none ticked goes as [] for the backend to refuse.
  const allSources = TRAINING_ANNOTATION_SOURCES.every((s) => form.annotationSources.includes(s));
  const annotationSources = allSources ? {} : { annotationSources: TRAINING_ANNOTATION_SOURCES.filter((s) => form.annotationSources.includes(s)) };
  return {
    name: form.name.trim() || `${form.recipe} ${form.preset}`,
    stage: choice.stage,
    datasetIds: form.datasetIds,
    ...stage1Steps,
    config: {
      recipe: choice.recipe,
      preset: modelPreset(form),
      backend: form.backend,
      ...(datasets.length > 0 ? { datasets } : {}),
      data: {
        camera: form.camera, ...(form.secondCamera ? { secondCamera: form.secondCamera } : {}), valFraction: form.valFraction, groundTruth: form.groundTruth, ...(form.scenes > 0 ? { scenes: form.scenes } : {}), ...annotationSources, predictions: form.predictions,
        ...(episodeIds ? { episodeIds } : {}),
      },
      hyperparameters: {
        steps, batchSize: form.batchSize, learningRate: form.learningRate, seed: form.seed,
        // Short runs still warm up and checkpoint a few times, so a stop always has something to resume.
        warmupSteps: Math.min(500, Math.floor(steps / 10)),
        checkpointEvery: Math.max(1, Math.min(1000, Math.floor(steps / 5))),
        evalEvery: Number.isNaN(form.evalEvery) ? 0 : form.evalEvery,
        ...groundingWeight,
      },
    },
  };
}

/** Appends points in step order, replacing a step already there (a resume repeats none, but be safe). */
export function appendPoints(into: Point[] | undefined, points: Point[]): Point[] {
  const byStep = new Map((into ?? []).map((p) => [p.step, p.value]));
  for (const p of points) byStep.set(p.step, p.value);
  return [...byStep].sort((a, b) => a[0] - b[0]).map(([step, value]) => ({ step, value }));
}

export const isActive = (run: TrainingRun): boolean => run.status === 'running' || run.status === 'queued';

export function createTrainingStore(getClient: () => Client) {
  return createStore<TrainingState>()((set, get) => {
    const note = (runId: number, line: string) =>
      set((s) => ({ log: { ...s.log, [runId]: [...(s.log[runId] ?? []), `${new Date().toISOString()} ${line}`] } }));
    const fetchWorkerLog = async (runId: number) => {
      const { lines } = await getClient().call('training.log', { runId, tail: LOG_LINES });
      set((s) => ({ workerLog: { ...s.workerLog, [runId]: lines } }));
    };
    const refreshRuns = async () => set({ runs: await getClient().call('training.list', {}) });
    const refreshDetail = async (id: number) => {
      const detail = await getClient().call('training.get', { id });
      if (get().openRunId === id) set({ detail: { run: detail.run, checkpoints: detail.checkpoints } });
    };
    const fetchSeries = async (runId: number) => {
      const all = await getClient().call('training.metrics', { runId });
      const fetched: Series = Object.fromEntries(all.map((s) => [s.name, s.points.map((p) => ({ step: p.step, value: p.value }))]));
      // Events that arrived while fetching stay: merge rather than replace.
      set((s) => {
        const merged: Series = { ...fetched };
        for (const [name, points] of Object.entries(s.series[runId] ?? {})) merged[name] = appendPoints(merged[name], points);
        return { series: { ...s.series, [runId]: merged } };
      });
    };
    const act = async (id: number, what: () => Promise<unknown>) => {
      set({ actionError: null });
      try {
        await what();
        await refreshRuns();
        if (get().openRunId === id) await refreshDetail(id);
      } catch (error) {
        set({ actionError: error });
      }
    };

    return {
      datasets: [], runs: [], loadError: null, form: DEFAULT_FORM, issues: {}, starting: false, startError: null,
      openRunId: null, detail: null, actionError: null, series: {}, progress: {}, log: {}, workerLog: {}, episodes: {}, compare: [],

      async load() {
        try {
          const [datasets, runs] = await Promise.all([getClient().call('datasets.list', {}), getClient().call('training.list', {})]);
          const { form } = get();
          const datasetIds = form.datasetIds.filter((id) => datasets.some((d) => d.id === id));
          const picked = datasetIds.length > 0 ? datasetIds : datasets.map((d) => d.id);
          set({ datasets, runs, loadError: null, form: withCameras({ ...form, datasetIds: picked }, datasets) });
        } catch (error) {
          set({ loadError: error });
        }
      },

      setForm(patch) {
        const form = { ...get().form, ...patch };
        if (patch.preset && patch.preset !== 'custom') Object.assign(form, PRESET_DEFAULTS[patch.preset]);
        if (patch.datasetIds || patch.camera) Object.assign(form, withCameras(form, get().datasets));
        // An edited field is no longer the one the backend complained about.
        if (patch.datasetIds) void get().loadEpisodes(form.datasetIds).catch(() => undefined);
        const touched = Object.keys(patch).map(fieldOf);
        const issues = Object.fromEntries(Object.entries(get().issues).filter(([k]) => !touched.includes(k)));
        set({ form, issues, startError: null });
      },

      async loadEpisodes(datasetIds) {
        for (const id of datasetIds.filter((d) => !get().episodes[d])) {
          const rows: EpisodeRow[] = [];
          // Pages of the largest size the contract allows, until the dataset's total.
          for (let total = Infinity; rows.length < total;) {
            const page = await getClient().call('episodes.list', { datasetId: id, offset: rows.length, limit: 5000 });
            rows.push(...page.rows);
            total = page.rows.length === 0 ? rows.length : page.total;
          }
          set((s) => ({ episodes: { ...s.episodes, [id]: rows } }));
        }
      },

      async start() {
        set({ starting: true, startError: null, issues: {} });
        try {
          // A selection lists every chosen dataset's episodes, also of a dataset added after the last fetch.
          if (get().form.excludedEpisodes.length > 0) await get().loadEpisodes(get().form.datasetIds);
          const run = await getClient().call('training.start', buildStart(get().form, get().episodes));
          note(run.id, `started ${run.name}`);
          await refreshRuns();
          set({ starting: false });
          await get().openRun(run.id);
          return run;
        } catch (error) {
          set({ starting: false, startError: error, issues: issuesByField(error, 'config') });
          return null;
        }
      },

      async openRun(id) {
        set({ openRunId: id, detail: null, actionError: null });
        if (id === null) return;
        try {
          await Promise.all([refreshDetail(id), fetchSeries(id), fetchWorkerLog(id)]);
        } catch (error) {
          set({ actionError: error });
        }
      },

      cancel: (id) => act(id, async () => { note(id, 'stop requested: finishing the step and writing a checkpoint'); await getClient().call('training.cancel', { id }); }),
      kill: (id) => act(id, async () => { note(id, 'kill requested'); await getClient().call('training.kill', { id }); }),
      resume: (id) => act(id, async () => { await getClient().call('training.resume', { id }); note(id, 'resumed from the latest checkpoint'); }),
      clone: (id) =>
        act(id, async () => {
          const run = await getClient().call('training.clone', { id });
          note(run.id, `cloned from run ${id}`);
          await refreshRuns();
          await get().openRun(run.id);
        }),

      toggleCompare(id) {
        const { compare } = get();
        const next = compare.includes(id) ? compare.filter((c) => c !== id) : [...compare, id];
        set({ compare: next });
        // Refetched even when known: events only reach this window while it is open.
        if (!compare.includes(id)) void fetchSeries(id).catch((error) => set({ actionError: error }));
      },

      listen() {
        const client = getClient();
        const offs = [
          client.on('training.metrics', ({ runId, step, values }) => {
            set((s) => {
              const series = { ...(s.series[runId] ?? {}) };
              for (const [name, value] of Object.entries(values)) series[name] = appendPoints(series[name], [{ step, value }]);
              return { series: { ...s.series, [runId]: series } };
            });
          }),
          client.on('training.log', ({ runId, lines }) =>
            set((s) => (s.workerLog[runId] ? { workerLog: { ...s.workerLog, [runId]: [...s.workerLog[runId]!, ...lines].slice(-LOG_LINES) } } : {}))),
          client.on('training.progress', ({ runId, step, total, samplesPerSec, eta }) =>
            set((s) => ({ progress: { ...s.progress, [runId]: { step, total, samplesPerSec, eta } } }))),
          client.on('training.changed', ({ runId, status, reason, error }) => {
            note(runId, reason === 'checkpoint' ? 'checkpoint written' : reason === 'backend' ? 'backend chosen' : `status ${status}${error ? `: ${error}` : ''}`);
            void refreshRuns().catch(() => undefined);
            if (get().openRunId === runId) void refreshDetail(runId).catch((e) => set({ actionError: e }));
          }),
        ];
        return () => offs.forEach((off) => off());
      },
    };
  });
}

/** The cameras every picked dataset has (a run trains on one camera across its datasets). */
export function camerasOf(datasets: DatasetSummary[], ids: number[]): string[] {
  const picked = datasets.filter((d) => ids.includes(d.id));
  if (picked.length === 0) return [];
  return picked[0]!.cameras.filter((c) => picked.every((d) => d.cameras.includes(c)));
}

/**
 * The form's cameras kept to ones every picked dataset has: the primary falls back to the first shared
 * one, the second camera to none; and the second is never the primary (picking it as primary drops it).
 */
export function withCameras(form: TrainForm, datasets: DatasetSummary[]): TrainForm {
  const cameras = camerasOf(datasets, form.datasetIds);
  const camera = cameras.includes(form.camera) ? form.camera : (cameras[0] ?? '');
  const secondCamera = cameras.includes(form.secondCamera) && form.secondCamera !== camera ? form.secondCamera : '';
  return { ...form, camera, secondCamera };
}

/** The cameras a second-camera select offers: the shared ones other than the primary. */
export const secondCamerasOf = (datasets: DatasetSummary[], form: Pick<TrainForm, 'datasetIds' | 'camera'>): string[] =>
  camerasOf(datasets, form.datasetIds).filter((c) => c !== form.camera);

/** The issue key a form field's errors come under. */
export function fieldOf(key: string): string {
  switch (key) {
    case 'steps': case 'batchSize': case 'learningRate': case 'seed': case 'groundingWeight': case 'evalEvery': return `hyperparameters.${key}`;
    case 'camera': case 'secondCamera': case 'valFraction': case 'groundTruth': case 'scenes': case 'annotationSources': case 'predictions': return `data.${key}`;
    case 'excludedEpisodes': return 'data.episodeIds';
    case 'weights': return 'datasets';
    case 'datasetIds': return 'datasetIds';
    case 'preset': case 'customModel': return 'preset';
    default: return key;
  }
}
