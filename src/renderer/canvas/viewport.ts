/**
 * The view of one camera image on the canvas: screen = image × scale + offset. Image coordinates are
 * continuous pixels: pixel (i, j) covers [i, i+1) × [j, j+1), so its centre is at (i + 0.5, j + 0.5)
 * and the pixel under a point is its floor. Pure functions, no DOM, so the math is unit-tested.
 */
export interface Viewport {
  /** Screen pixels per image pixel. */
  scale: number;
  /** Where the image origin (its top-left corner) lands on screen. */
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 64;
/** Fit leaves this many screen pixels free around the image so its border stays visible. */
export const FIT_MARGIN = 8;

export const IDENTITY: Viewport = { scale: 1, x: 0, y: 0 };

export const clampScale = (scale: number): number =>
  Number.isFinite(scale) ? Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale)) : 1;

export function screenToImage(v: Viewport, p: Point): Point {
  return { x: (p.x - v.x) / v.scale, y: (p.y - v.y) / v.scale };
}

export function imageToScreen(v: Viewport, p: Point): Point {
  return { x: p.x * v.scale + v.x, y: p.y * v.scale + v.y };
}

/** The integer pixel under an image point (what the crosshair label shows). */
export const pixelAt = (p: Point): Point => ({ x: Math.floor(p.x), y: Math.floor(p.y) });

/** Where the centre of pixel (i, j) lands on screen: crosshair lines snap there when zoomed in. */
export const pixelCentreOnScreen = (v: Viewport, pixel: Point): Point => imageToScreen(v, { x: pixel.x + 0.5, y: pixel.y + 0.5 });

/** Zooms to `scale` (clamped) keeping the image point under the screen point `at` where it is. */
export function zoomTo(v: Viewport, scale: number, at: Point): Viewport {
  const next = clampScale(scale);
  const anchor = screenToImage(v, at);
  return { scale: next, x: at.x - anchor.x * next, y: at.y - anchor.y * next };
}

/** Multiplies the zoom by `factor` around the screen point `at` (the cursor for the wheel). */
export const zoomBy = (v: Viewport, factor: number, at: Point): Viewport => zoomTo(v, v.scale * factor, at);

/**
 * The wheel's zoom factor: exponential in the scroll distance, so a notch in and a notch out cancel
 * and trackpads (many small deltas) zoom as smoothly as mice (few large ones).
 */
export function wheelFactor(deltaY: number, deltaMode = 0): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-Math.max(-400, Math.min(400, pixels)) * 0.0015);
}

export const panBy = (v: Viewport, dx: number, dy: number): Viewport => ({ scale: v.scale, x: v.x + dx, y: v.y + dy });

/** The whole image in the view, centred, as large as it fits (never below MIN_SCALE). */
export function fit(image: Size, view: Size): Viewport {
  if (image.width <= 0 || image.height <= 0) return IDENTITY;
  const room = { width: Math.max(1, view.width - 2 * FIT_MARGIN), height: Math.max(1, view.height - 2 * FIT_MARGIN) };
  const scale = clampScale(Math.min(room.width / image.width, room.height / image.height));
  return centred(image, view, scale);
}

/** One image pixel per screen pixel, centred on the view's centre image point (or the image). */
export function oneToOne(v: Viewport | null, image: Size, view: Size): Viewport {
  if (!v) return centred(image, view, 1);
  const at = { x: view.width / 2, y: view.height / 2 };
  const snapped = zoomTo(v, 1, at);
  // Whole-pixel offsets so each image pixel maps to exactly one screen pixel (no resampling blur).
  return { scale: 1, x: Math.round(snapped.x), y: Math.round(snapped.y) };
}

function centred(image: Size, view: Size, scale: number): Viewport {
  return { scale, x: (view.width - image.width * scale) / 2, y: (view.height - image.height * scale) / 2 };
}

/** The part of the image on screen, in image coordinates (for culling and the crosshair). */
export function visibleImageRect(v: Viewport, view: Size): { x1: number; y1: number; x2: number; y2: number } {
  const a = screenToImage(v, { x: 0, y: 0 });
  const b = screenToImage(v, { x: view.width, y: view.height });
  return { x1: a.x, y1: a.y, x2: b.x, y2: b.y };
}

export const sameViewport = (a: Viewport, b: Viewport): boolean => a.scale === b.scale && a.x === b.x && a.y === b.y;
