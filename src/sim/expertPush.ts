/**
 * The expert's straight-line push, shared with the scene sampler so that sampled push tasks always
 * have a clear corridor: the gripper comes down behind the target (opposite the push direction)
 * with its fingers shut and lined up with the push, then drives the target to the goal.
 */
import { GRIPPER_GEOMETRY } from './catalog';
import { gripperSolids, objectFootprint, type Solid } from './physicsBodies';
import { extentAlong, separation } from './physicsShapes';
import { clearance, nearestEquivalent } from './expertGrasp';
import type { SimObject, Vec3 } from './types';

/** Height of the tool centre point while pushing: fingertips just off the table. */
export const PUSH_HEIGHT = 0.02;
/** Gap left between the shut fingers and the target before the push starts. */
export const PUSH_APPROACH_GAP = 0.015;
/** Space the sampler keeps around the push corridor. */
export const CORRIDOR_CLEARANCE = 0.012;

export interface PushPlan {
  /** Unit push direction in the table plane. */
  dir: [number, number];
  yaw: number;
  /** Where the tool centre point comes down, behind the target. */
  start: Vec3;
  /** How far the target must travel. */
  distance: number;
}

/** Distance from the tool centre to the pusher's front face when pushing this target. */
function pusherReach(target: SimObject): number {
  const palmInPlay = target.pos[2] + target.size.sz > PUSH_HEIGHT + GRIPPER_GEOMETRY.fingerTop;
  return palmInPlay ? GRIPPER_GEOMETRY.palmHalfSpan : GRIPPER_GEOMETRY.fingerThickness;
}

export function planPush(target: SimObject, goal: Vec3, currentYaw: number): PushPlan {
  const dx = goal[0] - target.pos[0];
  const dy = goal[1] - target.pos[1];
  const distance = Math.hypot(dx, dy);
  const dir: [number, number] = distance > 0 ? [dx / distance, dy / distance] : [1, 0];
  // Line the closing axis up with the push, so the shut fingers lead with their narrow side.
  const yaw = nearestEquivalent(Math.atan2(-dir[0], dir[1]), currentYaw, Math.PI);
  const [lo] = extentAlong(objectFootprint(target), dir[0], dir[1]);
  const centre = target.pos[0] * dir[0] + target.pos[1] * dir[1];
  const back = centre - lo + pusherReach(target) + PUSH_APPROACH_GAP;
  return {
    dir,
    yaw,
    start: [target.pos[0] - dir[0] * back, target.pos[1] - dir[1] * back, PUSH_HEIGHT],
    distance,
  };
}

/** The pusher's solids at a distance `t` along the push (0 = start pose). */
export function pusherAt(plan: PushPlan, t: number): Solid[] {
  const pos: Vec3 = [plan.start[0] + plan.dir[0] * t, plan.start[1] + plan.dir[1] * t, plan.start[2]];
  return gripperSolids(pos, plan.yaw, 0);
}

/**
 * Is the push corridor clear of `obstacles`? Checks the target's footprint along its path and the
 * shut gripper from its start pose to its end pose, every few millimetres.
 */
export function corridorClear(target: SimObject, plan: PushPlan, obstacles: readonly SimObject[]): boolean {
  const others = obstacles.filter((o) => o.id !== target.id);
  const step = 0.005;
  const travel = plan.distance + PUSH_APPROACH_GAP + 0.01;
  for (let t = 0; t <= travel + 1e-9; t += step) {
    if (clearance(pusherAt(plan, t), others, []) < CORRIDOR_CLEARANCE) return false;
  }
  for (let t = 0; t <= plan.distance + 1e-9; t += step) {
    const fp = objectFootprint(target, target.pos[0] + plan.dir[0] * t, target.pos[1] + plan.dir[1] * t);
    if (others.some((o) => separation(fp, objectFootprint(o)) < CORRIDOR_CLEARANCE)) return false;
  }
  return true;
}
