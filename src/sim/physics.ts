/**
 * One control step of the kinematic world: clamp the action, move the gripper (carrying, pushing,
 * blocked by contact), work the fingers, then let every loose object settle. Pure: the input scene
 * is never modified.
 */
import { WORKSPACE } from './catalog';
import { SimInputError } from './errors';
import { actuateFingers } from './physicsGrasp';
import { moveGripper } from './physicsMotion';
import { settle } from './physicsSupport';
import type { Action, SceneState, State, Vec3 } from './types';

/**
 * Largest change per control step, applied per component: 5 cm per axis and 0.3 rad of yaw
 * (0.5 m/s and 3 rad/s at 10 Hz). Roll and pitch are accepted but the gripper stays top-down.
 */
export const ACTION_LIMITS = { translation: 0.05, rotation: 0.3 } as const;

/** A gripper command at or above this closes the fingers; below it opens them. */
export const GRIPPER_CLOSE_THRESHOLD = 0.5;

/** Checks that `a` is 7 finite numbers; returns it as an Action. Throws SimInputError otherwise. */
export function validateAction(a: unknown): Action {
  if (!Array.isArray(a) && !ArrayBuffer.isView(a)) throw new SimInputError('action must be an array of 7 numbers');
  const values = Array.from(a as ArrayLike<unknown>);
  if (values.length !== 7) throw new SimInputError(`action must have 7 numbers, got ${values.length}`);
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new SimInputError(`action[${i}] must be a finite number, got ${String(v)}`);
    }
  });
  return values as Action;
}

function clamp(v: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, v));
}

/** The action as the world applies it: deltas clamped to ACTION_LIMITS, gripper to 0 or 1. */
export function clampAction(a: Action): Action {
  const t = ACTION_LIMITS.translation;
  const r = ACTION_LIMITS.rotation;
  return [
    clamp(a[0], t),
    clamp(a[1], t),
    clamp(a[2], t),
    0,
    0,
    clamp(a[5], r),
    a[6] >= GRIPPER_CLOSE_THRESHOLD ? 1 : 0,
  ];
}

export function wrapAngle(a: number): number {
  const w = ((((a + Math.PI) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI)) - Math.PI;
  return w === -Math.PI ? Math.PI : w;
}

export function cloneScene(scene: SceneState): SceneState {
  const g = scene.gripper;
  return {
    objects: scene.objects.map((o) => ({ ...o, size: { ...o.size }, pos: [...o.pos] as Vec3 })),
    gripper: { ...g, pos: [...g.pos] as Vec3 },
    tableColour: [...scene.tableColour] as SceneState['tableColour'],
  };
}

/** The robot's proprioceptive state: x, y, z, roll, pitch, yaw, opening. */
export function gripperState(scene: SceneState): State {
  const g = scene.gripper;
  return [g.pos[0], g.pos[1], g.pos[2], g.roll, g.pitch, g.yaw, g.opening];
}

/**
 * Is the tool centre point inside the workspace? Below the workspace floor is the table, which
 * stops the fingers before they get there, so only x, y and the ceiling can be violated.
 */
export function insideWorkspace(p: Vec3): boolean {
  return p[0] >= WORKSPACE.x[0] && p[0] <= WORKSPACE.x[1] && p[1] >= WORKSPACE.y[0] && p[1] <= WORKSPACE.y[1] && p[2] <= WORKSPACE.z[1];
}

function clipToWorkspace(p: Vec3): Vec3 {
  const c = (v: number, [lo, hi]: [number, number]) => Math.max(lo, Math.min(hi, v));
  return [c(p[0], WORKSPACE.x), c(p[1], WORKSPACE.y), c(p[2], WORKSPACE.z)];
}

export interface PhysicsStep {
  scene: SceneState;
  /** The action after clamping. */
  applied: Action;
  /** The command asked the gripper to leave the workspace; it was stopped at the boundary. */
  workspaceViolation: boolean;
  /** How far each object fell while settling this step. */
  falls: Map<string, number>;
}

export function stepPhysics(scene: SceneState, action: Action): PhysicsStep {
  const applied = clampAction(validateAction(action));
  const next = cloneScene(scene);
  const g = next.gripper;
  const wanted: Vec3 = [g.pos[0] + applied[0], g.pos[1] + applied[1], g.pos[2] + applied[2]];
  const workspaceViolation = !insideWorkspace(wanted);
  moveGripper(next, clipToWorkspace(wanted), g.yaw + applied[5]);
  g.yaw = wrapAngle(g.yaw);
  for (const o of next.objects) o.yaw = wrapAngle(o.yaw);
  actuateFingers(next, applied[6] === 1);
  const falls = settle(next);
  return { scene: next, applied, workspaceViolation, falls };
}
