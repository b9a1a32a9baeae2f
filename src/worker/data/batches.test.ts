import { describe, expect, it } from 'vitest';
import { computeActionStatistics } from '../../shared/training/normalize';
import { buildTokenizer } from '../../shared/training/tokenizer';
import type { ActionSample, GroundingSample } from '../../shared/training/samples';
import { DEFAULT_AUGMENT } from './augment';
import { MAX_TARGET, actionBatch, groundingBatch, normaliseEpisodes, type BatchContext } from './batches';
import type { FrameSource } from './frameStore';
import { batchStream } from './order';

const S = 32;
/** Frames that encode (episode, frame) in their first pixel, with a bright spot at (8, 20). */
const frames: FrameSource = {
  size: S,
  frame(episodeId, frame) {
    const data = new Uint8Array(S * S * 3).fill(30);
    data[0] = episodeId;
    data[1] = frame;
    for (let y = 19; y <= 21; y++) for (let x = 7; x <= 9; x++) data.fill(250, (y * S + x) * 3, (y * S + x) * 3 + 3);
    return { data, width: S, height: S };
  },
};
const ctx: BatchContext = { views: [frames], tokenizer: buildTokenizer(['pick the cup', 'where is the cup'], { maxLength: 6 }), seed: 3 };

describe('batch streams', () => {
  it('repeats the same batches for the same seed and step, and covers each epoch once', () => {
    const a = batchStream(10, 3, 7);
    expect(a.batchesPerEpoch).toBe(3);
    const b = batchStream(10, 3, 7);
    expect([0, 1, 2, 5, 9].map((s) => b.at(s))).toEqual([0, 1, 2, 5, 9].map((s) => a.at(s)));
    const epoch0 = [0, 1, 2].flatMap((s) => a.at(s).indices);
    expect(new Set(epoch0).size).toBe(9);
    expect(a.at(3).epoch).toBe(1);
    expect(a.at(3).indices).not.toEqual(a.at(0).indices);
    expect(batchStream(10, 3, 8).at(0).indices).not.toEqual(a.at(0).indices);
    expect(() => batchStream(2, 3, 0)).toThrow(/cannot fill one batch/);
  });
});

describe('action batches', () => {
  it('holds the frame, the instruction ids and the next actions, normalised and masked at the end', () => {
    const raw = new Map([[4, Float32Array.from({ length: 10 * 2 }, (_, i) => (i % 2 === 0 ? i / 2 : i % 4 === 1 ? 1 : 0))]]);
    const stats = computeActionStatistics([{ label: 'e4', values: raw.get(4)! }], ['x', 'gripper']);
    const actions = normaliseEpisodes(stats, raw);
    const samples: ActionSample[] = [{ episodeId: 4, frame: 6, instruction: 'pick the cup' }, { episodeId: 4, frame: 0, instruction: 'pick the cup' }];
    const batch = actionBatch(samples, [0, 1], actions, ctx, 0, 8);
    expect(batch.images.length).toBe(2 * S * S * 3);
    expect(batch.images[0]).toBeCloseTo(4 / 255);
    expect(batch.images[1]).toBeCloseTo(6 / 255);
    expect(batch.images[S * S * 3 + 1]).toBeCloseTo(0);
    expect([...batch.actionMask.slice(0, 8)]).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(batch.actions[0]).toBeCloseTo(normaliseEpisodes(stats, raw).episodes.get(4)![12]!);
    expect(batch.actions.slice(8 * 2, 9 * 2)).toEqual(actions.episodes.get(4)!.slice(0, 2));
    expect(batch.tokens.slice(0, 6)).toEqual(batch.tokens.slice(6, 12));
  });
});

describe('grounding batches', () => {
  const point: GroundingSample = { episodeId: 1, frame: 2, query: 'where is the cup', kind: 'point', target: [8.5 / S, 20.5 / S], source: 'a1' };
  const box: GroundingSample = { episodeId: 1, frame: 2, query: 'where is the cup', kind: 'box', target: [0.1, 0.2, 0.5, 0.6], source: 'a2' };

  it('pads targets to the largest kind and reports pixels or normalised units', () => {
    const batch = groundingBatch([point, box], [1, 0], ctx, 0, 'pixels');
    expect([...batch.kinds]).toEqual([1, 0]);
    expect([...batch.targets.slice(0, 4)].map((v) => +v.toFixed(3))).toEqual([3.2, 6.4, 16, 19.2]);
    expect([...batch.targetMask.slice(0, MAX_TARGET)]).toEqual([1, 1, 1, 1, ...Array(MAX_TARGET - 4).fill(0)]);
    expect(groundingBatch([point], [0], ctx, 0).targets[0]).toBeCloseTo(8.5 / S);
  });

  it('moves the target with the augmented image, the same way for the same step', () => {
    const aug = { ...ctx, augment: { ...DEFAULT_AUGMENT, maxShift: 0.1, brightness: 0, contrast: 0, saturation: 0 } };
    const moved: number[] = [];
    for (let step = 0; step < 5; step++) {
      const batch = groundingBatch([point], [0], aug, step, 'pixels');
      moved.push(Math.hypot(batch.targets[0]! - 8.5, batch.targets[1]! - 20.5));
      let sx = 0, sy = 0, sum = 0;
      for (let i = 0; i < S * S; i++) {
        const v = Math.max(0, batch.images[i * 3]! - 0.5);
        sx += v * ((i % S) + 0.5);
        sy += v * (Math.floor(i / S) + 0.5);
        sum += v;
      }
      expect(Math.hypot(sx / sum - batch.targets[0]!, sy / sum - batch.targets[1]!)).toBeLessThan(0.4);
      expect(groundingBatch([point], [0], aug, step, 'pixels').targets).toEqual(batch.targets);
    }
    expect(Math.max(...moved)).toBeGreaterThan(1);
  });
});

describe('batches of two cameras', () => {
  /** A second camera: the same scene from elsewhere, its bright spot at (24, 6) and 77 in its third byte. */
  const side: FrameSource = {
    size: S,
    frame(episodeId, frame) {
      const data = new Uint8Array(S * S * 3).fill(60);
      data[0] = episodeId;
      data[1] = frame;
      data[2] = 77;
      for (let y = 5; y <= 7; y++) for (let x = 23; x <= 25; x++) data.fill(250, (y * S + x) * 3, (y * S + x) * 3 + 3);
      return { data, width: S, height: S };
    },
  };
  const two: BatchContext = { ...ctx, views: [frames, side] };
  const pixels = S * S * 3;
  const point: GroundingSample = { episodeId: 1, frame: 2, query: 'where is the cup', kind: 'point', target: [8.5 / S, 20.5 / S], source: 'a1' };
  const box: GroundingSample = { episodeId: 3, frame: 5, query: 'where is the cup', kind: 'box', target: [0.1, 0.2, 0.5, 0.6], source: 'a2' };
  /** The bright spot's centre in one [S, S, 3] image. */
  const spot = (image: Float32Array) => {
    let sx = 0, sy = 0, sum = 0;
    for (let i = 0; i < S * S; i++) {
      const v = Math.max(0, image[i * 3]! - 0.5);
      sx += v * ((i % S) + 0.5);
      sy += v * (Math.floor(i / S) + 0.5);
      sum += v;
    }
    return [sx / sum, sy / sum];
  };

  it('stacks every sample as [views, S, S, 3], the primary camera first, in grounding and action batches', () => {
    const grounding = groundingBatch([point, box], [1, 0], two, 0);
    expect(grounding.images.length).toBe(2 * 2 * pixels);
    // Slot 0 is the box sample (episode 3, frame 5): its front then its side frame; then slot 1's.
    expect([0, 1, 2].map((i) => Math.round(grounding.images[i]! * 255))).toEqual([3, 5, 30]);
    expect([0, 1, 2].map((i) => Math.round(grounding.images[pixels + i]! * 255))).toEqual([3, 5, 77]);
    expect([0, 1, 2].map((i) => Math.round(grounding.images[2 * pixels + i]! * 255))).toEqual([1, 2, 30]);
    expect([0, 1, 2].map((i) => Math.round(grounding.images[3 * pixels + i]! * 255))).toEqual([1, 2, 77]);
    // Targets are the primary camera's, as with one camera.
    expect(grounding.targets).toEqual(groundingBatch([point, box], [1, 0], ctx, 0).targets);

    const raw = new Map([[4, Float32Array.from({ length: 10 * 2 }, (_, i) => i % 3)]]);
    const actions = normaliseEpisodes(computeActionStatistics([{ label: 'e4', values: raw.get(4)! }], ['x', 'gripper']), raw);
    const batch = actionBatch([{ episodeId: 4, frame: 6, instruction: 'pick the cup' }], [0], actions, two, 0, 8);
    expect(batch.images.length).toBe(2 * pixels);
    expect(Math.round(batch.images[2]! * 255)).toBe(30);
    expect(Math.round(batch.images[pixels + 2]! * 255)).toBe(77);
  });

  it('moves the labels with the primary camera\'s augmentation and gives the second camera a draw of its own', () => {
    // Shifts only (no zoom): the same draw would move both spots alike, so a difference is a draw of its own.
    const aug = { ...two, augment: { ...DEFAULT_AUGMENT, maxShift: 0.1, minCropScale: 1, brightness: 0, contrast: 0, saturation: 0 } };
    const primaryOnly = { ...aug, views: [frames] };
    let sideMoved = 0;
    for (let step = 0; step < 5; step++) {
      const batch = groundingBatch([point], [0], aug, step, 'pixels');
      // The primary's image and target are what a one-camera run draws at this step: adding a camera changes neither.
      const single = groundingBatch([point], [0], primaryOnly, step, 'pixels');
      expect(batch.targets).toEqual(single.targets);
      expect(batch.images.subarray(0, pixels)).toEqual(single.images);
      const [x, y] = spot(batch.images.subarray(0, pixels));
      expect(Math.hypot(x! - batch.targets[0]!, y! - batch.targets[1]!)).toBeLessThan(0.4);
      // The side camera's spot moved by a draw that is not the primary's.
      const [sx, sy] = spot(batch.images.subarray(pixels, 2 * pixels));
      const primaryShift = [batch.targets[0]! - 8.5, batch.targets[1]! - 20.5];
      const sideShift = [sx! - 24.5, sy! - 6.5];
      sideMoved = Math.max(sideMoved, Math.hypot(sideShift[0]! - primaryShift[0]!, sideShift[1]! - primaryShift[1]!));
      expect(groundingBatch([point], [0], aug, step, 'pixels').images).toEqual(batch.images);
    }
    expect(sideMoved).toBeGreaterThan(0.5);
  });
});
