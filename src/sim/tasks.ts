/**
 * The task families and their success predicates. Each predicate is a pure function of the true
 * scene (plus, for push, whether the target was ever lifted), so that the env, tests and offline
 * evaluation of recorded episodes all agree.
 */
import { TASK_FAMILIES, type TaskFamily, type TaskSpec } from './contracts';
import { SimInputError, oneOf } from './errors';
import { objectFootprint, restingHeightOn } from './physicsBodies';
import { containsPoint, halfExtents, separation } from './physicsShapes';
import { restingOn } from './physicsSupport';
import type { SceneState, SimObject, Vec3 } from './types';

/** pick: the held target's bottom must be this far above the table. */
export const PICK_LIFT_HEIGHT = 0.05;
/** near: the largest footprint gap that still counts as "next to". */
export const NEAR_MAX_GAP = 0.1;
/** near: the gap the goal point leaves between the two footprints. */
export const NEAR_GOAL_GAP = 0.04;
/** push: the target's footprint must clear the reference's, sideways, by at least this ... */
export const PUSH_MIN_GAP = 0.01;
/** ... and at most this, */
export const PUSH_MAX_GAP = 0.15;
/** ... and its centre must be this close to level with the reference's (along x, the depth). */
export const PUSH_LEVEL_TOLERANCE = 0.06;
/** push: the sideways gap the goal point leaves. */
export const PUSH_GOAL_GAP = 0.04;
/** push: rising more than this above its starting height counts as lifting the target. */
export const LIFT_TOLERANCE = 0.005;
/** A target that falls further than this, without completing the task, has been dropped. */
export const DROP_HEIGHT = 0.03;

/**
 * Steps allowed per family at 10 Hz: about twice the scripted expert's longest episode over 1,000
 * seeds of every variant (pick 24, place 50, near 49, push 28), so a slower learned policy has room.
 */
export const STEP_LIMITS: Readonly<Record<TaskFamily, number>> = { pick: 50, place: 100, near: 100, push: 60 };

/** What the predicates need beyond the current scene. */
export interface TaskProgress {
  /** The target was held or raised at some point of the episode. */
  targetLifted: boolean;
}

export function checkFamily(family: string): TaskFamily {
  return oneOf('task family', family, TASK_FAMILIES);
}

export function findObject(scene: SceneState, id: string): SimObject {
  const o = scene.objects.find((x) => x.id === id);
  if (!o) throw new SimInputError(`no object with id "${id}" in the scene`);
  return o;
}

function reference(task: TaskSpec, scene: SceneState): SimObject {
  if (task.referenceId === null) throw new SimInputError(`task "${task.family}" needs a reference object`);
  return findObject(scene, task.referenceId);
}

export function pickSucceeded(scene: SceneState, target: SimObject): boolean {
  return scene.gripper.held === target.id && target.pos[2] > PICK_LIFT_HEIGHT;
}

export function placeSucceeded(scene: SceneState, target: SimObject, container: SimObject): boolean {
  if (restingOn(scene, target) !== container.id) return false;
  return containsPoint(objectFootprint(container), target.pos[0], target.pos[1]);
}

export function nearSucceeded(scene: SceneState, target: SimObject, ref: SimObject): boolean {
  if (restingOn(scene, target) !== 'table') return false;
  return separation(objectFootprint(target), objectFootprint(ref)) <= NEAR_MAX_GAP;
}

/** The sideways gap from the reference to the target towards `side` (+y is left); negative if not clear. */
export function sideGap(target: SimObject, ref: SimObject, side: 'left' | 'right'): number {
  const [, ht] = halfExtents(objectFootprint(target));
  const [, hr] = halfExtents(objectFootprint(ref));
  const sign = side === 'left' ? 1 : -1;
  return sign * (target.pos[1] - ref.pos[1]) - ht - hr;
}

export function pushSucceeded(
  scene: SceneState,
  target: SimObject,
  ref: SimObject,
  side: 'left' | 'right',
  progress: TaskProgress,
): boolean {
  if (progress.targetLifted || restingOn(scene, target) !== 'table') return false;
  const gap = sideGap(target, ref, side);
  if (gap < PUSH_MIN_GAP || gap > PUSH_MAX_GAP) return false;
  return Math.abs(target.pos[0] - ref.pos[0]) <= PUSH_LEVEL_TOLERANCE;
}

export function taskSuccess(task: TaskSpec, scene: SceneState, progress: TaskProgress): boolean {
  const target = findObject(scene, task.targetId);
  switch (task.family) {
    case 'pick':
      return pickSucceeded(scene, target);
    case 'place':
      return placeSucceeded(scene, target, reference(task, scene));
    case 'near':
      return nearSucceeded(scene, target, reference(task, scene));
    case 'push':
      if (task.side === null) throw new SimInputError('push task needs a side');
      return pushSucceeded(scene, target, reference(task, scene), task.side, progress);
  }
}

/**
 * Where the target should end up, from the episode's first scene: the container's surface centre
 * (place), the spot NEAR_GOAL_GAP from the reference towards the target's start (near), or the spot
 * PUSH_GOAL_GAP beside the reference on the requested side, level with it (push). Null for pick.
 */
export function goalPoint(task: TaskSpec, scene: SceneState): Vec3 | null {
  if (task.family === 'pick') return null;
  const target = findObject(scene, task.targetId);
  const ref = reference(task, scene);
  if (task.family === 'place') {
    const fp = objectFootprint(target, ref.pos[0], ref.pos[1]);
    return [ref.pos[0], ref.pos[1], restingHeightOn(fp, ref)];
  }
  if (task.family === 'push') {
    const [, ht] = halfExtents(objectFootprint(target));
    const [, hr] = halfExtents(objectFootprint(ref));
    const sign = task.side === 'left' ? 1 : -1;
    return [ref.pos[0], ref.pos[1] + sign * (hr + ht + PUSH_GOAL_GAP), 0];
  }
  return nearGoal(target, ref);
}

function nearGoal(target: SimObject, ref: SimObject): Vec3 {
  const dx = target.pos[0] - ref.pos[0];
  const dy = target.pos[1] - ref.pos[1];
  const len = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / len, dy / len];
  const refFp = objectFootprint(ref);
  const gapAt = (t: number) => separation(objectFootprint(target, ref.pos[0] + ux * t, ref.pos[1] + uy * t), refFp);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (gapAt(mid) < NEAR_GOAL_GAP) lo = mid;
    else hi = mid;
  }
  return [ref.pos[0] + ux * hi, ref.pos[1] + uy * hi, 0];
}
