/**
 * Grasp and clearance planning shared by the scripted expert and the scene sampler: the sampler
 * only keeps scenes where the expert's grasp and release poses are clear, which is what lets the
 * expert succeed on (nearly) every seed.
 */
import { GRIPPER_GEOMETRY, GRIPPER_MAX_OPENING, closingAxis, isRoundKind } from './catalog';
import { gripperSolids, objectFootprint, objectSolid, type Solid } from './physicsBodies';
import { gripBand } from './physicsGrasp';
import { extentAlong, separation } from './physicsShapes';
import type { SceneState, SimObject, Vec3 } from './types';

/** Free space the expert keeps between its fingers and anything it is not touching. */
export const POSE_CLEARANCE = 0.008;
/** Height the fingertips (or a held object's bottom) keep above every object while travelling. */
export const TRAVEL_CLEARANCE = 0.035;

/** The yaw equivalent to `yaw` modulo `period` that is closest to `ref`. */
export function nearestEquivalent(yaw: number, ref: number, period: number): number {
  return yaw + Math.round((ref - yaw) / period) * period;
}

/** Tool centre height above the object's bottom for a grasp: mid-height, but with the palm clear of its top. */
export function graspHeight(o: SimObject): number {
  const [lo, hi] = gripBand(o);
  const palmClear = o.size.sz - GRIPPER_GEOMETRY.fingerTop + 0.012;
  return Math.min(hi - 0.004, Math.max(lo + 0.004, palmClear, o.size.sz / 2));
}

/** Width the fingers would close to at gripper yaw `yaw`. */
export function widthAcross(o: SimObject, yaw: number): number {
  const [ux, uy] = closingAxis(yaw);
  const [lo, hi] = extentAlong(objectFootprint(o), ux, uy);
  return hi - lo;
}

/** Smallest gap between the solids and the objects (except `exclude`) whose heights they overlap. */
export function clearance(solids: Solid[], objects: readonly SimObject[], exclude: readonly string[]): number {
  let best = Infinity;
  for (const o of objects) {
    if (exclude.includes(o.id)) continue;
    const b = objectSolid(o);
    for (const s of solids) {
      if (s.z0 >= b.z1 || b.z0 >= s.z1) continue;
      best = Math.min(best, separation(s.fp, b.fp));
    }
  }
  return best;
}

export interface GraspPlan {
  pos: Vec3;
  yaw: number;
}

/**
 * A clear grasp of `target` with the fingers fully open, turning as little as possible from
 * `currentYaw`; null when every orientation would touch a neighbour.
 */
export function planGrasp(scene: SceneState, target: SimObject, currentYaw: number): GraspPlan | null {
  const candidates = isRoundKind(target.kind)
    ? Array.from({ length: 12 }, (_, k) => currentYaw + (k % 2 === 0 ? 1 : -1) * Math.ceil(k / 2) * (Math.PI / 12))
    : [target.yaw, target.yaw + Math.PI / 2];
  const options = candidates
    .map((y) => nearestEquivalent(y, currentYaw, Math.PI))
    .filter((y) => widthAcross(target, y) <= GRIPPER_MAX_OPENING - 2 * POSE_CLEARANCE)
    .sort((a, b) => Math.abs(a - currentYaw) - Math.abs(b - currentYaw));
  const z = target.pos[2] + graspHeight(target);
  for (const yaw of options) {
    const pos: Vec3 = [target.pos[0], target.pos[1], z];
    const solids = gripperSolids(pos, yaw, GRIPPER_MAX_OPENING);
    if (clearance(solids, scene.objects, [target.id]) >= POSE_CLEARANCE) return { pos, yaw };
  }
  return null;
}

/** Highest top among the objects other than `exclude`. */
export function highestTop(objects: readonly SimObject[], exclude: readonly string[] = []): number {
  let top = 0;
  for (const o of objects) if (!exclude.includes(o.id)) top = Math.max(top, o.pos[2] + o.size.sz);
  return top;
}

/**
 * Is a release pose clear? The gripper at `pos`/`yaw` holding `held` moved to `heldAt` must keep
 * POSE_CLEARANCE from everything except the held object and `ignore`.
 */
export function releaseClear(
  scene: SceneState,
  held: SimObject,
  heldAt: Vec3,
  pos: Vec3,
  yaw: number,
  opening: number,
  ignore: readonly string[],
): boolean {
  const moved: SimObject = { ...held, pos: heldAt };
  const solids = [...gripperSolids(pos, yaw, opening), objectSolid(moved)];
  return clearance(solids, scene.objects, [held.id, ...ignore]) >= POSE_CLEARANCE;
}

/** place: the held object's bottom is this far above the container's top when let go. */
export const PLACE_RELEASE_GAP = 0.015;
/** near: the held object's bottom is this far above the table when let go. */
export const NEAR_RELEASE_HEIGHT = 0.008;
