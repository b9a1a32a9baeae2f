/**
 * The recording evaluation with reference policies through the same path a checkpoint takes: the
 * scripted expert scores about 100 percent and the random policy about 0; every rollout folder holds a
 * valid record and one H.264 video per camera with a frame per step; a replay from the record re-renders
 * frames equal to the ones the policy saw; cancel keeps finished rollouts and leaves no half folder.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeVideo } from '../../../src/node/media/ffmpeg';
import { hashFrame } from '../../../src/shared/rollouts/frameHash';
import { ROLLOUT_FILE, RolloutRecord } from '../../../src/shared/rollouts/record';
import type { Policy } from '../../../src/sim/contracts';
import { createExpertPolicy } from '../../../src/sim/expert';
import type { Action } from '../../../src/sim/types';
import { createRandomPolicy } from '../../../src/sim/policies';
import { replayFrames, replaySpecOf } from '../../../src/sim/replay';
import { chunksOf, recordSuite } from '../../../src/worker/eval/record';

const temp = mkdtempSync(join(tmpdir(), 'st4vla-rollrec-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const size = { width: 96, height: 72 };

function read(dir: string): RolloutRecord {
  return RolloutRecord.parse(JSON.parse(readFileSync(join(dir, ROLLOUT_FILE), 'utf8')));
}

describe('recording an evaluation suite', () => {
  it('scores the scripted expert about 100 percent, writing a record and a video per camera that replays frame-exactly', async () => {
    const outDir = join(temp, 'expert');
    const seen: string[] = [];
    const summary = await recordSuite(chunksOf(createExpertPolicy()), {
      outDir, size, suite: { variants: ['in_distribution', 'similar_distractors'], episodesPerVariant: 4, baseSeed: 0, batchSize: 4 },
      meta: { policy: 'expert' }, onEpisode: (r) => seen.push(r.rollout),
    });
    expect(summary.episodes).toBe(8);
    expect(summary.cancelled).toBe(false);
    const successes = summary.variants.reduce((n, v) => n + v.successes, 0);
    console.log(`expert through the recording path: ${summary.variants.map((v) => `${v.variant} ${v.successes}/${v.n}`).join(', ')}; ${summary.meanSteps.toFixed(0)} steps/episode, ${summary.seconds.toFixed(1)} s`);
    expect(successes).toBeGreaterThanOrEqual(7);
    for (const v of summary.variants) {
      expect(v.n).toBe(4);
      expect(v.ci[0]).toBeLessThanOrEqual(v.rate);
      expect(v.ci[1]).toBeGreaterThanOrEqual(v.rate);
      expect(v.meanSteps).toBeGreaterThan(5);
    }
    expect(new Set(seen)).toEqual(new Set(summary.rollouts));
    expect(readdirSync(outDir).sort()).toEqual([...summary.rollouts].sort());

    const record = read(join(outDir, summary.rollouts[0]!));
    expect(record).toMatchObject({ source: 'sim', cameras: ['front', 'side'], policyCamera: null, fps: 10 });
    expect(record.meta).toMatchObject({ seed: 0, variant: 'in_distribution', family: 'pick', width: 96, height: 72, policy: 'expert', schedule: { execute: 1 } });
    const first = record.steps[0]!;
    expect(first.chunk).toHaveLength(1);
    expect(first.executed).toEqual(first.chunk![0]);
    expect(first.truth!.front!.target!.box).toHaveLength(4);
    expect(first.truth!.front!.gripper).toHaveLength(2);
    // A successful pick grasps the target, and nothing else.
    const events = record.steps.flatMap((s) => s.events ?? []);
    if (record.success) expect(events).toContain('grasp');
    expect(events).not.toContain('grasp_other');
    for (const camera of record.cameras) {
      const video = await probeVideo(join(outDir, summary.rollouts[0]!, `${camera}.mp4`));
      expect(video).toMatchObject({ codec: 'h264', width: 96, height: 72, frames: record.steps.length });
    }

    // Frame-exact replay of every rollout from its record alone.
    for (const name of summary.rollouts) {
      const rec = read(join(outDir, name));
      const replay = replayFrames(replaySpecOf(rec));
      let t = 0;
      for (let next = replay.next(); ; next = replay.next()) {
        if (next.done) {
          expect(next.value).toEqual({ steps: rec.steps.length, success: rec.success, reason: rec.reason });
          break;
        }
        const hashes = Object.fromEntries(Object.entries(next.value.images).map(([c, img]) => [c, hashFrame(img)]));
        expect(hashes, `${name} frame ${t}`).toEqual(rec.steps[t]!.frameHashes);
        expect(next.value.state).toEqual(rec.steps[t]!.state);
        t++;
      }
      expect(t).toBe(rec.steps.length);
    }
  }, 240_000);

  it('notices a replay that does not match: another seed renders other frames', async () => {
    const outDir = join(temp, 'expert');
    const name = readdirSync(outDir).sort()[0]!;
    const rec = read(join(outDir, name));
    const spec = { ...replaySpecOf(rec), seed: rec.meta.seed as number + 100 };
    const frame = replayFrames(spec).next();
    expect(frame.done).toBe(false);
    expect(hashFrame((frame.value as { images: Record<string, Uint8Array> }).images.front!)).not.toBe(rec.steps[0]!.frameHashes!.front);
  });

  it('scores the random policy about 0 percent and blends chunks with temporal ensembling', async () => {
    const summary = await recordSuite(chunksOf(createRandomPolicy(1)), {
      outDir: join(temp, 'random'), size, schedule: { ensemble: { decay: 0.01 } },
      suite: { variants: ['in_distribution'], episodesPerVariant: 6, baseSeed: 10, batchSize: 6 },
    });
    expect(summary.episodes).toBe(6);
    console.log(`random through the recording path: ${summary.variants[0]!.successes}/${summary.variants[0]!.n}`);
    expect(summary.variants[0]!.successes).toBeLessThanOrEqual(1);
    const rec = read(join(temp, 'random', summary.rollouts[0]!));
    expect(rec.meta.schedule).toEqual({ ensemble: { decay: 0.01 } });
    expect(rec.steps.every((s) => s.chunk && s.executed)).toBe(true);
  }, 240_000);

  it('marks the grasp, the release and the drop of a policy that lets go of the target in the air', async () => {
    const expert = createExpertPolicy();
    // The expert until it has lifted the target 6 cm, then open the gripper and stay.
    const dropper: Policy = (obs, ctx) => ctx.slots.map((slot, i) => {
      const target = slot.scene.objects.find((o) => o.id === slot.info.task.targetId)!;
      const start = slot.info.scene.objects.find((o) => o.id === target.id)!;
      const lifted = slot.scene.gripper.held === target.id && target.pos[2] > start.pos[2] + 0.06;
      return lifted || slot.scene.gripper.held === null && slot.step > 0 && target.pos[2] > start.pos[2] + 0.01
        ? [0, 0, 0, 0, 0, 0, 0] as Action
        : expert.actOne(obs[i]!.state, slot);
    });
    const summary = await recordSuite(chunksOf(dropper), {
      outDir: join(temp, 'drop'), size, suite: { variants: ['in_distribution'], episodesPerVariant: 1, seeds: [1], families: ['place'] },
    });
    const rec = read(join(temp, 'drop', summary.rollouts[0]!));
    expect(rec).toMatchObject({ success: false, reason: 'dropped_object' });
    const events = rec.steps.flatMap((s, t) => (s.events ?? []).map((e) => [e, t] as const));
    expect(events.map(([e]) => e)).toEqual(['grasp', 'release', 'drop']);
    // The drop ends the episode: it is on the last step.
    expect(events.at(-1)![1]).toBe(rec.steps.length - 1);
  }, 60_000);

  it('cancel finishes the current batch, keeps finished rollouts and leaves no partial folder', async () => {
    const outDir = join(temp, 'cancel');
    const controller = new AbortController();
    const summary = await recordSuite(chunksOf(createExpertPolicy()), {
      outDir, size, signal: controller.signal,
      suite: { variants: ['in_distribution'], episodesPerVariant: 6, baseSeed: 0, batchSize: 1 },
      onEpisode: () => controller.abort(),
    });
    expect(summary.cancelled).toBe(true);
    expect(summary.episodes).toBe(1);
    expect(readdirSync(outDir)).toEqual(summary.rollouts);
    expect(existsSync(join(outDir, summary.rollouts[0]!, 'front.mp4'))).toBe(true);
  }, 120_000);

  it('fails with ffmpeg\'s reason when videos cannot be written, leaving no rollout folder', async () => {
    const outDir = join(temp, 'noffmpeg');
    await expect(recordSuite(chunksOf(createExpertPolicy()), {
      outDir, size, tools: { ffmpeg: join(temp, 'no-such-ffmpeg'), ffprobe: null, source: 'system' },
      suite: { variants: ['in_distribution'], episodesPerVariant: 2, baseSeed: 0 },
    })).rejects.toThrow(/cannot start ffmpeg/);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('refuses a folder that already holds the same rollouts, naming it', async () => {
    await expect(recordSuite(chunksOf(createExpertPolicy()), {
      outDir: join(temp, 'cancel'), size, suite: { variants: ['in_distribution'], episodesPerVariant: 1, baseSeed: 0 },
    })).rejects.toThrow(/already holds rollout 0000-in_distribution-seed0-pick/);
  });
});
