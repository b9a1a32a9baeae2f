/**
 * Placing a scene's objects on the table for one task. The target goes first (so the variant's
 * region rule decides where it may start), then the reference where the family needs it, then the
 * distractors, kept out of the task's working space. Finally the layout is accepted only if the
 * scripted expert's grasp, release and push poses are clear and the task is not already done.
 */
import type { TaskFamily, TaskSpec } from './contracts';
import {
  NEAR_RELEASE_HEIGHT,
  PLACE_RELEASE_GAP,
  graspHeight,
  planGrasp,
  releaseClear,
  widthAcross,
} from './expertGrasp';
import { corridorClear, planPush } from './expertPush';
import { objectFootprint } from './physicsBodies';
import { insideWorkspace } from './physics';
import { separation } from './physicsShapes';
import type { Rng } from './rng';
import { goalPoint, taskSuccess } from './tasks';
import { HELDOUT_REGION, OBJECT_REGION, inRegion } from './variants';
import type { SceneState, SimObject, Vec3 } from './types';

/** Smallest gap between any two objects' footprints at the start. */
export const MIN_OBJECT_GAP = 0.025;
/** near: the target starts at least this far (footprint gap) from the reference. */
export const NEAR_START_GAP = 0.18;
/** place: the target starts at least this far from the container. */
export const PLACE_START_GAP = 0.06;
const TRIES = 40;

export interface LayoutRequest {
  family: TaskFamily;
  target: SimObject;
  reference: SimObject | null;
  side: 'left' | 'right' | null;
  distractors: SimObject[];
  targetInHeldout: boolean;
  /** The scene with the gripper and table already set; its objects are replaced. */
  base: SceneState;
}

function at(o: SimObject, x: number, y: number, yaw: number): SimObject {
  return { ...o, pos: [x, y, 0], yaw };
}

function randomYaw(rng: Rng): number {
  return rng.uniform(-Math.PI, Math.PI);
}

function gapToAll(o: SimObject, placed: readonly SimObject[]): number {
  const fp = objectFootprint(o);
  return placed.reduce((m, p) => Math.min(m, separation(fp, objectFootprint(p))), Infinity);
}

function placeTarget(rng: Rng, req: LayoutRequest): SimObject | null {
  const region = req.targetInHeldout ? HELDOUT_REGION : OBJECT_REGION;
  for (let i = 0; i < TRIES; i++) {
    const x = rng.uniform(region.x[0], region.x[1]);
    const y = rng.uniform(region.y[0], region.y[1]);
    if (!req.targetInHeldout && inRegion(HELDOUT_REGION, x, y)) continue;
    return at(req.target, x, y, randomYaw(rng));
  }
  return null;
}

function placeReference(rng: Rng, req: LayoutRequest, target: SimObject): SimObject | null {
  const ref = req.reference;
  if (!ref) return null;
  for (let i = 0; i < TRIES; i++) {
    const candidate = req.family === 'push' ? pushReference(rng, req, target, ref) : randomSpot(rng, ref);
    if (!inRegion(OBJECT_REGION, candidate.pos[0], candidate.pos[1])) continue;
    const gap = separation(objectFootprint(target), objectFootprint(candidate));
    const minGap = req.family === 'near' ? NEAR_START_GAP : req.family === 'place' ? PLACE_START_GAP : MIN_OBJECT_GAP;
    if (gap >= minGap) return candidate;
  }
  return null;
}

function randomSpot(rng: Rng, o: SimObject): SimObject {
  return at(o, rng.uniform(OBJECT_REGION.x[0], OBJECT_REGION.x[1]), rng.uniform(OBJECT_REGION.y[0], OBJECT_REGION.y[1]), randomYaw(rng));
}

/**
 * push: the target starts in front of or behind the goal spot beside the reference (so it is not
 * yet level with it) and the reference sits where that goal spot is PUSH_GOAL_GAP beside it.
 */
function pushReference(rng: Rng, req: LayoutRequest, target: SimObject, ref: SimObject): SimObject {
  const sign = req.side === 'left' ? 1 : -1;
  const placed = at(ref, 0, 0, randomYaw(rng));
  const task: TaskSpec = { family: 'push', targetId: target.id, referenceId: ref.id, side: req.side };
  const probe = goalPoint(task, { ...req.base, objects: [at(target, 0, 0, target.yaw), placed] })!;
  // Offset of the target's start from its goal: 9-20 cm in depth (more than PUSH_LEVEL_TOLERANCE),
  // and mostly from the reference's side of the goal, so the push crosses in front of or behind it.
  const vx = (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.09, 0.2);
  const vy = sign * rng.uniform(-0.1, 0.05);
  return at(ref, target.pos[0] - vx - probe[0], target.pos[1] - vy - probe[1], placed.yaw);
}

/** Does `o` keep out of the task's working space? */
function outOfTheWay(o: SimObject, task: TaskSpec, scene: SceneState): boolean {
  if (task.family === 'near' || task.family === 'push') {
    const target = scene.objects.find((x) => x.id === task.targetId)!;
    const goal = goalPoint(task, scene)!;
    if (separation(objectFootprint(target, goal[0], goal[1]), objectFootprint(o)) < 0.03) return false;
    if (task.family === 'push') return corridorClear(target, planPush(target, goal, scene.gripper.yaw), [o]);
  }
  return true;
}

export function layOut(rng: Rng, req: LayoutRequest, task: TaskSpec): SceneState | null {
  const target = placeTarget(rng, req);
  if (!target) return null;
  const placed: SimObject[] = [target];
  if (req.reference) {
    const ref = placeReference(rng, req, target);
    if (!ref) return null;
    placed.push(ref);
  }
  const scene = (objects: SimObject[]): SceneState => ({ ...req.base, objects });
  for (const d of req.distractors) {
    for (let i = 0; i < TRIES; i++) {
      const candidate = randomSpot(rng, d);
      if (gapToAll(candidate, placed) < MIN_OBJECT_GAP) continue;
      if (!outOfTheWay(candidate, task, scene(placed))) continue;
      placed.push(candidate);
      break;
    }
  }
  const result = scene(placed);
  return expertCanSolve(result, task) ? result : null;
}

/** Are the expert's grasp, release and push poses clear, and is the task still to be done? */
export function expertCanSolve(scene: SceneState, task: TaskSpec): boolean {
  if (taskSuccess(task, scene, { targetLifted: false })) return false;
  const target = scene.objects.find((o) => o.id === task.targetId)!;
  const goal = goalPoint(task, scene);
  if (task.family === 'push') {
    const plan = planPush(target, goal!, scene.gripper.yaw);
    const end: Vec3 = [plan.start[0] + plan.dir[0] * plan.distance, plan.start[1] + plan.dir[1] * plan.distance, plan.start[2]];
    if (!insideWorkspace(plan.start) || !insideWorkspace(end)) return false;
    return corridorClear(target, plan, scene.objects);
  }
  const grasp = planGrasp(scene, target, scene.gripper.yaw);
  if (!grasp || task.family === 'pick') return grasp !== null;
  const bottom = task.family === 'place' ? placeReleaseHeight(scene, task) : NEAR_RELEASE_HEIGHT;
  const heldAt: Vec3 = [goal![0], goal![1], bottom];
  const pos: Vec3 = [goal![0], goal![1], bottom + graspHeight(target)];
  return releaseClear(scene, target, heldAt, pos, grasp.yaw, widthAcross(target, grasp.yaw), []);
}

/** place: height of the held object's bottom when the expert lets go above the container. */
export function placeReleaseHeight(scene: SceneState, task: TaskSpec): number {
  const ref = scene.objects.find((o) => o.id === task.referenceId)!;
  return ref.pos[2] + ref.size.sz + PLACE_RELEASE_GAP;
}
