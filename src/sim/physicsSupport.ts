/**
 * What holds each object up. Objects are at rest at all times except the held one: after every step
 * each loose object drops straight down onto the highest surface beneath it (the table, a container's
 * floor or rim, or another object's top). Nothing slides or tips: the world is kinematic.
 */
import { CONTACT_EPS, overlaps } from './physicsShapes';
import { cavityRest, objectFootprint, restingHeightOn } from './physicsBodies';
import type { SceneState, SimObject } from './types';

/** Tolerance for "resting exactly on" a surface. */
export const REST_EPS = 1e-6;

export interface Support {
  /** Height of the surface. */
  height: number;
  /** Id of the supporting object, or null for the table. */
  id: string | null;
}

/** Is `b` beneath `o`, so that `o` could come down onto it? */
function isBeneath(o: SimObject, b: SimObject): boolean {
  if (b.pos[2] + b.size.sz <= o.pos[2] + CONTACT_EPS) return true;
  const rest = cavityRest(objectFootprint(o), b);
  return rest !== null && o.pos[2] >= rest - CONTACT_EPS;
}

/** The highest surface beneath `o` among `others` (the table counts, at height 0). */
export function supportBelow(objects: readonly SimObject[], o: SimObject): Support {
  const fp = objectFootprint(o);
  let best: Support = { height: 0, id: null };
  for (const b of objects) {
    if (b.id === o.id || !isBeneath(o, b) || !overlaps(fp, objectFootprint(b))) continue;
    const h = restingHeightOn(fp, b);
    if (h > best.height + REST_EPS) best = { height: h, id: b.id };
  }
  return best;
}

/** Id of what `o` rests on ('table' or an object id), or null if it is held or in the air. */
export function restingOn(scene: SceneState, o: SimObject): string | null {
  if (scene.gripper.held === o.id) return null;
  const s = supportBelow(scene.objects, o);
  if (Math.abs(o.pos[2] - s.height) > REST_EPS) return null;
  return s.id ?? 'table';
}

/**
 * Drops every loose object onto what is beneath it, lowest first so that stacks settle in order.
 * Mutates `scene`; returns how far each object fell.
 */
export function settle(scene: SceneState): Map<string, number> {
  const falls = new Map<string, number>();
  const order = scene.objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => a.o.pos[2] - b.o.pos[2] || a.i - b.i)
    .map(({ o }) => o);
  for (const o of order) {
    if (o.id === scene.gripper.held) continue;
    const { height } = supportBelow(scene.objects, o);
    if (height < o.pos[2] - REST_EPS) falls.set(o.id, o.pos[2] - height);
    if (Math.abs(height - o.pos[2]) > 0) o.pos = [o.pos[0], o.pos[1], height];
  }
  return falls;
}
