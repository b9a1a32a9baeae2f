/** Plain 2-D helpers in image pixels; kept here until src/shared/geometry offers the same. */
export interface Vec {
  x: number;
  y: number;
}

export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export const dist = (a: Vec, b: Vec): number => Math.hypot(a.x - b.x, a.y - b.y);

/** Where p projects on segment ab, as t in [0, 1], and how far it is from it. */
export function projectOnSegment(p: Vec, a: Vec, b: Vec): { t: number; distance: number; at: Vec } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  const at = { x: a.x + t * dx, y: a.y + t * dy };
  return { t, distance: dist(p, at), at };
}

export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;

export function rectContains(r: Rect, p: Vec, tolerance = 0): boolean {
  return p.x >= r.x1 - tolerance && p.x <= r.x2 + tolerance && p.y >= r.y1 - tolerance && p.y <= r.y2 + tolerance;
}

export function rectsIntersect(a: Rect, b: Rect): boolean {
  return a.x1 <= b.x2 && b.x1 <= a.x2 && a.y1 <= b.y2 && b.y1 <= a.y2;
}

/** The rectangle spanned by two corners in any order (a rubber band or a box being sized). */
export function rectFrom(a: Vec, b: Vec): Rect {
  return { x1: Math.min(a.x, b.x), y1: Math.min(a.y, b.y), x2: Math.max(a.x, b.x), y2: Math.max(a.y, b.y) };
}

export const isFiniteVec = (p: Vec): boolean => Number.isFinite(p.x) && Number.isFinite(p.y);

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
