/**
 * Moving the gripper through the world in small substeps. The gripper carries its held object
 * rigidly; both are stopped by the table and by anything solid. Fingers or palm moving sideways into
 * a loose pickable object push it along by the same displacement, unless that would drive it into
 * something else. Containers are heavy: they block and are never pushed.
 */
import { GRIPPER_GEOMETRY, KIND_SPECS, TABLE_EXTENT } from './catalog';
import { gripperSolids, hitsObject, objectsCollide, objectSolid, type Solid } from './physicsBodies';
import { boundingRadius } from './physicsShapes';
import type { SceneState, SimObject, Vec3 } from './types';

/** Substeps are at most this long (metres) and this large a turn (radians). */
const SUBSTEP_LENGTH = 0.004;
const SUBSTEP_ANGLE = 0.04;

/** Moves the gripper towards (target, targetYaw) as far as contact allows; mutates the scene. */
export function moveGripper(scene: SceneState, target: Vec3, targetYaw: number): void {
  const g = scene.gripper;
  const held = scene.objects.find((o) => o.id === g.held) ?? null;
  // Neither the fingertips nor the held object may go below the table top.
  const minZ = Math.max(-GRIPPER_GEOMETRY.fingerBottom, held ? g.pos[2] - held.pos[2] : 0);
  const goal: Vec3 = [target[0], target[1], Math.max(minZ, target[2])];
  const dx = goal[0] - g.pos[0];
  const dy = goal[1] - g.pos[1];
  const dz = goal[2] - g.pos[2];
  const dyaw = targetYaw - g.yaw;
  const others = scene.objects.filter((o) => o.id !== g.held);
  const near = nearby(scene, held, goal, others);
  // With nothing in reach the whole move is free; otherwise go in substeps so contact is found.
  const n = near.length === 0 ? 1 : Math.max(1, Math.ceil(Math.max(Math.hypot(dx, dy, dz) / SUBSTEP_LENGTH, Math.abs(dyaw) / SUBSTEP_ANGLE)));
  const ctx: MoveContext = { scene, held, near, others };
  for (let k = 0; k < n; k++) {
    advance((f) => planLift(ctx, (f * dz) / n));
    advance((f) => planSlide(ctx, (f * dx) / n, (f * dy) / n, (f * dyaw) / n));
  }
}

interface MoveContext {
  scene: SceneState;
  held: SimObject | null;
  /** Objects the gripper or its load could touch during this move. */
  near: SimObject[];
  /** Every object but the held one. */
  others: SimObject[];
}

/** Objects within reach of the gripper and its load anywhere along the straight move to `goal`. */
function nearby(scene: SceneState, held: SimObject | null, goal: Vec3, others: SimObject[]): SimObject[] {
  const g = scene.gripper;
  const hand = Math.hypot(GRIPPER_GEOMETRY.palmHalfDepth, GRIPPER_GEOMETRY.palmHalfSpan);
  const load = held ? Math.hypot(held.pos[0] - g.pos[0], held.pos[1] - g.pos[1]) + boundingRadius(objectSolid(held).fp) : 0;
  const reach = Math.max(hand, load) + 0.01;
  const lowest = Math.min(g.pos[2], goal[2]) + Math.min(GRIPPER_GEOMETRY.fingerBottom, held ? held.pos[2] - g.pos[2] : 0);
  const [ax, ay] = [g.pos[0], g.pos[1]];
  const [bx, by] = [goal[0] - ax, goal[1] - ay];
  const len2 = bx * bx + by * by;
  return others.filter((o) => {
    if (o.pos[2] + o.size.sz <= lowest) return false;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((o.pos[0] - ax) * bx + (o.pos[1] - ay) * by) / len2));
    const d = Math.hypot(o.pos[0] - ax - t * bx, o.pos[1] - ay - t * by);
    return d < reach + boundingRadius(objectSolid(o).fp);
  });
}

type Commit = () => void;

/** Makes the largest part of a move that is free; a blocked move is bisected so contact is exact. */
function advance(plan: (fraction: number) => Commit | null): void {
  const full = plan(1);
  if (full) return full();
  let lo = 0;
  let hi = 1;
  let best: Commit | null = null;
  for (let i = 0; i < 8; i++) {
    const mid = (lo + hi) / 2;
    const commit = plan(mid);
    if (commit) {
      lo = mid;
      best = commit;
    } else hi = mid;
  }
  best?.();
}

function heldSolidAt(held: SimObject | null, dx: number, dy: number, dz: number): Solid | null {
  if (!held) return null;
  const moved = { ...held, pos: [held.pos[0] + dx, held.pos[1] + dy, held.pos[2] + dz] as Vec3 };
  return objectSolid(moved);
}

function planLift({ scene, held, near }: MoveContext, dz: number): Commit | null {
  if (dz === 0) return () => {};
  const g = scene.gripper;
  const pos: Vec3 = [g.pos[0], g.pos[1], g.pos[2] + dz];
  const solids = gripperSolids(pos, g.yaw, g.opening);
  const heldSolid = heldSolidAt(held, 0, 0, dz);
  if (heldSolid) solids.push(heldSolid);
  if (near.some((o) => solids.some((s) => hitsObject(s, o)))) return null;
  return () => {
    g.pos = pos;
    if (held) held.pos = [held.pos[0], held.pos[1], held.pos[2] + dz];
  };
}

/** The held object after the gripper turns by `dyaw` about its tool centre and shifts by (dx, dy). */
function carried(scene: SceneState, held: SimObject, dx: number, dy: number, dyaw: number): SimObject {
  const g = scene.gripper;
  const c = Math.cos(dyaw);
  const s = Math.sin(dyaw);
  const rx = held.pos[0] - g.pos[0];
  const ry = held.pos[1] - g.pos[1];
  return {
    ...held,
    pos: [g.pos[0] + dx + c * rx - s * ry, g.pos[1] + dy + s * rx + c * ry, held.pos[2]],
    yaw: held.yaw + dyaw,
  };
}

function planSlide({ scene, held, near, others }: MoveContext, dx: number, dy: number, dyaw: number): Commit | null {
  if (dx === 0 && dy === 0 && dyaw === 0) return () => {};
  const g = scene.gripper;
  const pos: Vec3 = [g.pos[0] + dx, g.pos[1] + dy, g.pos[2]];
  const yaw = g.yaw + dyaw;
  const parts = gripperSolids(pos, yaw, g.opening);
  const heldNext = held ? carried(scene, held, dx, dy, dyaw) : null;
  if (heldNext && near.some((o) => objectsCollide(heldNext, o))) return null;

  const struck = near.filter((o) => parts.some((p) => hitsObject(p, o)));
  if (struck.some((o) => KIND_SPECS[o.kind].container)) return null;
  const pushed = struck.map((o) => ({ ...o, pos: [o.pos[0] + dx, o.pos[1] + dy, o.pos[2]] as Vec3 }));
  if (!pushed.every((p) => canStandAt(p, others, pushed, parts, heldNext))) return null;

  return () => {
    g.pos = pos;
    g.yaw = yaw;
    if (held && heldNext) {
      held.pos = heldNext.pos;
      held.yaw = heldNext.yaw;
    }
    for (const p of pushed) scene.objects.find((x) => x.id === p.id)!.pos = p.pos;
  };
}

/** Can a pushed object take its new place without entering anything else or leaving the table? */
function canStandAt(
  p: SimObject,
  others: SimObject[],
  pushed: SimObject[],
  parts: Solid[],
  heldNext: SimObject | null,
): boolean {
  if (p.pos[0] < TABLE_EXTENT.x[0] || p.pos[0] > TABLE_EXTENT.x[1]) return false;
  if (p.pos[1] < TABLE_EXTENT.y[0] || p.pos[1] > TABLE_EXTENT.y[1]) return false;
  if (parts.some((s) => hitsObject(s, p))) return false;
  if (heldNext && objectsCollide(heldNext, p)) return false;
  for (const o of others) {
    if (o.id === p.id) continue;
    const now = pushed.find((q) => q.id === o.id) ?? o;
    if (objectsCollide(p, now)) return false;
  }
  return true;
}
