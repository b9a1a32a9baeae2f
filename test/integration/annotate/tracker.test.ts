import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { track } from '../../../src/shared/tracking/track';
import { decodeGreyFrames, generateSample, readEpisode, type SampleEpisode } from './sampleData';
import { max, mean, scoreTracking } from './trackerEval';

/** The sample's longest episode (30 frames), front camera, decoded from its mp4. */
const EPISODE = 2;

describe('tracker on the sample videos', () => {
  let dir: string;
  let episode: SampleEpisode;
  beforeAll(async () => {
    dir = await generateSample(join(mkdtempSync(join(tmpdir(), 'st4vla-tracker-')), 'sample'));
    episode = await readEpisode(dir, EPISODE);
  });
  afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('follows the target object box within 1 px on average, correcting rarely', () => {
    const images = decodeGreyFrames(dir, EPISODE, 'front', 320, 240);
    expect(images).toHaveLength(episode.length);
    const truth = episode.targetBox.front.map((b) => (b ? { x1: b[0], y1: b[1], x2: b[2], y2: b[3] } : null));
    const score = scoreTracking(images, truth, 30);
    expect(score.errors.length).toBeGreaterThan(20);
    expect(mean(score.errors)).toBeLessThan(1);
    expect(max(score.errors)).toBeLessThan(3);
    // The target is grasped and carried in this episode: the gripper covers it for a few frames.
    expect(score.corrections).toBeLessThanOrEqual(4);
  });

  it('flags the fast-moving gripper instead of drifting silently', () => {
    const images = decodeGreyFrames(dir, EPISODE, 'side', 320, 240);
    const truth = episode.gripper.side.map(([x, y]) => ({ x, y }));
    const score = scoreTracking(images, truth, 30, { minConfidence: 0.7 });
    // Accepted (unflagged) frames stay close to the truth; everything else was flagged for correction.
    expect(mean(score.errors)).toBeLessThan(3);
    expect(max(score.errors)).toBeLessThan(8);
  });

  it('tracks backward from a keyframe the same way', () => {
    const images = decodeGreyFrames(dir, EPISODE, 'front', 320, 240);
    const last = episode.length - 1;
    const b = episode.targetBox.front[last]!;
    const result = track({ frames: images.slice(last - 5, last + 1).reverse(), start: last, direction: 'backward', box: { x1: b[0], y1: b[1], x2: b[2], y2: b[3] } });
    expect(result.steps[0]!.frame).toBe(last - 1);
    for (const step of result.steps.filter((s) => !s.flagged)) {
      const t = episode.targetBox.front[step.frame]!;
      expect(Math.abs((step.box!.x1 + step.box!.x2) / 2 - (t[0] + t[2]) / 2)).toBeLessThan(3);
    }
  });
});
