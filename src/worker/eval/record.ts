/**
 * A recording evaluation: runs a policy on an evaluation suite of the tabletop environment (batched,
 * closed loop) and writes one folder per finished rollout under outDir: rollout.json (every step's state,
 * executed action, predicted chunk, predicted point / box / trajectory, the environment's truth per camera,
 * events, raw-frame hashes) and <camera>.mp4 of what every camera saw. Frames stream to ffmpeg as the
 * episode runs, so memory stays flat however long the suite. A rollout's folder appears (by rename) only
 * once its video and record are complete; a cancelled or failed run leaves no half folder behind.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mp4Encoder, locateMediaTools, type MediaTools } from '../../node/media/ffmpeg';
import { hashFrame } from '../../shared/rollouts/frameHash';
import { ROLLOUT_FILE, ROLLOUT_FORMAT_VERSION, RolloutRecord, type RolloutStep, type Spatial } from '../../shared/rollouts/record';
import type { RecordSummary, VariantSummary } from '../../shared/rollouts/messages';
import { DISPLAY_RESOLUTION, makeCameras } from '../../sim/camera';
import type { EpisodeInfo, Observation, Policy as SimPolicy, PolicySlot } from '../../sim/contracts';
import { stepEvents, stepTruth } from '../../sim/rolloutTruth';
import { defaultFamily } from '../../sim/scene';
import { runSuite, suiteEpisodes, type SuiteSpec } from '../../sim/suite';
import { wilsonInterval } from '../../sim/suiteStats';
import { CONTROL_HZ, type Action } from '../../sim/types';
import { ActionSchedule, type ScheduleMode } from './schedule';

/** A policy that predicts chunks (rows of actions) for a batch, and optionally where it will act. */
export interface ChunkPolicy {
  /** Rows per predicted chunk. */
  chunk: number;
  /** The camera the policy looks at (its predictions are in this camera's image); null if it reads no image. */
  camera: string | null;
  predict(obs: Observation[], slots: PolicySlot[]): Action[][] | Promise<Action[][]>;
  /** Normalised point, box and trajectory in the policy camera's image, one per observation. */
  ground?(obs: Observation[], slots: PolicySlot[]): Spatial[] | Promise<Spatial[]>;
}

/** A sim policy (the scripted expert, random) as a chunk policy of one row: the same recording path as a checkpoint. */
export function chunksOf(policy: SimPolicy): ChunkPolicy {
  return {
    chunk: 1,
    camera: null,
    predict: async (obs, slots) => (await policy(obs, { slots })).map((a) => [a]),
  };
}

export interface RecordOptions {
  outDir: string;
  suite: SuiteSpec;
  /** Render size of every camera (default 320x240). */
  size?: { width: number; height: number };
  /** Default { execute: 1 }. */
  schedule?: ScheduleMode;
  tools?: MediaTools;
  /** Kept in every rollout's meta, e.g. the checkpoint path. */
  meta?: Record<string, unknown>;
  /** Finish the current batch of steps, keep finished rollouts, return with cancelled: true. */
  signal?: AbortSignal;
  onEpisode?: (report: EpisodeReport) => void;
}

export interface EpisodeReport {
  rollout: string;
  variant: string;
  seed: number;
  success: boolean;
  reason: string;
  steps: number;
}

interface Live {
  name: string;
  partDir: string;
  info: EpisodeInfo;
  steps: RolloutStep[];
  schedule: ActionSchedule;
  encoder: Mp4Encoder;
  held: string | null;
}

export function rolloutName(index: number, episode: { seed: number; variant: string; family?: string }, family: string): string {
  return `${String(index).padStart(4, '0')}-${episode.variant}-seed${episode.seed}-${family}`;
}

export async function recordSuite(policy: ChunkPolicy, options: RecordOptions): Promise<RecordSummary> {
  const started = performance.now();
  const { width, height } = options.size ?? DISPLAY_RESOLUTION;
  if (width % 2 !== 0 || height % 2 !== 0) throw new Error(`size: H.264 needs even sizes, got ${width}x${height}`);
  const schedule = options.schedule ?? { execute: 1 };
  if ('execute' in schedule && schedule.execute > policy.chunk) throw new Error(`execute: must be at most the policy's chunk of ${policy.chunk}, got ${schedule.execute}`);
  new ActionSchedule(schedule); // validates the mode before any episode runs
  const cameras = makeCameras(width, height);
  if (policy.camera !== null && !cameras.some((c) => c.name === policy.camera)) throw new Error(`the environment has no camera "${policy.camera}"`);
  const names = cameras.map((c) => c.name);
  const planned = suiteEpisodes(options.suite);
  mkdirSync(options.outDir, { recursive: true });
  const clash = planned.map((e, i) => rolloutName(i, e, e.family ?? defaultFamily(e.seed))).find((n) => existsSync(join(options.outDir, n)));
  if (clash) throw new Error(`outDir: ${options.outDir} already holds rollout ${clash}; record into an empty folder`);
  const tools = options.tools ?? locateMediaTools();

  const live = new Map<number, Live>();
  /** Suite position of each rollout, for the summary's order (episodes finish out of order). */
  const order = new Map<string, number>();
  const reports: EpisodeReport[] = [];
  const pending: Promise<void>[] = [];
  let failure: unknown = null;

  const open = (slot: PolicySlot): Live => {
    const info = slot.info;
    const name = rolloutName(slot.episodeId, info, info.task.family);
    const partDir = join(options.outDir, `.${name}.part`);
    rmSync(partDir, { recursive: true, force: true });
    mkdirSync(partDir, { recursive: true });
    const encoder = new Mp4Encoder({ outputs: names.map((n) => join(partDir, `${n}.mp4`)), width, height, fps: CONTROL_HZ, threads: 1, tools });
    const entry: Live = { name, partDir, info, steps: [], schedule: new ActionSchedule(schedule), encoder, held: slot.scene.gripper.held };
    live.set(slot.episodeId, entry);
    order.set(name, slot.episodeId);
    return entry;
  };

  const recorder: SimPolicy = async (obs, ctx) => {
    // A rollout that could not be written stops the run rather than recording more that may fail alike.
    if (failure) throw failure;
    const slots = ctx.slots.slice(0, obs.length);
    const entries = slots.map((slot) => {
      const entry = slot.step === 0 ? open(slot) : live.get(slot.episodeId);
      if (!entry) throw new Error(`episode ${slot.episodeId} has no recording`);
      // What the previous action did to the held object shows in this step's scene.
      const held = slot.scene.gripper.held;
      const events = stepEvents(entry.held, held, entry.info.task.targetId);
      if (events.length > 0) entry.steps.at(-1)!.events = events;
      entry.held = held;
      return entry;
    });
    const asking = entries.flatMap((e, i) => (e.schedule.needsChunk ? [i] : []));
    let chunks: Action[][] = [];
    let grounded: Spatial[] | null = null;
    if (asking.length > 0) {
      const o = asking.map((i) => obs[i]!);
      const s = asking.map((i) => slots[i]!);
      chunks = await policy.predict(o, s);
      if (chunks.length !== asking.length) throw new Error(`the policy predicted ${chunks.length} chunks for ${asking.length} observations`);
      grounded = policy.ground ? await policy.ground(o, s) : null;
    }
    const actions = entries.map((entry, i) => {
      const b = asking.indexOf(i);
      const chunk = b >= 0 ? chunks[b]! : null;
      if (chunk) entry.schedule.add(chunk);
      const action = entry.schedule.next();
      const frames = names.map((n) => {
        const image = obs[i]!.images[n];
        if (!image) throw new Error(`the observation has no image of camera "${n}"`);
        return image;
      });
      entry.steps.push({
        t: slots[i]!.step,
        state: [...obs[i]!.state],
        executed: [...action],
        ...(chunk && { chunk: chunk.map((row) => [...row]) }),
        ...(b >= 0 && grounded?.[b] && { predicted: grounded[b] }),
        truth: stepTruth(cameras, slots[i]!.scene, entry.info.task.targetId),
        frameHashes: Object.fromEntries(names.map((n, c) => [n, hashFrame(frames[c]!)])),
      });
      return { action, frames };
    });
    await Promise.all(entries.map((entry, i) => entry.encoder.writeTiles(actions[i]!.frames)));
    // One turn of the event loop per step: a cancel arriving over IPC is handled between steps, not at the end.
    await new Promise((resolve) => setImmediate(resolve));
    return actions.map((a) => a.action);
  };

  const finish = async (entry: Live, record: RolloutRecord, report: EpisodeReport) => {
    await entry.encoder.finish();
    writeFileSync(join(entry.partDir, ROLLOUT_FILE), JSON.stringify(RolloutRecord.parse(record)));
    renameSync(entry.partDir, join(options.outDir, entry.name));
    reports.push(report);
    options.onEpisode?.(report);
  };

  try {
    await runSuite(recorder, options.suite, {
      env: { cameras },
      ...(options.signal && { signal: options.signal }),
      onEpisode: (episode) => {
        const entry = live.get(episode.episodeId)!;
        live.delete(episode.episodeId);
        const last = entry.steps.at(-1)!;
        const events = stepEvents(entry.held, episode.finalScene.gripper.held, entry.info.task.targetId, episode.reason);
        if (events.length > 0) last.events = [...(last.events ?? []), ...events];
        const { info } = entry;
        const record: RolloutRecord = {
          version: ROLLOUT_FORMAT_VERSION,
          source: 'sim',
          instruction: info.instruction,
          success: episode.success,
          reason: episode.reason,
          cameras: names,
          policyCamera: policy.camera,
          fps: CONTROL_HZ,
          meta: {
            ...options.meta,
            seed: info.seed, variant: info.variant, family: info.task.family, task: info.task,
            width, height, stepLimit: info.stepLimit, schedule, episodeIndex: episode.episodeId,
          },
          steps: entry.steps,
        };
        const report = { rollout: entry.name, variant: info.variant, seed: info.seed, success: episode.success, reason: episode.reason, steps: entry.steps.length };
        pending.push(finish(entry, record, report).catch((error: unknown) => {
          failure ??= error;
          entry.encoder.abort();
          rmSync(entry.partDir, { recursive: true, force: true });
        }));
      },
    });
  } catch (error) {
    if (!options.signal?.aborted) failure ??= error;
  } finally {
    for (const entry of live.values()) {
      entry.encoder.abort();
      rmSync(entry.partDir, { recursive: true, force: true });
    }
    live.clear();
    await Promise.all(pending);
  }
  if (failure) throw failure;
  const sorted = [...reports].sort((a, b) => order.get(a.rollout)! - order.get(b.rollout)!);
  return summarise(sorted, planned, options.signal?.aborted ?? false, (performance.now() - started) / 1000);
}

function summarise(sorted: EpisodeReport[], planned: { variant: string }[], cancelled: boolean, seconds: number): RecordSummary {
  const variants: VariantSummary[] = [...new Set(planned.map((e) => e.variant))].map((variant) => {
    const mine = sorted.filter((r) => r.variant === variant);
    const successes = mine.filter((r) => r.success).length;
    const steps = mine.reduce((n, r) => n + r.steps, 0);
    return { variant, successes, n: mine.length, rate: mine.length ? successes / mine.length : 0, ci: wilsonInterval(successes, mine.length), meanSteps: mine.length ? steps / mine.length : 0 };
  });
  const steps = sorted.reduce((n, r) => n + r.steps, 0);
  return { variants, episodes: sorted.length, meanSteps: sorted.length ? steps / sorted.length : 0, rollouts: sorted.map((r) => r.rollout), cancelled, seconds };
}
