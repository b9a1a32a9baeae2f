/**
 * Prepares everything a training run reads, in two halves. First every check, with nothing decoded:
 * the config, the selection, the actions (NaN named by episode and frame), that stage 1 has grounding
 * data. Then the work: frame caches (reused when current) and the run files: training-data.json, the
 * raw actions, dataset_statistics.json, tokenizer.json and manifest.json.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import { ACTIONS_FILE, STATES_FILE, MANIFEST_FILE, STATISTICS_FILE, TOKENIZER_FILE, TRAINING_DATA_FILE, type TrainingData } from '../../../shared/training/dataset';
import { datasetStatisticsJson } from '../../../shared/training/normalize';
import { splitByEpisode, type ActionSample, type GroundingSample } from '../../../shared/training/samples';
import { buildTokenizer } from '../../../shared/training/tokenizer';
import type { Episode } from '../../db/repositories/episodes';
import { loadQaTemplates, type QaTemplates } from '../../exports/qaTemplates';
import type { MediaTools } from '../../media/ffmpeg';
import type { Project } from '../../project/project';
import { loadEpisodeActions, loadEpisodeStates, type EpisodeActions, type EpisodeStates } from './actions';
import { parseTrainingDataConfig, type TrainingDataConfig } from './config';
import { datasetEpisodes } from './episodes';
import { buildFrameCache, type FrameCache } from './frameCache';
import { annotationSamples, truthSamples, type UsedAnnotation } from './grounding';
import { codeVersion, sha256, withContentHash, type RunManifest } from './manifest';
import { buildSceneCorpus, sceneSource, type SceneCorpus } from './scenes';

export interface PrepareOptions {
  /** Frames decoded into the caches so far, over all of them. */
  onProgress?(progress: { done: number; total: number }): void;
  signal?: AbortSignal;
  tools?: MediaTools;
}

export interface PreparedData {
  data: TrainingData;
  manifest: RunManifest;
  actions: EpisodeActions | null;
}

interface Checked {
  config: TrainingDataConfig;
  episodes: Episode[];
  actions: EpisodeActions | null;
  states: EpisodeStates | null;
  grounding: GroundingSample[];
  used: UsedAnnotation[];
  truthEpisodes: number[];
  templates: QaTemplates;
  /** The rendered scenes' source size, when the run asks for scenes. */
  sceneSize: { width: number; height: number } | null;
  warnings: string[];
}

function selectEpisodes(project: Project, config: TrainingDataConfig): Episode[] {
  const all = config.datasetIds.flatMap((id) => datasetEpisodes(project, id));
  if (!config.episodeIds) return all;
  const wanted = new Set(config.episodeIds);
  const missing = config.episodeIds.filter((id) => !all.some((e) => e.id === id));
  if (missing.length > 0) throw new ApiError('bad_request', `episodeIds: ${missing.join(', ')} not in datasets ${config.datasetIds.join(', ')}`);
  const chosen = all.filter((e) => wanted.has(e.id));
  if (chosen.length === 0) throw new ApiError('bad_request', 'episodeIds: the selection is empty');
  return chosen;
}

/** Every check of the run's data; reads the database and the truth files, decodes nothing. */
export async function checkTrainingData(project: Project, input: unknown): Promise<Checked> {
  const config = parseTrainingDataConfig(input);
  const episodes = selectEpisodes(project, config);
  const warnings: string[] = [];
  const fields = [['camera', config.camera], ['secondCamera', config.secondCamera]] as const;
  for (const [field, camera] of fields) {
    if (camera === undefined) continue;
    for (const episode of episodes) {
      const names = project.repos.episodes.camerasOf(episode.id).map((c) => c.name);
      if (!names.includes(camera)) {
        throw new ApiError('bad_request', `${field}: episode ${episode.index} of dataset ${episode.datasetId} has no camera "${camera}" (it has ${names.map((n) => `"${n}"`).join(', ') || 'none'})`);
      }
    }
  }
  const actions = config.stage === 'action' ? loadEpisodeActions(project, episodes, { gripper: config.gripper }) : null;
  let states: EpisodeStates | null = null;
  if (actions && config.state) {
    const loaded = loadEpisodeStates(project, episodes, actions);
    states = loaded.states;
    if (!states) warnings.push(`state: ${loaded.why}; the policy acts from images and text alone`);
  }
  const templates = loadQaTemplates(project.dir);
  const filter = { ...(config.annotationSources ? { sources: config.annotationSources } : {}), predictions: config.predictions };
  const annotated = annotationSamples(project, episodes, config.camera, templates, filter);
  const truth = config.groundTruth ? await truthSamples(project, episodes, config.camera, templates, config.truthStride) : { samples: [], episodes: [] };
  const grounding = [...annotated.samples, ...truth.samples];
  const sceneSize = config.scenes > 0 ? sceneSource(project, episodes, [config.camera, ...(config.secondCamera ? [config.secondCamera] : [])]) : null;
  if (grounding.length === 0 && !sceneSize) {
    const chosen = config.annotationSources ? ` from the annotation sources ${config.annotationSources.join(', ')}` : '';
    const hint = `annotate points, boxes or trajectories on camera "${config.camera}"${chosen}${config.groundTruth ? '' : ', or turn on groundTruth for sim episodes'}${config.predictions ? '' : ' (uncorrected rollout predictions are left out unless predictions is on)'}`;
    if (config.stage === 'grounding') throw new ApiError('bad_request', `no grounding data for stage 1 in the ${episodes.length} selected episodes: ${hint}`);
    warnings.push(`no grounding data: stage 2 trains on actions alone (${hint})`);
  }
  if (config.groundTruth && truth.episodes.length === 0) warnings.push('groundTruth: none of the selected episodes has sim ground truth');
  return { config, episodes, actions, states, grounding, used: annotated.used, truthEpisodes: truth.episodes, templates, sceneSize, warnings };
}

function actionSamples(episodes: Episode[], actions: EpisodeActions | null, warnings: string[]): ActionSample[] {
  if (!actions) return [];
  const samples: ActionSample[] = [];
  for (const episode of episodes) {
    // InternVLA skips trajectories without a task: there is nothing to condition on.
    if (!episode.instruction.trim()) {
      warnings.push(`episode ${episode.index} of dataset ${episode.datasetId} has no instruction; its actions are left out`);
      continue;
    }
    const frames = Math.min(episode.length, actions.episodes.get(episode.id)!.length / actions.dimNames.length);
    for (let frame = 0; frame < frames; frame++) samples.push({ episodeId: episode.id, frame, instruction: episode.instruction });
  }
  return samples;
}

/** Checks, builds the frame caches and writes the run files into runDir (replacing earlier ones). */
export async function prepareTrainingData(project: Project, input: unknown, runDir: string, options: PrepareOptions = {}): Promise<PreparedData> {
  const checked = await checkTrainingData(project, input);
  const { config, episodes, actions, states, warnings } = checked;
  const split = splitByEpisode(episodes.map((e) => e.id), config.valFraction, config.seed);
  const valSet = new Set(split.val);
  const allActions = actionSamples(episodes, actions, warnings);
  if (config.stage === 'action' && allActions.length === 0) throw new ApiError('bad_request', 'episodes: no selected episode has an instruction and actions to train on');

  // The work starts here: frame caches, one per dataset and camera, then any rendered scenes, progress
  // summed over all of them.
  const cameras = [config.camera, ...(config.secondCamera ? [config.secondCamera] : [])];
  const jobs = cameras.flatMap((camera) => config.datasetIds.map((datasetId) => ({ camera, datasetId })));
  const totals = new Map<number, { done: number; total: number }>();
  const progressOf = (part: number) => (p: { done: number; total: number }) => {
    totals.set(part, p);
    options.onProgress?.([...totals.values()].reduce((a, b) => ({ done: a.done + b.done, total: a.total + b.total }), { done: 0, total: 0 }));
  };
  const caches: { camera: string; datasetId: number; cache: FrameCache }[] = [];
  for (const [i, job] of jobs.entries()) {
    caches.push({
      ...job,
      cache: await buildFrameCache(project, { ...job, size: config.size }, { signal: options.signal, tools: options.tools, onProgress: progressOf(i) }),
    });
  }
  const scenes: SceneCorpus | null = checked.sceneSize
    ? await buildSceneCorpus(project, { cameras, ...checked.sceneSize, size: config.size, count: config.scenes, seed: config.seed }, checked.templates, {
        signal: options.signal,
        onProgress: progressOf(jobs.length),
      })
    : null;
  // Rendered scenes train only: validation measures the project's own data.
  const grounding = [...checked.grounding, ...(scenes?.samples ?? [])];

  // Template words join the vocabulary even when no sample used that paraphrase: serving may ask with it.
  const templateTexts = Object.values(checked.templates).flatMap((t) => t.questions.map((q) => q.replace(/\{\w+\}/g, ' ')));
  const texts = [...episodes.map((e) => e.instruction), ...grounding.map((g) => g.query), ...templateTexts];
  const tokenizer = buildTokenizer(texts, config.tokenizer);
  const actionIndex: TrainingData['actionIndex'] = [];
  const chunks: Float32Array[] = [];
  const stateChunks: Float32Array[] = [];
  let offset = 0;
  for (const [episodeId, values] of actions?.episodes ?? []) {
    actionIndex.push({ episodeId, offset, frames: values.length / actions!.dimNames.length });
    chunks.push(values);
    if (states) stateChunks.push(states.episodes.get(episodeId)!);
    offset += values.length;
  }
  const bySplit = <T extends { episodeId: number }>(list: T[]) => ({ train: list.filter((s) => !valSet.has(s.episodeId)), val: list.filter((s) => valSet.has(s.episodeId)) });
  const data: TrainingData = {
    version: 1,
    stage: config.stage,
    seed: config.seed,
    size: config.size,
    horizon: config.horizon,
    views: cameras.map((camera, v) => ({
      camera,
      caches: [...caches.filter((c) => c.camera === camera).map((c) => ({ datasetId: c.datasetId, dir: c.cache.dir })), ...(scenes ? [{ datasetId: 0, dir: scenes.dirs[v]! }] : [])],
    })),
    tokenizer,
    statistics: actions?.statistics ?? null,
    embodimentTag: config.embodimentTag,
    actionIndex,
    actionDims: actions?.dimNames.length ?? 0,
    stateDims: states?.dimNames.length ?? 0,
    actions: bySplit(allActions),
    grounding: bySplit(grounding),
    warnings,
  };

  const annotations = checked.used.map((a) => ({ id: a.id, hash: sha256(a.content) })).sort((a, b) => a.id.localeCompare(b.id));
  const manifest = withContentHash({
    version: 1,
    createdAt: Date.now(),
    stage: config.stage,
    seed: config.seed,
    config,
    backend: null,
    codeVersion: codeVersion(),
    episodes: episodes.map((e) => {
      const values = actions?.episodes.get(e.id);
      return {
        id: e.id, datasetId: e.datasetId, index: e.index, split: valSet.has(e.id) ? 'val' as const : 'train' as const, frames: e.length,
        actionHash: values ? sha256(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)) : null,
      };
    }),
    annotations,
    annotationsHash: sha256(JSON.stringify(annotations)),
    groundTruthEpisodes: checked.truthEpisodes,
    frameCaches: caches.map((c) => ({ datasetId: c.datasetId, camera: c.camera, size: config.size, fingerprint: c.cache.index.fingerprint })),
    scenes: scenes ? { count: config.scenes, seed: config.seed, samples: scenes.samples.length } : null,
    counts: { actionTrain: data.actions.train.length, actionVal: data.actions.val.length, groundingTrain: data.grounding.train.length, groundingVal: data.grounding.val.length },
  });

  await writeRunFiles(runDir, data, manifest, chunks, stateChunks);
  return { data, manifest, actions };
}

const bytesOf = (chunks: Float32Array[]) => Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));

async function writeRunFiles(runDir: string, data: TrainingData, manifest: RunManifest, actionChunks: Float32Array[], stateChunks: Float32Array[]): Promise<void> {
  await mkdir(runDir, { recursive: true });
  const files: [string, string | Uint8Array][] = [
    [TRAINING_DATA_FILE, JSON.stringify(data)],
    [TOKENIZER_FILE, JSON.stringify(data.tokenizer, null, 1)],
    [MANIFEST_FILE, JSON.stringify(manifest, null, 1)],
    [ACTIONS_FILE, bytesOf(actionChunks)],
  ];
  if (data.stateDims) files.push([STATES_FILE, bytesOf(stateChunks)]);
  if (data.statistics) files.push([STATISTICS_FILE, JSON.stringify(datasetStatisticsJson(data.statistics, data.embodimentTag), null, 1)]);
  // Each file by rename, so a reader never sees half of one.
  for (const [name, content] of files) {
    const temp = join(runDir, `${name}.part-${process.pid}`);
    try {
      await writeFile(temp, content);
      await rename(temp, join(runDir, name));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
