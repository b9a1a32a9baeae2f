/**
 * Opening and closing the fingers. Closing fingers stop when they touch whatever lies between them;
 * they hold it only if it is a pickable object gripped properly: straddling the tool centre, under
 * the finger pads, within its grip height band and, for boxes, face-on to the fingers.
 */
import { GRIPPER_GEOMETRY, GRIPPER_MAX_OPENING, KIND_SPECS, closingAxis, isRoundKind } from './catalog';
import { gripperSolids, hitsObject, objectFootprint, objectsCollide, type Solid } from './physicsBodies';
import { box, extentAlong } from './physicsShapes';
import type { SceneState, SimObject } from './types';

/** How far the fingers move per control step (full close in three steps). */
export const FINGER_SPEED = 0.03;
/** How far off the tool centre an object may sit and still be pulled in and held. */
export const GRASP_CENTRE_TOLERANCE = 0.015;
/** How far the object's centre may sit beyond the finger pads' edge, across the fingers. */
export const GRASP_DEPTH_TOLERANCE = 0.005;
/** Largest angle between a box's face and the fingers for a parallel grip to hold (20 degrees). */
export const GRASP_ALIGN_TOLERANCE = 0.35;

/** Heights of the tool centre point, relative to the object's bottom, at which a grip holds. */
export function gripBand(o: SimObject): [number, number] {
  // A ball is only held below its equator; other kinds anywhere with a centimetre of pad on them.
  const top = o.kind === 'ball' ? 0.6 * o.size.sz : o.size.sz - 0.01;
  return [0, top];
}

/** Angle between a box's nearest face and the closing axis; 0 for round objects. */
export function gripMisalignment(o: SimObject, gripperYaw: number): number {
  if (isRoundKind(o.kind)) return 0;
  const quarter = Math.PI / 2;
  const rel = (((o.yaw - gripperYaw) % quarter) + quarter) % quarter;
  return Math.min(rel, quarter - rel);
}

/** Moves the fingers one step towards the command; mutates the scene. */
export function actuateFingers(scene: SceneState, close: boolean): void {
  const g = scene.gripper;
  g.closing = close;
  if (close) {
    if (g.held === null) closeOnto(scene);
    return;
  }
  g.held = null;
  const target = Math.min(GRIPPER_MAX_OPENING, g.opening + FINGER_SPEED);
  // Opening fingers stop against neighbours; check a few intermediate openings.
  const start = g.opening;
  const steps = 6;
  for (let k = 1; k <= steps; k++) {
    const next = start + ((target - start) * k) / steps;
    if (fingersOf(scene, next).some((f) => scene.objects.some((o) => hitsObject(f, o)))) break;
    g.opening = next;
  }
}

function fingersOf(scene: SceneState, opening: number): Solid[] {
  const g = scene.gripper;
  return gripperSolids(g.pos, g.yaw, opening).slice(0, 2);
}

interface Contact {
  o: SimObject;
  /** Opening at which a finger touches it. */
  opening: number;
  lo: number;
  hi: number;
}

function closeOnto(scene: SceneState): void {
  const g = scene.gripper;
  const [ux, uy] = closingAxis(g.yaw);
  const between: Solid = {
    fp: box(g.pos[0], g.pos[1], GRIPPER_GEOMETRY.fingerWidth / 2, g.opening / 2, g.yaw),
    z0: g.pos[2] + GRIPPER_GEOMETRY.fingerBottom,
    z1: g.pos[2] + GRIPPER_GEOMETRY.fingerTop,
  };
  const centre = g.pos[0] * ux + g.pos[1] * uy;
  let touched: Contact | null = null;
  for (const o of scene.objects) {
    if (!hitsObject(between, o)) continue;
    const [lo, hi] = extentAlong(objectFootprint(o), ux, uy).map((v) => v - centre) as [number, number];
    const opening = Math.min(g.opening, 2 * Math.max(hi, -lo, 0));
    if (!touched || opening > touched.opening) touched = { o, opening, lo, hi };
  }
  const target = Math.max(0, g.opening - FINGER_SPEED);
  if (!touched || touched.opening < target) {
    g.opening = target;
    return;
  }
  const before = g.opening;
  g.opening = touched.opening;
  if (holds(scene, touched, before)) grip(scene, touched);
}

function holds(scene: SceneState, c: Contact, openingBefore: number): boolean {
  const g = scene.gripper;
  const o = c.o;
  if (KIND_SPECS[o.kind].container) return false;
  const width = c.hi - c.lo;
  if (width > openingBefore + 1e-9 || c.lo >= 0 || c.hi <= 0) return false;
  if (Math.abs((c.lo + c.hi) / 2) > GRASP_CENTRE_TOLERANCE) return false;
  const [vx, vy] = [Math.cos(g.yaw), Math.sin(g.yaw)];
  const depth = (o.pos[0] - g.pos[0]) * vx + (o.pos[1] - g.pos[1]) * vy;
  if (Math.abs(depth) > GRIPPER_GEOMETRY.fingerWidth / 2 + GRASP_DEPTH_TOLERANCE) return false;
  const [low, high] = gripBand(o);
  const rel = g.pos[2] - o.pos[2];
  if (rel < low - 1e-9 || rel > high) return false;
  return gripMisalignment(o, g.yaw) <= GRASP_ALIGN_TOLERANCE;
}

/** Takes hold of the object, sliding it onto the tool centre if nothing is in the way. */
function grip(scene: SceneState, c: Contact): void {
  const g = scene.gripper;
  const o = c.o;
  const [ux, uy] = closingAxis(g.yaw);
  const shift = -(c.lo + c.hi) / 2;
  const moved: SimObject = { ...o, pos: [o.pos[0] + ux * shift, o.pos[1] + uy * shift, o.pos[2]] };
  if (!scene.objects.some((b) => b.id !== o.id && objectsCollide(moved, b))) {
    o.pos = moved.pos;
    g.opening = c.hi - c.lo;
  }
  g.held = o.id;
}
