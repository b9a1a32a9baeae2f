/**
 * Flat shading: one colour per triangle from a fixed sun, a sky fill that brightens upward faces, and
 * a small highlight on shiny materials. One colour per triangle keeps the pixel loop to a compare and
 * three stores, which is most of why the renderer is fast.
 */
import { MATERIALS, type Mesh } from '../mesh';
import type { Pose } from '../meshPose';
import type { Rgb } from '../types';

/** Direction towards the sun: above, behind the front camera and to its left, so shadows fall away. */
export const LIGHT: readonly [number, number, number] = unit(-0.35, 0.4, 1);

const AMBIENT = 0.4;
const SKY = 0.2;
const SUN = 0.5;

function unit(x: number, y: number, z: number): [number, number, number] {
  const n = Math.sqrt(x * x + y * y + z * z);
  return [x / n, y / n, z / n];
}

/**
 * Writes r, g, b per triangle of `mesh` into `out`. pose maps the mesh into the world; eye is the
 * camera centre. Light and eye are taken into the mesh's frame once, so each triangle costs a few dots.
 */
export function shadeTriangles(mesh: Mesh, pose: Pose, eye: readonly number[], own: Rgb, out: Uint8Array): void {
  const [lx, ly, lz] = LIGHT;
  // R^T v for the light and for the eye's offset: the mesh frame's view of them.
  const llx = pose[0]! * lx + pose[4]! * ly + pose[8]! * lz;
  const lly = pose[1]! * lx + pose[5]! * ly + pose[9]! * lz;
  const llz = pose[2]! * lx + pose[6]! * ly + pose[10]! * lz;
  const ex = eye[0]! - pose[3]!;
  const ey = eye[1]! - pose[7]!;
  const ez = eye[2]! - pose[11]!;
  const elx = pose[0]! * ex + pose[4]! * ey + pose[8]! * ez;
  const ely = pose[1]! * ex + pose[5]! * ey + pose[9]! * ez;
  const elz = pose[2]! * ex + pose[6]! * ey + pose[10]! * ez;
  const { normals, centroids, materials } = mesh;
  const count = materials.length;
  for (let t = 0; t < count; t++) {
    const nx = normals[3 * t]!;
    const ny = normals[3 * t + 1]!;
    const nz = normals[3 * t + 2]!;
    const up = pose[8]! * nx + pose[9]! * ny + pose[10]! * nz;
    const sun = nx * llx + ny * lly + nz * llz;
    const k = AMBIENT + SKY * (0.5 + 0.5 * up) + (sun > 0 ? SUN * sun : 0);
    const mat = MATERIALS[materials[t]!]!;
    let spec = 0;
    if (mat.shine > 0 && sun > 0) {
      let vx = elx - centroids[3 * t]!;
      let vy = ely - centroids[3 * t + 1]!;
      let vz = elz - centroids[3 * t + 2]!;
      const vn = Math.sqrt(vx * vx + vy * vy + vz * vz);
      vx = vx / vn + llx;
      vy = vy / vn + lly;
      vz = vz / vn + llz;
      const hn = Math.sqrt(vx * vx + vy * vy + vz * vz);
      let c = (nx * vx + ny * vy + nz * vz) / hn;
      if (c > 0) {
        c *= c; c *= c; c *= c; c *= c; c *= c; // c^32 by squaring: Math.pow may differ between engines
        spec = 255 * mat.shine * c;
      }
    }
    const base = mat.rgb ?? own;
    const tint = mat.tint * k;
    out[3 * t] = toByte(base[0] * tint + spec);
    out[3 * t + 1] = toByte(base[1] * tint + spec);
    out[3 * t + 2] = toByte(base[2] * tint + spec);
  }
}

function toByte(v: number): number {
  return v >= 255 ? 255 : v <= 0 ? 0 : (v + 0.5) | 0;
}
