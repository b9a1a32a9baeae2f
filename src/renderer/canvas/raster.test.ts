import { describe, expect, it } from 'vitest';
import { blitFor, marginOf, rasterDecision, rasterViewport, type RasterKey } from './raster';
import { imageToScreen, panBy, zoomBy, type Viewport } from './viewport';

const view = { width: 800, height: 600 };
const image = { width: 1280, height: 720 };
const at: Viewport = { scale: 0.6, x: 16, y: 84 };
const content = {};
const key: RasterKey = { at, view, content };

describe('raster reuse', () => {
  it('lines a reused raster up with the new viewport', () => {
    const v = zoomBy(panBy(at, 30, -12), 1.7, { x: 300, y: 200 });
    const b = blitFor(at, v, view);
    const painted = rasterViewport(at, view);
    const p = { x: 517, y: 333 };
    const onRaster = imageToScreen(painted, p);
    const expected = imageToScreen(v, p);
    expect(onRaster.x * b.k + b.x).toBeCloseTo(expected.x, 9);
    expect(onRaster.y * b.k + b.y).toBeCloseTo(expected.y, 9);
    expect(marginOf(view)).toEqual({ x: 200, y: 150 });
  });

  it('blits while moving and repaints once settled, on edits and on resizes', () => {
    const moved = panBy(at, 40, 10);
    expect(rasterDecision(key, content, at, view, image, true)).toBe('blit');
    expect(rasterDecision(key, content, moved, view, image, false)).toBe('blit');
    expect(rasterDecision(key, content, moved, view, image, true)).toBe('paint');
    expect(rasterDecision(key, {}, at, view, image, false)).toBe('paint');
    expect(rasterDecision(key, content, at, { width: 801, height: 600 }, image, false)).toBe('paint');
    expect(rasterDecision(null, content, at, view, image, false)).toBe('paint');
  });

  it('repaints when zoomed too far or when the raster no longer covers the image on screen', () => {
    expect(rasterDecision(key, content, zoomBy(at, 4, { x: 400, y: 300 }), view, image, false)).toBe('paint');
    const zoomed: RasterKey = { at: { scale: 2, x: -500, y: -300 }, view, content };
    expect(rasterDecision(zoomed, content, panBy(zoomed.at, 150, 0), view, image, false)).toBe('blit');
    expect(rasterDecision(zoomed, content, panBy(zoomed.at, 250, 0), view, image, false)).toBe('paint');
    // Where the image has moved away, there is nothing to cover.
    expect(rasterDecision(key, content, panBy(at, 500, 0), view, image, false)).toBe('blit');
    // Zoomed out, the image shrinks inside what the raster covers.
    expect(rasterDecision(key, content, zoomBy(at, 0.7, { x: 400, y: 300 }), view, image, false)).toBe('blit');
  });
});
