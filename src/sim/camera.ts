import { integerInRange } from './errors';
import type { CameraSpec, Vec3 } from './types';

/** Default image sizes: small for training, larger for display. */
export const TRAIN_RESOLUTION = { width: 128, height: 128 } as const;
export const DISPLAY_RESOLUTION = { width: 320, height: 240 } as const;

/** Vertical field of view of both cameras at every resolution; square pixels. */
const VERTICAL_FOV_DEG = 50;

/** A front camera looking down at the table at 45 degrees, and a side camera. */
const CAMERA_POSES: Record<'front' | 'side', { eye: Vec3; target: Vec3 }> = {
  front: { eye: [-0.62, 0, 0.62], target: [0.02, 0, 0] },
  side: { eye: [0.05, -0.78, 0.5], target: [0.02, 0, 0.03] },
};

export const CAMERA_NAMES = ['front', 'side'] as const;
export type CameraName = (typeof CAMERA_NAMES)[number];

export function makeCameras(width: number, height: number): CameraSpec[] {
  integerInRange('camera width', width, 16, 4096);
  integerInRange('camera height', height, 16, 4096);
  return CAMERA_NAMES.map((name) => lookAtCamera(name, CAMERA_POSES[name].eye, CAMERA_POSES[name].target, width, height));
}

export function lookAtCamera(name: string, eye: Vec3, target: Vec3, width: number, height: number): CameraSpec {
  const forward = normalise(sub(target, eye));
  const right = normalise(cross(forward, [0, 0, 1]));
  const down = cross(forward, right);
  const rotation = [...right, ...down, ...forward];
  const translation: Vec3 = [-dot(right, eye), -dot(down, eye), -dot(forward, eye)];
  const f = height / 2 / Math.tan(((VERTICAL_FOV_DEG / 2) * Math.PI) / 180);
  return {
    name,
    intrinsics: { fx: f, fy: f, cx: width / 2, cy: height / 2, width, height },
    extrinsics: { rotation, translation },
  };
}

/** A world point in camera coordinates (OpenCV: x right, y down, z forward). */
export function toCamera(camera: CameraSpec, p: Vec3): Vec3 {
  const r = camera.extrinsics.rotation;
  const t = camera.extrinsics.translation;
  return [
    r[0]! * p[0] + r[1]! * p[1] + r[2]! * p[2] + t[0],
    r[3]! * p[0] + r[4]! * p[1] + r[5]! * p[2] + t[1],
    r[6]! * p[0] + r[7]! * p[1] + r[8]! * p[2] + t[2],
  ];
}

/** Pixel coordinates [u, v] and depth of a world point; pixel centres sit at integer + 0.5. */
export function project(camera: CameraSpec, p: Vec3): [number, number, number] {
  const c = toCamera(camera, p);
  const { fx, fy, cx, cy } = camera.intrinsics;
  return [fx * (c[0] / c[2]) + cx, fy * (c[1] / c[2]) + cy, c[2]];
}

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}
export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
export function normalise(a: Vec3): Vec3 {
  const n = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / n, a[1] / n, a[2] / n];
}
