import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/contract/errors';
import { ROLLOUT_FORMAT_VERSION, type RolloutRecord, type RolloutStep } from '../../shared/rollouts/record';
import { STATE_NAMES } from '../../sim/types';
import { openStudio } from '../annotations/testing';
import { closeProject, createProject, type Project } from '../project/project';
import { SEND_COMMAND, sendToAnnotation } from './sendToAnnotation';
import { storeRolloutFolders } from './store';
import { makeVideo, tempFolder, writeJson } from './testing';

const STEPS = 12;

/** Predictions on even steps (point, box, trajectory), state and executed action on every step. */
function record(): RolloutRecord {
  const steps: RolloutStep[] = Array.from({ length: STEPS }, (_, t) => ({
    t,
    state: STATE_NAMES.map((_, d) => t + d / 10),
    executed: [0.01 * t, 0, 0, 0, 0, 0, 1],
    ...(t % 2 === 0
      ? { predicted: { point: [0.5, 0.25], box: [0.25, 0.125, 0.75, 0.5], trajectory: [[0.5, 0.25], [0.6, 0.5], [0.75, 1.2]] } }
      : {}),
  }));
  return {
    version: ROLLOUT_FORMAT_VERSION, source: 'sim', instruction: 'pick up the red block', success: false, reason: 'timeout',
    cameras: ['front', 'wrist'], policyCamera: 'front', fps: 10, meta: { variant: 'unseen_objects', seed: 7, family: 'pick' }, steps,
  };
}

/** A rollout folder as an evaluation writes it (64 x 48 H.264 videos), stored under one evaluation. */
async function storeOne(project: Project): Promise<{ rolloutId: number; evaluationId: number }> {
  const dir = tempFolder();
  const rec = record();
  writeJson(join(dir, 'rollout.json'), rec);
  for (const camera of rec.cameras) makeVideo(join(dir, `${camera}.mp4`), { frames: STEPS, width: 64, height: 48 });
  const evaluationId = project.repos.rollouts.createEvaluation({ name: 'suite', source: 'sim' });
  const [rolloutId] = await storeRolloutFolders(project, evaluationId, [dir]);
  return { rolloutId: rolloutId!, evaluationId };
}

async function projectWithRollout() {
  const dir = join(tempFolder('st4vla-send-'), 'project');
  const project = createProject(dir, { name: 'send' });
  const stored = await storeOne(project);
  closeProject(project);
  return { dir, ...stored };
}

describe('sending a rollout to annotation', () => {
  it('makes it a needs_review episode of "Rollouts" with its videos, state and the predictions as annotations in pixels', async () => {
    const { dir, rolloutId } = await projectWithRollout();
    const { studio, call, events } = await openStudio(dir);

    const sent = await call('rollouts.sendToAnnotation', { id: rolloutId, author: 'ann' });
    // 6 predicting steps x (point, box, trajectory).
    expect(sent).toMatchObject({ created: true, annotations: 18 });
    expect(await call('datasets.list', {})).toEqual([expect.objectContaining({ id: sent.datasetId, name: 'Rollouts', episodeCount: 1 })]);

    const queue = await call('episodes.list', { reviewStatus: 'needs_review' });
    expect(queue.total).toBe(1);
    expect(queue.rows[0]).toMatchObject({ id: sent.episodeId, instruction: 'pick up the red block', length: STEPS, reviewStatus: 'needs_review' });

    const episode = await call('episodes.get', { id: sent.episodeId });
    expect(episode.cameras.map((c: { name: string }) => c.name)).toEqual(['front', 'wrist']);
    const front = episode.cameras[0];
    expect(front).toMatchObject({ codec: 'h264', width: 64, height: 48, frameCount: STEPS, playable: true });
    expect(await studio.resolveMedia(front.mediaPath)).toBe(join(dir, 'rollouts', String(rolloutId), 'front.mp4'));
    expect(await studio.resolveMedia(episode.cameras[1].mediaPath)).toBe(join(dir, 'rollouts', String(rolloutId), 'wrist.mp4'));

    const signals = await call('episodes.signals', { id: sent.episodeId });
    const state = signals.find((s: { name: string }) => s.name === 'state');
    expect(state).toMatchObject({ dims: [...STATE_NAMES], length: STEPS });
    expect(state.values[7 * 3 + 1]).toBeCloseTo(3.1, 5);
    expect(signals.find((s: { name: string }) => s.name === 'action')).toMatchObject({ length: STEPS });

    const annotations = await call('annotations.list', { episodeId: sent.episodeId });
    expect(annotations).toHaveLength(18);
    expect(new Set(annotations.map((a: { camera: string }) => a.camera))).toEqual(new Set(['front']));
    expect(new Set(annotations.map((a: { frameStart: number }) => a.frameStart))).toEqual(new Set([0, 2, 4, 6, 8, 10]));
    const labels = await call('labels.list', {});
    const predicted = labels.find((l: { name: string }) => l.name === 'predicted target');
    expect(predicted).toMatchObject({ usage: 18 });
    const at2 = annotations.filter((a: { frameStart: number }) => a.frameStart === 2);
    expect(at2.every((a: { source: string; labelId: number; author: string }) => a.source === 'imported' && a.labelId === predicted.id && a.author === 'ann')).toBe(true);
    const geometry = Object.fromEntries(at2.map((a: { kind: string; geometry: unknown }) => [a.kind, a.geometry]));
    expect(geometry.point).toEqual({ x: 32, y: 12, role: 'other' });
    expect(geometry.box).toEqual({ x1: 16, y1: 6, x2: 48, y2: 24 });
    // The last vertex (y 1.2, below the image) is pulled onto its edge.
    expect(geometry.trajectory).toEqual({ of: 'gripper', points: [{ x: 32, y: 12, frame: 2 }, { x: 38.4, y: 24, frame: 2 }, { x: 48, y: 48, frame: 2 }] });

    const names = events.map((e) => e.event);
    expect(names).toEqual(expect.arrayContaining(['project.changed', 'episodes.reviewChanged', 'labels.changed', 'annotations.changed']));

    // One undo step: the reviewer can take the predictions back as a whole, and redo brings them again.
    expect(await call('history.undo', { episodeId: sent.episodeId })).toMatchObject({ command: 'rollouts.sendToAnnotation', frame: 0, camera: 'front' });
    expect(await call('annotations.list', { episodeId: sent.episodeId })).toEqual([]);
    await call('history.redo', { episodeId: sent.episodeId });
    expect(await call('annotations.list', { episodeId: sent.episodeId })).toHaveLength(18);
  });

  it('returns the same episode when sent again, adding nothing', async () => {
    const { dir, rolloutId } = await projectWithRollout();
    const { call, events } = await openStudio(dir);
    const first = await call('rollouts.sendToAnnotation', { id: rolloutId });
    const before = events.length;
    const again = await call('rollouts.sendToAnnotation', { id: rolloutId, steps: [0] });
    expect(again).toEqual({ ...first, created: false });
    expect((await call('annotations.list', { episodeId: first.episodeId })).length).toBe(18);
    expect((await call('episodes.list', {})).total).toBe(1);
    expect(events.length).toBe(before);
  });

  it('annotates only the steps asked for, and names a step that cannot be annotated', async () => {
    const { dir, rolloutId } = await projectWithRollout();
    const { call, fail } = await openStudio(dir);
    expect(await fail('rollouts.sendToAnnotation', { id: rolloutId, steps: [2, 3] })).toMatchObject({
      code: 'bad_request', message: 'steps.1: step 3 has no prediction to annotate',
    });
    expect(await fail('rollouts.sendToAnnotation', { id: rolloutId, steps: [40] })).toMatchObject({
      code: 'bad_request', message: 'steps.0: step 40 is beyond the rollout (steps 0 to 11)',
    });
    expect(await call('datasets.list', {})).toEqual([]);
    const sent = await call('rollouts.sendToAnnotation', { id: rolloutId, steps: [4, 2] });
    expect(sent).toMatchObject({ created: true, annotations: 6 });
  });

  it('refuses a rollout whose folder is missing with an error naming it, and creates nothing', async () => {
    const { dir, rolloutId } = await projectWithRollout();
    rmSync(join(dir, 'rollouts', String(rolloutId)), { recursive: true });
    const { call, fail } = await openStudio(dir);
    const error = await fail('rollouts.sendToAnnotation', { id: rolloutId });
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(new RegExp(`^rollout ${rolloutId}: .*rollout\\.json: missing`));
    expect(await call('datasets.list', {})).toEqual([]);
    expect((await call('episodes.list', {})).total).toBe(0);
    expect(await call('labels.list', {})).toEqual([]);
    expect(await fail('rollouts.sendToAnnotation', { id: 999 })).toMatchObject({ code: 'not_found', message: 'id: there is no rollout 999' });
  });

  it('leaves no dataset, episode, media row, signal, label or annotation behind when the last write fails', async () => {
    const dir = join(tempFolder('st4vla-send-'), 'project');
    const project = createProject(dir, { name: 'send' });
    try {
      const { rolloutId, evaluationId } = await storeOne(project);
      // The last write of all: the history step, after the label and the annotations are in.
      const append = project.repos.editLog.append.bind(project.repos.editLog);
      const spy = vi.spyOn(project.repos.editLog, 'append').mockImplementation((entry) => {
        if (entry.command === SEND_COMMAND) throw new ApiError('internal', 'disk full');
        return append(entry);
      });
      await expect(sendToAnnotation(project, rolloutId, { author: 'ann' })).rejects.toThrow('disk full');
      spy.mockRestore();
      const count = (table: string) => project.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
      const tables = ['datasets', 'episodes', 'media_files', 'cameras', 'frames', 'signals', 'label_classes', 'annotations', 'edit_log'];
      expect(tables.map(count)).toEqual(tables.map(() => 0));
      // And it works once the fault is gone.
      const sent = await sendToAnnotation(project, rolloutId, { author: 'ann' });
      expect(sent).toMatchObject({ created: true, annotations: 18 });
      expect(project.repos.episodes.get(sent.episodeId)!.metadata).toMatchObject({
        rolloutId, evaluationId, variant: 'unseen_objects', seed: 7, taskFamily: 'pick', checkpointId: null, reason: 'timeout',
      });
    } finally {
      closeProject(project);
    }
  });

  it('refuses to take the episode of a deleted rollout for a new rollout that got its id', async () => {
    const dir = join(tempFolder('st4vla-send-'), 'project');
    const project = createProject(dir, { name: 'send' });
    try {
      const first = await storeOne(project);
      const sent = await sendToAnnotation(project, first.rolloutId, { author: 'ann' });
      project.repos.rollouts.deleteEvaluation(first.evaluationId);
      rmSync(join(dir, 'rollouts', String(first.rolloutId)), { recursive: true });
      const second = await storeOne(project);
      expect(second.rolloutId).toBe(first.rolloutId);
      await expect(sendToAnnotation(project, second.rolloutId, { author: 'ann' })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining(`episode ${sent.episodeId} of "Rollouts" holds an earlier rollout ${first.rolloutId}`),
      });
    } finally {
      closeProject(project);
    }
  });
});
