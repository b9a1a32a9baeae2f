/**
 * Pinhole projection with a camera calibration (OpenCV convention, as `meta/calibration.json` stores
 * it) or with a bare 3x4 matrix P (what a DLT fit yields). Pixel centres sit at integer + 0.5, the same
 * convention as the annotations, so no half-pixel shift is applied anywhere.
 */
import type { Vec3 } from './linalg';

export interface Intrinsics {
  fx: number;
  fy: number;
  cx: number;
  cy: number;
}

export interface Extrinsics {
  /** World-to-camera rotation, row-major 3x3. */
  rotation: ArrayLike<number>;
  /** World-to-camera translation: p_cam = R p_world + t. */
  translation: ArrayLike<number>;
}

export interface Calibration {
  intrinsics: Intrinsics;
  extrinsics: Extrinsics;
}

/** A 3x4 projection matrix, row-major (12 numbers), defined up to scale. */
export type ProjectionMatrix = readonly number[];

/** Either a calibration or a projection matrix: everything that can put a world point into the image. */
export type Projector = Calibration | ProjectionMatrix;

export interface ImagePoint {
  x: number;
  y: number;
}

export interface Projected extends ImagePoint {
  /** Depth along the optical axis for a calibration; the homogeneous w (same sign) for a bare P. */
  depth: number;
}

/** P = K [R | t]. */
export function projectionMatrix(calibration: Calibration): number[] {
  const { fx, fy, cx, cy } = calibration.intrinsics;
  const r = calibration.extrinsics.rotation;
  const t = calibration.extrinsics.translation;
  const row = (i: number) => [r[3 * i]!, r[3 * i + 1]!, r[3 * i + 2]!, t[i]!];
  const [r0, r1, r2] = [row(0), row(1), row(2)];
  return [...r0.map((v, j) => fx * v + cx * r2[j]!), ...r1.map((v, j) => fy * v + cy * r2[j]!), ...r2];
}

function asMatrix(projector: Projector): ProjectionMatrix {
  if (Array.isArray(projector)) {
    if (projector.length !== 12) throw new Error(`a projection matrix has 12 entries, got ${projector.length}`);
    return projector;
  }
  return projectionMatrix(projector as Calibration);
}

/** Returns a fast projecting function (the matrix is built once, not per point). */
export function projector(projector: Projector): (p: Vec3) => Projected {
  const m = asMatrix(projector);
  return (p) => {
    const w = m[8]! * p[0] + m[9]! * p[1] + m[10]! * p[2] + m[11]!;
    return {
      x: (m[0]! * p[0] + m[1]! * p[1] + m[2]! * p[2] + m[3]!) / w,
      y: (m[4]! * p[0] + m[5]! * p[1] + m[6]! * p[2] + m[7]!) / w,
      depth: w,
    };
  };
}

/** Pixel position of a world point; `depth <= 0` means the point is behind the camera. */
export function projectPoint(camera: Projector, p: Vec3): Projected {
  return projector(camera)(p);
}
