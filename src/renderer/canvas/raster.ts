/**
 * When the static annotations must be painted again. In software rasterisation (headless Chromium,
 * VMs without a GPU) antialiased paths are the cost: 20,000 small discs take ~100 ms. So the painted
 * annotations are kept as a raster a margin larger than the view, and while the user pans or zooms the
 * raster is shown moved and scaled (one blit), then painted afresh once the view settles.
 */
import type { Size, Viewport } from './viewport';

/** Extra raster around the view on each side, as a fraction of the view: panning reveals no blank. */
export const RASTER_MARGIN = 0.25;
/** Beyond this magnification a reused raster looks blurred: paint afresh even while moving. */
export const MAX_REUSE_ZOOM = 3;
/** How long the view must stay still before a reused raster is replaced by a crisp one. */
export const SETTLE_MS = 120;

export interface RasterKey {
  /** The viewport the raster was painted for. */
  at: Viewport;
  view: Size;
  /** Identity of what was painted: a new annotation source means an edit, which is painted at once. */
  content: unknown;
}

/** Where to blit the raster so that it lines up with viewport `v`: dest x, y and scale factor k. */
export interface Blit {
  x: number;
  y: number;
  k: number;
}

export const marginOf = (view: Size) => ({ x: Math.round(view.width * RASTER_MARGIN), y: Math.round(view.height * RASTER_MARGIN) });

export const rasterSize = (view: Size): Size => {
  const m = marginOf(view);
  return { width: view.width + 2 * m.x, height: view.height + 2 * m.y };
};

/** The viewport to paint the raster with: the view's, shifted by the margin. */
export function rasterViewport(v: Viewport, view: Size): Viewport {
  const m = marginOf(view);
  return { scale: v.scale, x: v.x + m.x, y: v.y + m.y };
}

/** An image point at raster pixel r shows at screen r·k + x, with k = scale now / scale painted. */
export function blitFor(at: Viewport, v: Viewport, view: Size): Blit {
  const m = marginOf(view);
  const k = v.scale / at.scale;
  return { k, x: v.x - (at.x + m.x) * k, y: v.y - (at.y + m.y) * k };
}

/**
 * 'blit' when the raster can be shown moved and scaled, 'paint' when it must be painted afresh:
 * there is none, the annotations or the view size changed, the view settled, the zoom went past
 * MAX_REUSE_ZOOM, or the raster no longer covers the part of the image that is on screen.
 */
export function rasterDecision(key: RasterKey | null, content: unknown, v: Viewport, view: Size, image: Size, settled: boolean): 'blit' | 'paint' {
  if (!key || key.content !== content || key.view.width !== view.width || key.view.height !== view.height) return 'paint';
  const same = key.at.scale === v.scale && key.at.x === v.x && key.at.y === v.y;
  if (same) return 'blit';
  if (settled) return 'paint';
  const b = blitFor(key.at, v, view);
  if (b.k > MAX_REUSE_ZOOM) return 'paint';
  const size = rasterSize(view);
  // What must be covered: the view, cut down to where the image (and so every annotation) is.
  const need = {
    x1: Math.max(0, v.x),
    y1: Math.max(0, v.y),
    x2: Math.min(view.width, v.x + image.width * v.scale),
    y2: Math.min(view.height, v.y + image.height * v.scale),
  };
  if (need.x2 <= need.x1 || need.y2 <= need.y1) return 'blit';
  const covers = b.x <= need.x1 + 0.5 && b.y <= need.y1 + 0.5 && b.x + size.width * b.k >= need.x2 - 0.5 && b.y + size.height * b.k >= need.y2 - 0.5;
  return covers ? 'blit' : 'paint';
}
