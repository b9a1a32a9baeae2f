/**
 * Projection and calibration through the contract on the built-in sample data, measured against the
 * simulator's ground truth: the backend's suggested trace, a DLT fit from noisy clicks, where a fit is
 * stored, and the errors a user can act on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract/api';
import { spreadFrames, type Vec3 } from '../../shared/geometry';
import { gaussian, seededRandom } from '../../shared/geometry/testing';
import { CAMERAS, readEpisode, type SampleEpisode } from '../../../test/integration/annotate/sampleData';
import { SAMPLE_FOLDER } from '../samples/sampleProject';
import { createStudio } from '../studio';

type Studio = Awaited<ReturnType<typeof createStudio>>;
const GR00T = resolve('../shared/fixtures/lerobot-v2.0-gr1-picknplace');
const temp = mkdtempSync(join(tmpdir(), 'st4vla-projection-'));
let studio: Studio;
let episodes: { id: number; truth: SampleEpisode }[];
const events: { event: EventName; payload: any }[] = [];

async function call(method: string, params: unknown): Promise<any> {
  const outcome = await studio.dispatch(method, params);
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result;
}

async function refused(method: string, params: unknown): Promise<{ code: string; message: string }> {
  const outcome = await studio.dispatch(method, params);
  if (outcome.ok) throw new Error(`${method} should have been refused`);
  return outcome.error;
}

const stats = (errors: number[]) => ({ mean: errors.reduce((a, b) => a + b, 0) / errors.length, max: Math.max(...errors) });

beforeAll(async () => {
  // The sample's own definition at the display size the geometry bench uses, 6 episodes.
  const definition = join(temp, 'sample.json');
  const spec = { name: 'projection-sample', seed: 11, episodes: 6, families: ['pick', 'place', 'near', 'push'], variants: ['in_distribution'], resolution: { width: 320, height: 240 } };
  writeFileSync(definition, JSON.stringify(spec));
  studio = await createStudio({ shell: 'web', dataDir: temp, sampleDefinition: definition });
  studio.subscribe((event, payload) => events.push({ event, payload }));
  await studio.ready;
  const { rows } = await call('episodes.list', { limit: 100 });
  const dir = join(temp, 'sample-project', SAMPLE_FOLDER);
  episodes = await Promise.all(rows.map(async (r: { id: number; index: number }) => ({ id: r.id, truth: await readEpisode(dir, r.index) })));
});
afterAll(async () => {
  await studio?.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('projection with the dataset calibration', () => {
  it('reports the dataset calibration and the position dims found by name', async () => {
    const state = await call('calibration.get', { episodeId: episodes[0]!.id, camera: 'front' });
    expect(state).toMatchObject({ source: 'dataset', fit: null, positionDims: [0, 1, 2], positionProblem: null });
    expect(state.matrix).toHaveLength(12);
  });

  it.each(CAMERAS)('suggests the whole path and the future path within 1 px of the ground truth (%s)', async (camera) => {
    const whole: number[] = [];
    const future: number[] = [];
    for (const { id, truth } of episodes) {
      const s = await call('trajectory.suggest', { episodeId: id, camera, frame: 0, mode: 'whole', maxPoints: 6 });
      expect(s.source).toBe('dataset');
      expect(s.path.length + s.clipped).toBe(truth.length);
      for (const p of s.path) whole.push(Math.hypot(p.x - truth.gripper[camera][p.frame]![0], p.y - truth.gripper[camera][p.frame]![1]));
      // The simplified vertices are frames of the path, first and last kept, within the budget.
      expect(s.points.length).toBeLessThanOrEqual(6);
      expect(s.points[0]).toEqual(s.path[0]);
      expect(s.points.at(-1)).toEqual(s.path.at(-1));
      for (const v of s.points) expect(s.path).toContainEqual(v);

      for (const frame of [0, Math.floor(truth.length / 2), truth.length - 2]) {
        const f = await call('trajectory.suggest', { episodeId: id, camera, frame, mode: 'future', maxPoints: 500 });
        const trace = truth.trace[camera][frame]!;
        expect(f.path[0].frame).toBe(frame);
        for (const p of f.path) future.push(Math.hypot(p.x - trace[2 * (p.frame - frame)]!, p.y - trace[2 * (p.frame - frame) + 1]!));
      }
    }
    const w = stats(whole);
    const f = stats(future);
    console.log(`projection ${camera}: whole path mean ${w.mean.toExponential(2)} max ${w.max.toExponential(2)} px over ${whole.length} frames; future trace max ${f.max.toExponential(2)} px`);
    expect(w.max).toBeLessThan(1);
    expect(f.max).toBeLessThan(1);
  });
});

describe('calibration by DLT', () => {
  it('refuses what cannot make a camera, naming the field', async () => {
    const { id, truth } = episodes[0]!;
    const click = (frame: number) => ({ frame, x: truth.gripper.front[frame]![0], y: truth.gripper.front[frame]![1] });
    const five = [0, 2, 4, 6, 8].map(click);
    expect((await refused('calibration.fit', { episodeId: id, camera: 'front', clicks: five })).message).toMatch(/clicks.*at least 6/);
    const twice = [...five, click(8)];
    expect((await refused('calibration.fit', { episodeId: id, camera: 'front', clicks: twice })).message).toMatch(/one click per frame/);
    const onALine = [0, 1, 2, 3, 4, 5, 6, 7].map((frame) => ({ frame, x: 10 + 20 * frame, y: 30 + 10 * frame }));
    expect((await refused('calibration.fit', { episodeId: id, camera: 'front', clicks: onALine })).message).toMatch(/one (line|plane)/);
    const badDims = await refused('calibration.fit', { episodeId: id, camera: 'front', clicks: [0, 2, 4, 6, 8, 10].map(click), positionDims: [0, 1, 9] });
    expect(badDims.message).toMatch(/positionDims: dim 9 does not exist; the state has 7 dims/);
    const outside = [0, 2, 4, 6, 8, 10].map(click).map((c, i) => (i === 3 ? { ...c, x: 400 } : c));
    expect((await refused('calibration.fit', { episodeId: id, camera: 'front', clicks: outside })).message).toMatch(/clicks\[3\]: \(400, [\d.]+\) is outside camera "front"'s 320x240 image/);
    expect((await refused('calibration.fit', { episodeId: id, camera: 'nope', clicks: [0, 2, 4, 6, 8, 10].map(click) })).code).toBe('not_found');
    // Nothing was stored by any of them.
    expect((await call('calibration.get', { episodeId: id, camera: 'front' })).source).toBe('dataset');
  });

  it.each(CAMERAS)('fits from 8 clicks with 1 px noise within 3 px of the truth, for every episode of the dataset (%s)', async (camera) => {
    // The frames the studio would ask for: spread over the dataset's episodes in 3-D.
    const all = episodes.flatMap(({ id, truth }) => truth.states.map((s, frame) => ({ id, frame, world: [s[0]!, s[1]!, s[2]!] as Vec3, truth })));
    const chosen = spreadFrames(all.map((c) => c.world), 8).map((i) => all[i]!);
    const random = seededRandom(3);
    const clicks = chosen.map(({ id, frame, truth }) => ({
      episodeId: id,
      frame,
      x: truth.gripper[camera][frame]![0] + gaussian(random),
      y: truth.gripper[camera][frame]![1] + gaussian(random),
    }));
    const before = events.length;
    const fit = await call('calibration.fit', { episodeId: episodes[0]!.id, camera, clicks, clientId: 'w1' });
    expect(fit.clicks).toHaveLength(8);
    expect(fit.mean).toBeCloseTo(fit.clicks.reduce((s: number, c: { error: number }) => s + c.error, 0) / 8, 9);
    expect(events.slice(before)).toContainEqual({ event: 'calibration.changed', payload: { datasetId: expect.any(Number), camera, by: 'w1' } });

    const others: number[] = [];
    for (const { id, truth } of episodes) {
      const state = await call('calibration.get', { episodeId: id, camera });
      expect(state).toMatchObject({ source: 'fitted', matrix: fit.matrix, fit: { mean: fit.mean } });
      const s = await call('trajectory.suggest', { episodeId: id, camera, frame: 0, mode: 'whole', maxPoints: 8 });
      expect(s.source).toBe('fitted');
      for (const p of s.path) {
        if (!chosen.some((c) => c.id === id && c.frame === p.frame)) others.push(Math.hypot(p.x - truth.gripper[camera][p.frame]![0], p.y - truth.gripper[camera][p.frame]![1]));
      }
    }
    const o = stats(others);
    console.log(`DLT ${camera}: clicks mean ${fit.mean.toFixed(2)} max ${fit.max.toFixed(2)} px; other frames mean ${o.mean.toFixed(2)} max ${o.max.toFixed(2)} px over ${others.length}`);
    expect(others.length).toBeGreaterThan(50);
    expect(o.mean).toBeLessThan(3);
    expect(o.max).toBeLessThan(5);
    // The other camera keeps its own calibration.
    const other = CAMERAS.find((c) => c !== camera)!;
    expect((await call('calibration.get', { episodeId: episodes[1]!.id, camera: other })).source).not.toBe('none');
  });
});

describe('datasets without what projection needs', () => {
  let grId = 0;
  beforeAll(async () => {
    await call('datasets.import', { path: GR00T, jobId: 'gr1' });
    const { rows } = await call('episodes.list', { search: 'pick', limit: 100 });
    grId = rows.find((r: { id: number }) => !episodes.some((e) => e.id === r.id)).id;
  });

  it('asks to calibrate a camera that has no calibration', async () => {
    const state = await call('calibration.get', { episodeId: grId, camera: 'ego_view' });
    expect(state).toMatchObject({ source: 'none', matrix: null, positionDims: null });
    expect(state.positionProblem).toMatch(/44 dims \(motor_0, motor_1, motor_2 … motor_43\) name no end-effector position/);
    const error = await refused('trajectory.suggest', { episodeId: grId, camera: 'ego_view', frame: 0, mode: 'future', maxPoints: 8 });
    expect(error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/calibrate this camera first/) });
  });

  it('refuses to fit from a state without a position, unless the dims are given', async () => {
    const clicks = [0, 5, 10, 15, 20, 25, 30, 35].map((frame, i) => ({ frame, x: 20 + 25 * i, y: 40 + ((i * 37) % 150) }));
    const error = await refused('calibration.fit', { episodeId: grId, camera: 'ego_view', clicks });
    expect(error.message).toMatch(/positionDims: the state's 44 dims .* name no end-effector position/);
    const foreign = await refused('calibration.fit', { episodeId: grId, camera: 'ego_view', clicks: clicks.map((c) => ({ ...c, episodeId: episodes[0]!.id })), positionDims: [0, 1, 2] });
    expect(foreign.message).toMatch(/clicks\[0\]\.episodeId: episode \d+ is not in the dataset/);
  });
});
