import { describe, expect, it } from 'vitest';
import { buildPyramid, halve, sample, toGrey, type GreyImage } from './image';
import { lucasKanade, trackPointStep } from './lucasKanade';
import { track, trackSteps } from './track';

/** A smooth random-looking texture, rendered shifted by (sx, sy) and scaled by s about (cx, cy). */
function texture(width: number, height: number, sx: number, sy: number, s = 1, cx = 0, cy = 0): GreyImage {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x + 0.5 - cx - sx) / s + cx;
      const v = (y + 0.5 - cy - sy) / s + cy;
      data[y * width + x] = 128 + 40 * Math.sin(u * 0.21 + v * 0.07) + 30 * Math.cos(v * 0.19 - u * 0.05) + 25 * Math.sin((u + 2 * v) * 0.11) * Math.cos(u * 0.13);
    }
  }
  return { width, height, data };
}

describe('grey images', () => {
  it('converts RGB and RGBA with BT.601 weights', () => {
    expect(toGrey([255, 0, 0, 255], 1, 1).data[0]).toBeCloseTo(76.245, 3);
    expect(toGrey([0, 255, 0, 0, 0, 255], 2, 1, 3).data).toEqual(new Float32Array([0.587 * 255, 0.114 * 255]));
    expect(() => toGrey([1, 2], 1, 1)).toThrow(/needs 4 bytes/);
  });

  it('samples bilinearly at pixel centres and halves without shifting', () => {
    const ramp: GreyImage = { width: 8, height: 8, data: Float32Array.from({ length: 64 }, (_, i) => i % 8) };
    expect(sample(ramp, 2.5, 3.5)).toBe(2);
    expect(sample(ramp, 3, 3.5)).toBeCloseTo(2.5, 6);
    const half = halve(ramp);
    expect(half.width).toBe(4);
    // Continuous coordinate x maps to x / 2: the value at (3, .) of the ramp is 2.5, at (1.5, .) of the half too.
    expect(sample(half, 1.5, 1.5)).toBeCloseTo(2.5, 6);
    expect(buildPyramid(texture(100, 80, 0, 0), 5).map((l) => l.image.width)).toEqual([100, 50, 25]);
  });
});

describe('Lucas-Kanade', () => {
  it('recovers a known sub-pixel shift larger than its window', () => {
    const a = buildPyramid(texture(160, 120, 0, 0));
    const b = buildPyramid(texture(160, 120, 9.3, -6.7));
    const q = lucasKanade(a, b, { x: 80, y: 60 })!;
    expect(q.x).toBeCloseTo(89.3, 1);
    expect(q.y).toBeCloseTo(53.3, 1);
    const step = trackPointStep(a, b, { x: 80, y: 60 });
    expect(step.forwardBackward).toBeLessThan(0.05);
    expect(step.ncc).toBeGreaterThan(0.99);
  });

  it('gives up on a flat window', () => {
    const flat = buildPyramid({ width: 64, height: 64, data: new Float32Array(64 * 64).fill(7) });
    expect(lucasKanade(flat, flat, { x: 32, y: 32 })).toBeNull();
  });
});

describe('track', () => {
  const moving = (n: number) => Array.from({ length: n }, (_, i) => texture(160, 120, 2.5 * i, 1.5 * i));

  it('follows a point forward, numbering the frames', () => {
    const result = track({ frames: moving(11), start: 100, direction: 'forward', point: { x: 50, y: 40 } });
    expect(result.reason).toBe('end');
    expect(result.steps.map((s) => s.frame)).toEqual([101, 102, 103, 104, 105, 106, 107, 108, 109, 110]);
    const last = result.steps.at(-1)!;
    expect(last.point!.x).toBeCloseTo(75, 0);
    expect(last.point!.y).toBeCloseTo(55, 0);
    expect(Math.min(...result.steps.map((s) => s.confidence))).toBeGreaterThan(0.9);
  });

  it('follows a growing box backward with its scale', () => {
    const frames = Array.from({ length: 6 }, (_, i) => texture(160, 120, -i, 0, 1 + 0.02 * i, 80, 60));
    const result = track({ frames, start: 20, direction: 'backward', box: { x1: 60, y1: 40, x2: 100, y2: 80 } });
    const last = result.steps.at(-1)!;
    expect(last.frame).toBe(15);
    expect((last.box!.x1 + last.box!.x2) / 2).toBeCloseTo(75, 0);
    expect(last.box!.x2 - last.box!.x1).toBeCloseTo(40 * 1.1, 0);
  });

  it('stops on the frame where confidence drops and flags it', () => {
    const frames = [...moving(4), { width: 160, height: 120, data: Float32Array.from({ length: 160 * 120 }, (_, i) => ((i * 2654435761) >>> 0) % 251) }, ...moving(3)];
    const result = track({ frames, start: 0, direction: 'forward', point: { x: 60, y: 60 } });
    expect(result.reason).toBe('low_confidence');
    expect(result.steps).toHaveLength(4);
    expect(result.steps.at(-1)).toMatchObject({ frame: 4, flagged: true });
    expect(result.steps.slice(0, 3).every((s) => !s.flagged)).toBe(true);
  });

  it('honours maxFrames and checks its request', () => {
    expect(track({ frames: moving(8), start: 0, direction: 'forward', point: { x: 50, y: 40 }, maxFrames: 3 })).toMatchObject({ reason: 'max_frames' });
    expect(() => trackSteps({ frames: [], start: 0, direction: 'forward' }).next()).toThrow(/exactly one/);
  });
});
