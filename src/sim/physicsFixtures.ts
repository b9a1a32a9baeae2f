/**
 * Hand-built scenes for tests and examples: objects with mid-range catalog sizes placed where you
 * say, and a gripper pose. Not used by the environment itself.
 */
import { GRIPPER_MAX_OPENING, KIND_SPECS } from './catalog';
import type { Action, ColourName, GripperState, ObjectKind, ObjectSize, SceneState, SimObject } from './types';

export interface FixtureOptions {
  colour?: ColourName;
  size?: Partial<ObjectSize>;
  yaw?: number;
  z?: number;
}

export function fixtureObject(id: string, kind: ObjectKind, x: number, y: number, opts: FixtureOptions = {}): SimObject {
  const spec = KIND_SPECS[kind];
  const mid = (r: [number, number]) => (r[0] + r[1]) / 2;
  const sx = opts.size?.sx ?? mid(spec.sx);
  const size: ObjectSize = {
    sx,
    sy: opts.size?.sy ?? (spec.sy ? mid(spec.sy) : sx),
    sz: opts.size?.sz ?? (spec.sz ? mid(spec.sz) : sx),
  };
  return { id, kind, colour: opts.colour ?? 'red', size, pos: [x, y, opts.z ?? 0], yaw: opts.yaw ?? 0 };
}

export function fixtureScene(objects: SimObject[], gripper: Partial<GripperState> = {}): SceneState {
  return {
    objects,
    gripper: {
      pos: [0, 0, 0.3],
      roll: 0,
      pitch: 0,
      yaw: 0,
      opening: GRIPPER_MAX_OPENING,
      closing: false,
      held: null,
      ...gripper,
    },
    tableColour: [150, 111, 80],
  };
}

/** An action that only moves: dx, dy, dz, dyaw, and the gripper command. */
export function move(dx: number, dy: number, dz: number, grip: 0 | 1, dyaw = 0): Action {
  return [dx, dy, dz, 0, 0, dyaw, grip];
}
