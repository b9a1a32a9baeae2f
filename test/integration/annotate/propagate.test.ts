/**
 * tracking.propagate on the annotate sample through a real Studio: the backend decodes the imported
 * videos with ffmpeg and tracks with the shared tracker; errors are measured against the sample's
 * ground truth. The annotator's loop (accept until a flagged frame, correct it there, go on) covers
 * whole episodes, so every frame is either accepted within a few pixels or flagged.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FPS } from '../../../src/core/datasets/sim/layout';
import { decodeGreyRun } from '../../../src/core/tracking/decode';
import type { PropagateResult } from '../../../src/shared/contract/tracking';
import { decodeGreyFrames, readEpisode, type Camera, type SampleEpisode } from './sampleData';
import { openSampleStudio, type SampleStudio } from './propagateSetup';
import { max, mean } from './trackerEval';

/** The sample's longest episode: 30 frames, the target is grasped and carried. */
const EPISODE = 2;

let s: SampleStudio;
let episode: SampleEpisode;
let episodeId: number;

beforeAll(async () => {
  s = await openSampleStudio();
  episode = await readEpisode(s.sampleDir, EPISODE);
  episodeId = s.episodeId(EPISODE);
});
afterAll(async () => s?.close());

const boxAt = (camera: Camera, frame: number) => {
  const b = episode.targetBox[camera][frame]!;
  return { x1: b[0], y1: b[1], x2: b[2], y2: b[3] };
};
const gripperAt = (camera: Camera, frame: number) => ({ x: episode.gripper[camera][frame]![0], y: episode.gripper[camera][frame]![1] });
const centre = (v: { x: number; y: number } | { x1: number; y1: number; x2: number; y2: number }) =>
  'x1' in v ? { x: (v.x1 + v.x2) / 2, y: (v.y1 + v.y2) / 2 } : v;
const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

let jobs = 0;
const propagate = (params: Record<string, unknown>): Promise<PropagateResult> =>
  s.call('tracking.propagate', { episodeId, jobId: `job-${++jobs}`, ...params });

/** Tracks to the episode's end, re-seeding from the ground truth at each flagged frame, as an annotator would. */
async function annotatorLoop(kind: 'point' | 'box', camera: Camera) {
  const truth = (frame: number) => (kind === 'box' ? boxAt(camera, frame) : gripperAt(camera, frame));
  const errors: number[] = [];
  const flagged: number[] = [];
  let start = 0;
  while (start < episode.length - 1) {
    const result = await propagate({ camera, kind, frame: start, geometry: truth(start), frames: 30 });
    for (const step of result.steps) errors.push(distance(centre(step.value), centre(truth(step.frame))));
    if (!result.stopped) break;
    flagged.push(result.stopped.frame);
    start = result.stopped.frame;
  }
  return { errors, flagged };
}

async function waitFor(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!test()) throw new Error(`timed out waiting for ${what}`);
}

const progressOf = (jobId: string) => s.events.filter((e) => e.event === 'job.progress' && e.payload.jobId === jobId).map((e) => e.payload);

describe('tracking.propagate on the sample videos', () => {
  it('decodes a run from the middle of a video exactly as those frames of a full decode', async () => {
    const file = join(s.sampleDir, `videos/chunk-000/observation.images.front/episode_${String(EPISODE).padStart(6, '0')}.mp4`);
    const all = decodeGreyFrames(s.sampleDir, EPISODE, 'front', 320, 240);
    const run = await decodeGreyRun({ file, start: 12 / FPS, fps: FPS, count: 5, width: 320, height: 240 });
    expect(run).toHaveLength(5);
    run.forEach((image, i) => expect(image.data).toEqual(all[12 + i]!.data));
    // Consecutive frames differ (the robot moves), so a run shifted by one frame would not match.
    expect(all[12]!.data).not.toEqual(all[13]!.data);
    await expect(decodeGreyRun({ file, start: 28 / FPS, fps: FPS, count: 5, width: 320, height: 240 })).rejects.toThrow(/holds 2 of the 5 frames/);
  });

  it('follows the target box through the 30 frames within a pixel, flagging the rest', async () => {
    const { errors, flagged } = await annotatorLoop('box', 'front');
    // Every frame after the keyframe is either accepted (and scored) or flagged for correction.
    expect(errors.length + flagged.length).toBe(episode.length - 1);
    expect(errors.length).toBeGreaterThan(20);
    expect(mean(errors)).toBeLessThan(1);
    expect(max(errors)).toBeLessThan(3);
    expect(flagged.length).toBeLessThanOrEqual(8);
  });

  it('follows the gripper point on the side camera within a few pixels, flagging instead of drifting', async () => {
    const { errors, flagged } = await annotatorLoop('point', 'side');
    expect(errors.length + flagged.length).toBe(episode.length - 1);
    expect(errors.length).toBeGreaterThan(5);
    expect(mean(errors)).toBeLessThan(3);
    expect(max(errors)).toBeLessThan(8);
  });

  it('stops where the gripper covers the box: no value for that frame, its reason and confidence below the threshold', async () => {
    const result = await propagate({ camera: 'front', kind: 'box', frame: 0, geometry: boxAt('front', 0), minConfidence: 0.5 });
    expect(result.stopped).not.toBeNull();
    const stop = result.stopped!;
    expect(result.steps.map((st) => st.frame)).toEqual(Array.from({ length: stop.frame - 1 }, (_, i) => i + 1));
    expect(stop.confidence).toBeLessThan(0.5);
    expect(['low_confidence', 'lost']).toContain(stop.reason);
    expect(stop.message).toContain(`frame ${stop.frame}`);
    for (const step of result.steps) expect(step.confidence).toBeGreaterThanOrEqual(0.5);
    // It is where the gripper reaches the object to grasp it and covers part of the box.
    const box = boxAt('front', stop.frame);
    expect(distance(gripperAt('front', stop.frame), centre(box))).toBeLessThan(Math.max(box.x2 - box.x1, box.y2 - box.y1));
    // With no threshold the same run goes on to the episode's end, and says so.
    const all = await propagate({ camera: 'front', kind: 'box', frame: 0, geometry: boxAt('front', 0), minConfidence: 0, frames: 100 });
    expect(all.stopped).toBeNull();
    expect(all.steps).toHaveLength(episode.length - 1);
    expect(all.reachedEdge).toBe(true);
  });

  it('tracks backward from the last frame, frame by frame down', async () => {
    const last = episode.length - 1;
    const result = await propagate({ camera: 'front', kind: 'box', frame: last, geometry: boxAt('front', last), direction: 'backward', frames: 10 });
    expect(result.steps.length).toBeGreaterThan(3);
    result.steps.forEach((step, i) => expect(step.frame).toBe(last - 1 - i));
    for (const step of result.steps) expect(distance(centre(step.value), centre(boxAt('front', step.frame)))).toBeLessThan(3);
    expect(result.reachedEdge).toBe(false);
  });

  it('keeps the point role and reports progress as a track job, storing nothing', async () => {
    const jobId = 'progress-check';
    const result = await s.call('tracking.propagate', {
      episodeId, jobId, camera: 'side', kind: 'point', frame: 0, geometry: { ...gripperAt('side', 0), role: 'grasp' }, frames: 5,
    });
    expect(result.steps.length).toBeGreaterThan(0);
    for (const step of result.steps) expect(step.value.role).toBe('grasp');
    const progress = progressOf(jobId);
    expect(progress.every((p) => p.kind === 'track')).toBe(true);
    expect(progress[0]).toMatchObject({ phase: 'decoding', done: 0, total: 5 });
    expect(progress.at(-1)).toMatchObject({ finished: true, done: result.steps.length });
    expect(await s.call('annotations.list', { episodeId })).toEqual([]);
  });

  it('answers other calls while a propagation runs, and cancels it on request', async () => {
    const jobId = 'long-run';
    let settled = false;
    const running = s.studio
      .dispatch('tracking.propagate', { episodeId, jobId, camera: 'front', kind: 'box', frame: 0, geometry: boxAt('front', 0), minConfidence: 0, frames: 29 })
      .finally(() => (settled = true));
    await waitFor(() => progressOf(jobId).some((p) => p.phase === 'tracking'), 'the first tracked frame');
    // Answered between two frames of the run, not after it.
    const detail = await s.call('episodes.get', { id: episodeId });
    expect(detail.id).toBe(episodeId);
    expect(settled).toBe(false);
    expect(await s.call('tracking.cancel', { jobId })).toEqual({ cancelled: true });
    const outcome = await running;
    expect(outcome).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(progressOf(jobId).at(-1)).toMatchObject({ finished: true, phase: 'cancelled' });
    expect(await s.call('tracking.cancel', { jobId })).toEqual({ cancelled: false });
  });

  it('refuses bad requests with errors naming the field, and stores nothing', async () => {
    const base = { episodeId, jobId: 'bad', camera: 'front', kind: 'box', frame: 0, geometry: boxAt('front', 0) };
    expect(await s.fail('tracking.propagate', { ...base, camera: 'wrist' })).toMatchObject({ code: 'not_found', message: expect.stringMatching(/camera.*"wrist"/) });
    expect(await s.fail('tracking.propagate', { ...base, frame: episode.length })).toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining(`frame: ${episode.length} is beyond the episode`),
    });
    expect(await s.fail('tracking.propagate', { ...base, geometry: { x1: 300, y1: 10, x2: 340, y2: 40 } })).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/^geometry: .*outside the 320x240 image/),
    });
    expect(await s.fail('tracking.propagate', { ...base, kind: 'point', geometry: { x: -1, y: 5 } })).toMatchObject({ code: 'bad_request', message: expect.stringContaining('geometry') });
    expect(await s.fail('tracking.propagate', { ...base, kind: 'point' })).toMatchObject({ code: 'bad_request', message: expect.stringContaining('geometry') });
    expect(await s.fail('tracking.propagate', { ...base, frames: 1000 })).toMatchObject({ code: 'bad_request', message: expect.stringContaining('frames') });
    expect(await s.fail('tracking.propagate', { ...base, frame: episode.length - 1 })).toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('nothing to track forward'),
    });
    expect(await s.fail('tracking.propagate', { ...base, episodeId: 99_999 })).toMatchObject({ code: 'not_found' });
    expect(await s.call('annotations.list', { episodeId })).toEqual([]);
    expect(await s.call('history.state', { episodeId })).toMatchObject({ canUndo: false });
  });

  it('reports an unreadable video as unsupported, naming the camera', async () => {
    const broken = 7;
    const pad = String(broken).padStart(6, '0');
    writeFileSync(join(s.sampleDir, `videos/chunk-000/observation.images.side/episode_${pad}.mp4`), 'not a video');
    const b = (await readEpisode(s.sampleDir, broken)).targetBox.side[0]!;
    const error = await s.fail('tracking.propagate', {
      episodeId: s.episodeId(broken), jobId: 'broken', camera: 'side', kind: 'box', frame: 0, geometry: { x1: b[0], y1: b[1], x2: b[2], y2: b[3] },
    });
    expect(error).toMatchObject({ code: 'unsupported', message: expect.stringContaining('cannot read the video of camera "side"') });
    expect(progressOf('broken').at(-1)).toMatchObject({ finished: true, phase: 'failed' });
  });
});
