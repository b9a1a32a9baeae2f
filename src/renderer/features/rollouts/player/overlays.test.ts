import { describe, expect, it } from 'vitest';
import { rolloutAsEpisode } from './adapt';
import { ALL_LAYERS_ON, availableLayers, overlayShapes, predictionAt } from './overlays';
import { testRecord, testSummary } from './testing';

const front = { name: 'front', width: 320, height: 240 };
const side = { name: 'side', width: 320, height: 240 };

describe('a rollout as the player plays it', () => {
  it('has one frame per step on every camera, H.264 from time 0, at the rollout media paths', () => {
    const episode = rolloutAsEpisode(testSummary());
    expect(episode).toMatchObject({ id: 7, length: 8, fps: 10 });
    expect(episode.cameras).toEqual([
      { name: 'front', width: 320, height: 240, codec: 'h264', frameCount: 8, fps: 10, fromTimestamp: 0, mediaPath: 'rollout/7/front', playable: true },
      { name: 'side', width: 320, height: 240, codec: 'h264', frameCount: 8, fps: 10, fromTimestamp: 0, mediaPath: 'rollout/7/side', playable: true },
    ]);
  });
});

describe('overlay shapes', () => {
  it('draws the predicted box and point in camera pixels in the policy camera, the true ones last so a right prediction does not hide them', () => {
    const shapes = overlayShapes(testRecord(), 4, front, { predicted: true, truth: true, future: false, path: false });
    expect(shapes).toEqual([
      { kind: 'box', layer: 'predicted', x: 224, y: 96, w: 64, h: 48, stale: false },
      { kind: 'point', layer: 'predicted', x: 256, y: 120, stale: false },
      { kind: 'box', layer: 'truth', x: 128, y: 96, w: 64, h: 48, stale: false },
      { kind: 'point', layer: 'truth', x: 160, y: 120, stale: false },
    ]);
  });

  it('keeps drawing the last prediction on steps without one, marked stale', () => {
    const record = testRecord();
    expect(predictionAt(record, 5)?.age).toBe(1);
    const predicted = overlayShapes(record, 5, front, { predicted: true, truth: false, future: false, path: false });
    expect(predicted.map((s) => [s.kind, s.kind !== 'path' && s.stale])).toEqual([['box', true], ['point', true]]);
    expect(predicted[0]).toMatchObject({ x: 224 });
  });

  it('draws truth but no prediction on a camera the policy did not look at', () => {
    const shapes = overlayShapes(testRecord(), 4, side, ALL_LAYERS_ON);
    expect(shapes.some((s) => s.layer === 'predicted' || s.layer === 'future')).toBe(false);
    expect(shapes.find((s) => s.layer === 'truth')).toEqual({ kind: 'box', layer: 'truth', x: 32, y: 48, w: 64, h: 48, stale: false });
  });

  it('draws the executed gripper path up to now only, broken where a step has no gripper point', () => {
    const at3 = overlayShapes(testRecord(), 3, front, { predicted: false, truth: false, future: false, path: true });
    expect(at3[0]).toEqual({ kind: 'path', layer: 'path', dashed: false, points: [0, 1, 2, 3].map((t) => [(0.2 + 0.05 * t) * 320, (0.8 - 0.05 * t) * 240]) });
    expect(at3[1]).toMatchObject({ kind: 'point', layer: 'path' });
    expect(at3[1]).toEqual({ ...at3[1], x: (0.2 + 0.05 * 3) * 320, y: (0.8 - 0.05 * 3) * 240 });
    // Side camera: step 5 has no gripper point, so steps 0-4 and 6-7 are two lines.
    const side7 = overlayShapes(testRecord(), 7, side, { predicted: false, truth: false, future: false, path: true });
    expect(side7.filter((s) => s.kind === 'path').map((s) => (s.kind === 'path' ? s.points.length : 0))).toEqual([5, 2]);
  });

  it('draws the predicted trajectory dashed, and nothing of a layer switched off', () => {
    const shapes = overlayShapes(testRecord(), 2, front, { predicted: false, truth: false, future: true, path: false });
    expect(shapes).toEqual([{ kind: 'path', layer: 'future', dashed: true, points: [[64, 192], [112, 156], [160, 120]] }]);
    expect(overlayShapes(testRecord(), 2, front, { predicted: false, truth: false, future: false, path: false })).toEqual([]);
  });

  it('knows which layers an imported record without predictions or truth can draw', () => {
    const bare = testRecord({ policyCamera: null, steps: [{ t: 0, executed: [0] }, { t: 1 }] });
    expect(availableLayers(bare)).toEqual({ predicted: false, future: false, truth: false, path: false });
    expect(overlayShapes(bare, 1, front, ALL_LAYERS_ON)).toEqual([]);
    expect(availableLayers(testRecord())).toEqual(ALL_LAYERS_ON);
  });
});
