/**
 * The world's solids: each object and each gripper part is a footprint extruded over [z0, z1].
 * Two solids collide when both their height intervals and their footprints overlap, except that a
 * container's cavity (inside its rim, above its floor) is empty space.
 */
import { GRIPPER_GEOMETRY, closingAxis, isRoundKind } from './catalog';
import { CONTACT_EPS, box, contains, corners, disc, overlaps, type Footprint } from './physicsShapes';
import type { SimObject, Vec3 } from './types';

export interface Solid {
  fp: Footprint;
  z0: number;
  z1: number;
}

export function objectFootprint(o: SimObject, x = o.pos[0], y = o.pos[1], yaw = o.yaw): Footprint {
  return isRoundKind(o.kind) ? disc(x, y, o.size.sx / 2) : box(x, y, o.size.sx / 2, o.size.sy / 2, yaw);
}

export function objectSolid(o: SimObject): Solid {
  return { fp: objectFootprint(o), z0: o.pos[2], z1: o.pos[2] + o.size.sz };
}

/** The fingers, palm and arm of a gripper whose tool centre point is at `pos`. */
export function gripperSolids(pos: Vec3, yaw: number, opening: number): Solid[] {
  const g = GRIPPER_GEOMETRY;
  const [ux, uy] = closingAxis(yaw);
  // Box local x runs along (cos yaw, sin yaw), across the fingers; local y along the closing axis.
  const offset = opening / 2 + g.fingerThickness / 2;
  const finger = (sign: number): Solid => ({
    fp: box(pos[0] + sign * ux * offset, pos[1] + sign * uy * offset, g.fingerWidth / 2, g.fingerThickness / 2, yaw),
    z0: pos[2] + g.fingerBottom,
    z1: pos[2] + g.fingerTop,
  });
  const palm: Solid = {
    fp: box(pos[0], pos[1], g.palmHalfDepth, g.palmHalfSpan, yaw),
    z0: pos[2] + g.fingerTop,
    z1: pos[2] + g.palmTop,
  };
  const arm: Solid = { fp: disc(pos[0], pos[1], g.armRadius), z0: pos[2] + g.palmTop, z1: pos[2] + g.armTop };
  return [finger(1), finger(-1), palm, arm];
}

/**
 * Inner surface of a round container as [distance from centre, height] pairs going outwards: the
 * profiles meshShapes.ts draws, so things come to rest where the picture shows the surface.
 */
function innerProfile(c: SimObject): [number, number][] | null {
  const r = c.size.sx / 2;
  const h = c.size.sz;
  if (c.kind === 'bowl') {
    const wall = Math.min(0.006, 0.08 * r);
    return [[0, 0.14 * h], [0.4 * r - wall, 0.14 * h], [0.68 * r - wall, 0.36 * h], [0.9 * r - wall, 0.68 * h], [r - wall, h]];
  }
  if (c.kind === 'plate') return [[0, 0.35 * h], [0.7 * r, 0.35 * h], [0.93 * r, h]];
  return null;
}

/** The tray's walls and floor, as drawn. */
const TRAY_WALL = 0.008;
const TRAY_FLOOR = 0.006;

function farthestFrom(fp: Footprint, x: number, y: number): number {
  if (fp.kind === 'disc') return Math.hypot(fp.cx - x, fp.cy - y) + fp.r;
  return Math.max(...corners(fp).map(([cx, cy]) => Math.hypot(cx - x, cy - y)));
}

/**
 * Height (world z) at which a flat-bottomed footprint comes to rest inside the container's rim: on
 * the inner surface where its outermost point meets it. Null when it does not fit inside the rim
 * (or `c` is no container), in which case it would rest on the rim, at the container's top.
 */
export function cavityRest(fp: Footprint, c: SimObject): number | null {
  if (c.kind === 'tray') return contains(objectFootprint(c), fp, TRAY_WALL) ? c.pos[2] + TRAY_FLOOR : null;
  const profile = innerProfile(c);
  if (!profile) return null;
  const d = farthestFrom(fp, c.pos[0], c.pos[1]);
  for (let i = 1; i < profile.length; i++) {
    const [r0, h0] = profile[i - 1]!;
    const [r1, h1] = profile[i]!;
    if (d <= r1) return c.pos[2] + (d <= r0 ? h0 : h0 + ((h1 - h0) * (d - r0)) / (r1 - r0));
  }
  return null;
}

function inCavity(a: Solid, c: SimObject): boolean {
  const rest = cavityRest(a.fp, c);
  return rest !== null && a.z0 >= rest - CONTACT_EPS;
}

function heightsOverlap(a: Solid, b: Solid): boolean {
  return a.z0 < b.z1 - CONTACT_EPS && b.z0 < a.z1 - CONTACT_EPS;
}

/** Does solid `a` intersect object `o`? */
export function hitsObject(a: Solid, o: SimObject): boolean {
  const b = objectSolid(o);
  if (!heightsOverlap(a, b) || !overlaps(a.fp, b.fp)) return false;
  return !inCavity(a, o);
}

export function objectsCollide(a: SimObject, b: SimObject): boolean {
  const sa = objectSolid(a);
  if (!hitsObject(sa, b)) return false;
  return !inCavity(objectSolid(b), a);
}

/** Height of the surface that `fp` would rest on if it came down onto `support`. */
export function restingHeightOn(fp: Footprint, support: SimObject): number {
  return cavityRest(fp, support) ?? support.pos[2] + support.size.sz;
}
