/**
 * Opens what the host prepared in a run folder: training-data.json, the frame caches of each view
 * (one per dataset, joined by episode id) and the raw actions, normalised once with the run's statistics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS_FILE, STATES_FILE, TRAINING_DATA_FILE, type TrainingData, type TrainingView } from '../../shared/training/dataset';
import { normaliseEpisodes, type NormalisedActions } from './batches';
import { openFrameStore, type FrameSource } from './frameStore';

export interface TrainingSet {
  data: TrainingData;
  views: FrameSource[];
  /** Null for the grounding stage. */
  actions: NormalisedActions | null;
  /** Episode id → the dataset it belongs to (by the primary camera's caches), for weighting datasets. */
  datasetOf: Map<number, number>;
}

function datasetsOf(view: TrainingView): Map<number, number> {
  const out = new Map<number, number>();
  for (const c of view.caches) {
    const index = JSON.parse(readFileSync(join(c.dir, 'index.json'), 'utf8')) as { episodes: { episodeId: number }[] };
    for (const e of index.episodes) out.set(e.episodeId, c.datasetId);
  }
  return out;
}

function openView(view: TrainingView, size: number): FrameSource {
  const stores = view.caches.map((c) => openFrameStore(c.dir));
  for (const store of stores) if (store.size !== size) throw new Error(`frame cache of camera "${view.camera}" is ${store.size} px, the run wants ${size}`);
  const owner = new Map<number, FrameSource>();
  view.caches.forEach((c, i) => {
    const index = JSON.parse(readFileSync(join(c.dir, 'index.json'), 'utf8')) as { episodes: { episodeId: number }[] };
    for (const e of index.episodes) owner.set(e.episodeId, stores[i]!);
  });
  return {
    size,
    frame(episodeId, frame) {
      const store = owner.get(episodeId);
      if (!store) throw new Error(`camera "${view.camera}": no cached frames for episode ${episodeId}`);
      return store.frame(episodeId, frame);
    },
  };
}

export function loadTrainingSet(runDir: string): TrainingSet {
  const data = JSON.parse(readFileSync(join(runDir, TRAINING_DATA_FILE), 'utf8')) as TrainingData;
  if (data.version !== 1) throw new Error(`${TRAINING_DATA_FILE} has version ${data.version}, expected 1`);
  const views = data.views.map((v) => openView(v, data.size));
  let actions: NormalisedActions | null = null;
  if (data.statistics) {
    const bytes = readFileSync(join(runDir, ACTIONS_FILE));
    const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const raw = new Map(data.actionIndex.map((e) => [e.episodeId, all.subarray(e.offset, e.offset + e.frames * data.actionDims)]));
    actions = normaliseEpisodes(data.statistics, raw);
    const dims = data.stateDims ?? 0;
    if (dims > 0) {
      if (!data.statistics.state) throw new Error(`${TRAINING_DATA_FILE} names ${dims} state dims but its statistics have no state`);
      const stateBytes = readFileSync(join(runDir, STATES_FILE));
      const states = new Float32Array(stateBytes.buffer.slice(stateBytes.byteOffset, stateBytes.byteOffset + stateBytes.byteLength));
      let at = 0;
      const rawStates = new Map(data.actionIndex.map((e) => {
        const rows = states.subarray(at, at + e.frames * dims);
        at += e.frames * dims;
        return [e.episodeId, rows];
      }));
      if (at !== states.length) throw new Error(`${STATES_FILE} has ${states.length} values, the index needs ${at}`);
      actions.states = normaliseEpisodes(data.statistics.state, rawStates);
    }
  }
  return { data, views, actions, datasetOf: data.views[0] ? datasetsOf(data.views[0]) : new Map() };
}
