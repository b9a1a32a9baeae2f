/**
 * Rigid transforms as row-major 3x4 matrices [R | t] in Float64Arrays, so the renderer can reuse them
 * frame after frame without allocating.
 */
import { detCos, detSin } from './render/trig';
import type { CameraSpec, GripperState, SimObject } from './types';

export type Pose = Float64Array;

export function newPose(): Pose {
  return new Float64Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
}

/** World from object: a turn of yaw about z, then the object's position. */
export function objectPose(obj: Pick<SimObject, 'pos' | 'yaw'>, out: Pose = newPose()): Pose {
  const c = detCos(obj.yaw);
  const s = detSin(obj.yaw);
  out.set([c, -s, 0, obj.pos[0], s, c, 0, obj.pos[1], 0, 0, 1, obj.pos[2]]);
  return out;
}

/** World from gripper: R = Rz(yaw) Ry(pitch) Rx(roll), the usual roll-pitch-yaw order, then the TCP. */
export function gripperPose(g: Pick<GripperState, 'pos' | 'roll' | 'pitch' | 'yaw'>, out: Pose = newPose()): Pose {
  const [cr, sr] = [detCos(g.roll), detSin(g.roll)];
  const [cp, sp] = [detCos(g.pitch), detSin(g.pitch)];
  const [cy, sy] = [detCos(g.yaw), detSin(g.yaw)];
  out.set([
    cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr, g.pos[0],
    sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr, g.pos[1],
    -sp, cp * sr, cp * cr, g.pos[2],
  ]);
  return out;
}

/** out = a * b, both read as 4x4 matrices with the last row 0 0 0 1. out may not alias a or b. */
export function composePose(a: ArrayLike<number>, b: ArrayLike<number>, out: Pose): Pose {
  for (let r = 0; r < 3; r++) {
    const a0 = a[4 * r]!;
    const a1 = a[4 * r + 1]!;
    const a2 = a[4 * r + 2]!;
    out[4 * r] = a0 * b[0]! + a1 * b[4]! + a2 * b[8]!;
    out[4 * r + 1] = a0 * b[1]! + a1 * b[5]! + a2 * b[9]!;
    out[4 * r + 2] = a0 * b[2]! + a1 * b[6]! + a2 * b[10]!;
    out[4 * r + 3] = a0 * b[3]! + a1 * b[7]! + a2 * b[11]! + a[4 * r + 3]!;
  }
  return out;
}

/** A pose moved by an offset expressed in its own frame. */
export function offsetPose(pose: Pose, dx: number, dy: number, dz: number, out: Pose): Pose {
  for (let r = 0; r < 3; r++) {
    out[4 * r] = pose[4 * r]!;
    out[4 * r + 1] = pose[4 * r + 1]!;
    out[4 * r + 2] = pose[4 * r + 2]!;
    out[4 * r + 3] = pose[4 * r]! * dx + pose[4 * r + 1]! * dy + pose[4 * r + 2]! * dz + pose[4 * r + 3]!;
  }
  return out;
}

/** The camera's world-to-camera transform as a pose. */
export function cameraPose(camera: CameraSpec): Pose {
  const r = camera.extrinsics.rotation;
  const t = camera.extrinsics.translation;
  return new Float64Array([r[0]!, r[1]!, r[2]!, t[0], r[3]!, r[4]!, r[5]!, t[1], r[6]!, r[7]!, r[8]!, t[2]]);
}

/** The camera's centre in world coordinates: -R^T t. */
export function cameraEye(camera: CameraSpec): [number, number, number] {
  const r = camera.extrinsics.rotation;
  const t = camera.extrinsics.translation;
  return [
    -(r[0]! * t[0] + r[3]! * t[1] + r[6]! * t[2]),
    -(r[1]! * t[0] + r[4]! * t[1] + r[7]! * t[2]),
    -(r[2]! * t[0] + r[5]! * t[1] + r[8]! * t[2]),
  ];
}
