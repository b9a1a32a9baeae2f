/**
 * Expands a definition into a LeRobot v2.1 dataset on disk. Episodes are recorded and rendered one at
 * a time on this thread while ffmpeg encodes in its own process: the pipe overlaps rendering with
 * encoding, and an episode's videos finish while the next episode is recorded.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeCameras } from '../../../sim/camera';
import type { FrameRenderer } from '../../../sim/contracts';
import type { CameraSpec } from '../../../sim/types';
import { Mp4Encoder, locateMediaTools, type MediaTools } from '../../media/ffmpeg';
import type { SimBackend } from './backend';
import type { DatasetDefinition } from './definition';
import { episodeLength, tableStats } from './episodeTables';
import { DatasetGenerationError } from './errors';
import { expandDefinition, type EpisodeSpec } from './expand';
import { FPS, KEYFRAME_INTERVAL, META, dataPath, groundTruthPath, videoKey, videoPath } from './layout';
import {
  buildCalibration, buildInfo, buildModality, buildSimDatasetRecord, episodeLine, episodeStatsLine, jsonl,
  simEpisodeLine, type EpisodeSummary,
} from './meta';
import { writeDataTable, writeGroundTruthTable } from './parquetFiles';
import { Slots } from './slots';
import { stageOutput } from './staging';
import { ImageStats } from './stats';

export interface GenerationProgress {
  phase: 'episodes' | 'metadata' | 'done';
  episodesDone: number;
  episodesTotal: number;
  framesDone: number;
  elapsedSeconds: number;
}

export interface WriteOptions {
  backend: SimBackend;
  /** Replace an existing dataset at the output path. */
  force?: boolean;
  onProgress?: (progress: GenerationProgress) => void;
  signal?: AbortSignal;
  /** ffmpeg processes allowed at once; each writes one episode's videos (all cameras). */
  maxEncoders?: number;
}

export interface GenerationResult {
  path: string;
  episodes: number;
  frames: number;
  tasks: number;
  seconds: number;
}

function withContext(spec: EpisodeSpec, err: unknown): Error {
  // Aborts and errors already tied to an episode pass through unchanged.
  if (err instanceof DatasetGenerationError || (err instanceof DOMException && err.name === 'AbortError')) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DatasetGenerationError(`episode ${spec.episodeIndex} (seed ${spec.seed}, ${spec.family}, ${spec.variant}): ${message}`, {
    cause: err,
  });
}

interface Context {
  backend: SimBackend;
  cameras: CameraSpec[];
  renderers: FrameRenderer[];
  tools: MediaTools;
  slots: Slots;
  /** Encoders still running, to kill on failure. */
  active: Set<Mp4Encoder>;
  tasks: Map<string, number>;
  file: (relative: string) => string;
  check: () => void;
}

/**
 * Records one episode, writes its tables and streams its frames to ffmpeg. Resolves once every frame
 * is queued; the returned promise `videos` settles when ffmpeg has written the files.
 */
async function writeEpisode(ctx: Context, spec: EpisodeSpec, firstIndex: number) {
  const { backend, cameras, file } = ctx;
  const episode = await backend.recordEpisode({ seed: spec.seed, variant: spec.variant, family: spec.family });
  const truth = backend.episodeGroundTruth(episode, cameras);
  const length = episodeLength(episode, truth.length);
  const taskIndex = ctx.tasks.get(episode.instruction) ?? ctx.tasks.size;
  ctx.tasks.set(episode.instruction, taskIndex);
  const { episodeIndex } = spec;
  writeDataTable(file(dataPath(episodeIndex)), { episode, length, episodeIndex, firstIndex, taskIndex });
  writeGroundTruthTable(file(groundTruthPath(episodeIndex)), episode, truth, cameras.map((c) => c.name), length);
  const stats = tableStats(episode, length, { episodeIndex, firstIndex, taskIndex });

  const { width, height } = cameras[0]!.intrinsics;
  await ctx.slots.acquire();
  const encoder = new Mp4Encoder({
    outputs: cameras.map((camera) => file(videoPath(episodeIndex, camera.name))),
    width, height, fps: FPS, gop: KEYFRAME_INTERVAL, threads: 1, tools: ctx.tools,
  });
  ctx.active.add(encoder);
  const imageStats = cameras.map(() => new ImageStats(width, height));
  for (let i = 0; i < length; i++) {
    ctx.check();
    const scene = episode.scenes[i]!;
    const tiles = ctx.renderers.map((renderer) => renderer.render(scene));
    tiles.forEach((rgb, c) => imageStats[c]!.add(rgb));
    await encoder.writeTiles(tiles);
  }
  cameras.forEach((camera, c) => (stats[videoKey(camera.name)] = imageStats[c]!.result()));
  const videos = encoder.finish().finally(() => {
    ctx.active.delete(encoder);
    ctx.slots.release();
  });
  const summary: EpisodeSummary = { spec, length, taskIndex, instruction: episode.instruction, stats };
  return { summary, simLine: simEpisodeLine(summary, episode), videos };
}

export async function writeSimDataset(definition: DatasetDefinition, out: string, options: WriteOptions): Promise<GenerationResult> {
  const started = performance.now();
  const cameras = makeCameras(definition.resolution.width, definition.resolution.height);
  const specs = expandDefinition(definition);
  const tools = locateMediaTools();
  const staging = await stageOutput(out, { force: options.force });
  const file = (relative: string) => {
    const path = join(staging.path, relative);
    mkdirSync(dirname(path), { recursive: true });
    return path;
  };
  let asyncFailure: Error | null = null;
  const ctx: Context = {
    backend: options.backend, cameras, renderers: [], tools, slots: new Slots(options.maxEncoders ?? 2),
    active: new Set(), tasks: new Map(), file,
    check: () => {
      options.signal?.throwIfAborted();
      if (asyncFailure) throw asyncFailure;
    },
  };
  const pending: Promise<void>[] = [];
  const summaries: EpisodeSummary[] = [];
  const simLines: unknown[] = [];
  let frames = 0;
  let episodesDone = 0;
  let framesDone = 0;
  const report = (phase: GenerationProgress['phase']) =>
    options.onProgress?.({
      phase, episodesDone, episodesTotal: specs.length, framesDone, elapsedSeconds: (performance.now() - started) / 1000,
    });

  try {
    ctx.renderers = cameras.map((camera) => {
      const renderer = options.backend.createRenderer(camera);
      const { width, height } = camera.intrinsics;
      if (renderer.width !== width || renderer.height !== height) {
        throw new DatasetGenerationError(`the ${camera.name} camera's renderer draws ${renderer.width}x${renderer.height}, not ${width}x${height}`);
      }
      return renderer;
    });
    report('episodes');
    for (const spec of specs) {
      ctx.check();
      const written = await writeEpisode(ctx, spec, frames).catch((err: unknown) => {
        throw withContext(spec, err);
      });
      frames += written.summary.length;
      summaries.push(written.summary);
      simLines.push(written.simLine);
      const done = written.videos.then(
        () => {
          episodesDone++;
          framesDone += written.summary.length;
          report('episodes');
        },
        (err: unknown) => {
          asyncFailure ??= withContext(spec, err);
          throw asyncFailure;
        },
      );
      done.catch(() => undefined);
      pending.push(done);
    }
    await Promise.all(pending);
    ctx.check();

    report('metadata');
    const totals = { episodes: specs.length, frames, tasks: ctx.tasks.size };
    const json = (relative: string, value: unknown) => writeFileSync(file(relative), JSON.stringify(value, null, 2) + '\n');
    json(META.info, buildInfo(totals, cameras));
    writeFileSync(file(META.episodes), jsonl(summaries.map(episodeLine)));
    writeFileSync(file(META.tasks), jsonl([...ctx.tasks].map(([task, task_index]) => ({ task_index, task }))));
    writeFileSync(file(META.episodesStats), jsonl(summaries.map(episodeStatsLine)));
    json(META.modality, buildModality(cameras));
    json(META.calibration, buildCalibration(cameras));
    writeFileSync(file(META.simEpisodes), jsonl(simLines));
    json(META.simDataset, buildSimDatasetRecord(definition, cameras));
    ctx.check();
    await staging.commit();
    report('done');
    return { path: staging.target, episodes: specs.length, frames, tasks: ctx.tasks.size, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    for (const encoder of ctx.active) encoder.abort();
    await Promise.allSettled(pending);
    await staging.discard();
    throw err;
  }
}
