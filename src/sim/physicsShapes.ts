/**
 * 2-D footprints (discs and oriented boxes) and the few queries the kinematic physics needs:
 * overlap, separation, containment and extent along an axis. Everything solid in the world is a
 * footprint extruded over a height interval, so these carry all of the contact geometry.
 */

export interface Disc {
  kind: 'disc';
  cx: number;
  cy: number;
  r: number;
}

/** A box with half extents hx along (c, s) and hy along (-s, c). */
export interface Box {
  kind: 'box';
  cx: number;
  cy: number;
  hx: number;
  hy: number;
  c: number;
  s: number;
}

export type Footprint = Disc | Box;

/** Penetrations smaller than this count as touching, so resting contact is never an overlap. */
export const CONTACT_EPS = 1e-7;

export function disc(cx: number, cy: number, r: number): Disc {
  return { kind: 'disc', cx, cy, r };
}

export function box(cx: number, cy: number, hx: number, hy: number, yaw: number): Box {
  return { kind: 'box', cx, cy, hx, hy, c: Math.cos(yaw), s: Math.sin(yaw) };
}

export function boundingRadius(f: Footprint): number {
  return f.kind === 'disc' ? f.r : Math.hypot(f.hx, f.hy);
}

/** A point in a box's local frame. */
function toLocal(b: Box, x: number, y: number): [number, number] {
  const dx = x - b.cx;
  const dy = y - b.cy;
  return [dx * b.c + dy * b.s, -dx * b.s + dy * b.c];
}

/** Distance from a point to a box (0 inside). */
function pointBoxDistance(b: Box, x: number, y: number): number {
  const [lx, ly] = toLocal(b, x, y);
  const ex = Math.max(0, Math.abs(lx) - b.hx);
  const ey = Math.max(0, Math.abs(ly) - b.hy);
  return Math.hypot(ex, ey);
}

export function corners(b: Box): [number, number][] {
  const ax = b.c * b.hx;
  const ay = b.s * b.hx;
  const bx = -b.s * b.hy;
  const by = b.c * b.hy;
  return [
    [b.cx + ax + bx, b.cy + ay + by],
    [b.cx - ax + bx, b.cy - ay + by],
    [b.cx - ax - bx, b.cy - ay - by],
    [b.cx + ax - bx, b.cy + ay - by],
  ];
}

/** [min, max] of the footprint projected on the unit direction (ux, uy), measured from the origin. */
export function extentAlong(f: Footprint, ux: number, uy: number): [number, number] {
  const centre = f.cx * ux + f.cy * uy;
  const half = f.kind === 'disc' ? f.r : f.hx * Math.abs(f.c * ux + f.s * uy) + f.hy * Math.abs(-f.s * ux + f.c * uy);
  return [centre - half, centre + half];
}

/** True when the interiors overlap by more than CONTACT_EPS (touching is not overlapping). */
export function overlaps(a: Footprint, b: Footprint): boolean {
  const reach = boundingRadius(a) + boundingRadius(b);
  const dx = a.cx - b.cx;
  const dy = a.cy - b.cy;
  if (dx * dx + dy * dy >= reach * reach) return false;
  if (a.kind === 'disc' && b.kind === 'disc') return Math.hypot(dx, dy) < a.r + b.r - CONTACT_EPS;
  if (a.kind === 'disc' && b.kind === 'box') return pointBoxDistance(b, a.cx, a.cy) < a.r - CONTACT_EPS;
  if (a.kind === 'box' && b.kind === 'disc') return pointBoxDistance(a, b.cx, b.cy) < b.r - CONTACT_EPS;
  return boxesOverlap(a as Box, b as Box);
}

/** Separating-axis test over the four face normals. */
function boxesOverlap(a: Box, b: Box): boolean {
  const axes: [number, number][] = [
    [a.c, a.s],
    [-a.s, a.c],
    [b.c, b.s],
    [-b.s, b.c],
  ];
  for (const [ux, uy] of axes) {
    const [a0, a1] = extentAlong(a, ux, uy);
    const [b0, b1] = extentAlong(b, ux, uy);
    if (a1 <= b0 + CONTACT_EPS || b1 <= a0 + CONTACT_EPS) return false;
  }
  return true;
}

/** Smallest distance between the two footprints; 0 when they overlap or touch. */
export function separation(a: Footprint, b: Footprint): number {
  if (a.kind === 'disc' && b.kind === 'disc') return Math.max(0, Math.hypot(a.cx - b.cx, a.cy - b.cy) - a.r - b.r);
  if (a.kind === 'disc' && b.kind === 'box') return Math.max(0, pointBoxDistance(b, a.cx, a.cy) - a.r);
  if (a.kind === 'box' && b.kind === 'disc') return Math.max(0, pointBoxDistance(a, b.cx, b.cy) - b.r);
  const ba = a as Box;
  const bb = b as Box;
  if (boxesOverlap(ba, bb)) return 0;
  // Between disjoint convex polygons the closest pair always includes a vertex of one of them.
  let best = Infinity;
  for (const [x, y] of corners(ba)) best = Math.min(best, pointBoxDistance(bb, x, y));
  for (const [x, y] of corners(bb)) best = Math.min(best, pointBoxDistance(ba, x, y));
  return best;
}

/** True when `inner` lies entirely within `outer` shrunk by `margin`. */
export function contains(outer: Footprint, inner: Footprint, margin: number): boolean {
  if (outer.kind === 'disc') {
    const limit = outer.r - margin;
    if (inner.kind === 'disc') return Math.hypot(inner.cx - outer.cx, inner.cy - outer.cy) + inner.r <= limit;
    return corners(inner).every(([x, y]) => Math.hypot(x - outer.cx, y - outer.cy) <= limit);
  }
  const hx = outer.hx - margin;
  const hy = outer.hy - margin;
  if (hx <= 0 || hy <= 0) return false;
  if (inner.kind === 'disc') {
    const [lx, ly] = toLocal(outer, inner.cx, inner.cy);
    return Math.abs(lx) + inner.r <= hx && Math.abs(ly) + inner.r <= hy;
  }
  return corners(inner).every(([x, y]) => {
    const [lx, ly] = toLocal(outer, x, y);
    return Math.abs(lx) <= hx && Math.abs(ly) <= hy;
  });
}

export function containsPoint(f: Footprint, x: number, y: number): boolean {
  if (f.kind === 'disc') return Math.hypot(x - f.cx, y - f.cy) <= f.r;
  return pointBoxDistance(f, x, y) === 0;
}

/** Axis-aligned half extents [along x, along y]. */
export function halfExtents(f: Footprint): [number, number] {
  const [x0, x1] = extentAlong(f, 1, 0);
  const [y0, y1] = extentAlong(f, 0, 1);
  return [(x1 - x0) / 2, (y1 - y0) / 2];
}
