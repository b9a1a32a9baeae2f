import { describe, expect, it } from 'vitest';
import {
  fit,
  imageToScreen,
  MAX_SCALE,
  MIN_SCALE,
  oneToOne,
  panBy,
  pixelAt,
  pixelCentreOnScreen,
  screenToImage,
  wheelFactor,
  zoomBy,
  zoomTo,
  type Viewport,
} from './viewport';

const close = (a: { x: number; y: number }, b: { x: number; y: number }) => {
  expect(a.x).toBeCloseTo(b.x, 9);
  expect(a.y).toBeCloseTo(b.y, 9);
};

describe('viewport', () => {
  const v: Viewport = { scale: 2, x: 10, y: -4 };

  it('round-trips screen and image coordinates', () => {
    const p = { x: 123.25, y: 77.5 };
    close(imageToScreen(v, screenToImage(v, p)), p);
    close(screenToImage(v, { x: 10, y: -4 }), { x: 0, y: 0 });
  });

  it('keeps the image point under the cursor while zooming', () => {
    const cursor = { x: 311, y: 147 };
    const before = screenToImage(v, cursor);
    for (const factor of [1.1, 0.5, 7, 0.013]) {
      const zoomed = zoomBy(v, factor, cursor);
      close(screenToImage(zoomed, cursor), before);
    }
  });

  it('clamps zoom to 0.05 – 64', () => {
    expect(zoomTo(v, 1000, { x: 0, y: 0 }).scale).toBe(MAX_SCALE);
    expect(zoomTo(v, 0.0001, { x: 0, y: 0 }).scale).toBe(MIN_SCALE);
    expect(zoomTo(v, Number.NaN, { x: 0, y: 0 }).scale).toBe(1);
    expect(MIN_SCALE).toBe(0.05);
    expect(MAX_SCALE).toBe(64);
  });

  it('puts pixel centres at +0.5 and floors to the pixel under a point', () => {
    const at8: Viewport = { scale: 8, x: 0, y: 0 };
    expect(pixelCentreOnScreen(at8, { x: 3, y: 2 })).toEqual({ x: 28, y: 20 });
    expect(pixelAt(screenToImage(at8, { x: 31.9, y: 16 }))).toEqual({ x: 3, y: 2 });
    expect(pixelAt({ x: -0.2, y: 0 })).toEqual({ x: -1, y: 0 });
  });

  it('fits the image centred with a margin', () => {
    const f = fit({ width: 1280, height: 720 }, { width: 656, height: 800 });
    expect(f.scale).toBeCloseTo(640 / 1280);
    expect(f.x).toBeCloseTo(8);
    expect(f.y).toBeCloseTo((800 - 360) / 2);
    expect(fit({ width: 0, height: 10 }, { width: 10, height: 10 })).toEqual({ scale: 1, x: 0, y: 0 });
  });

  it('goes 1:1 around the view centre on whole pixels', () => {
    const view = { width: 800, height: 600 };
    const image = { width: 1280, height: 720 };
    const centre = screenToImage(v, { x: 400, y: 300 });
    const one = oneToOne(v, image, view);
    expect(one.scale).toBe(1);
    expect(Number.isInteger(one.x) && Number.isInteger(one.y)).toBe(true);
    const after = screenToImage(one, { x: 400, y: 300 });
    expect(Math.abs(after.x - centre.x)).toBeLessThanOrEqual(0.5);
    expect(oneToOne(null, image, view)).toEqual({ scale: 1, x: -240, y: -60 });
  });

  it('pans in screen pixels', () => {
    expect(panBy(v, 5, -3)).toEqual({ scale: 2, x: 15, y: -7 });
  });

  it('zooms in on wheel up, out on wheel down, symmetrically', () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1);
    expect(wheelFactor(100) * wheelFactor(-100)).toBeCloseTo(1);
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48));
  });
});
