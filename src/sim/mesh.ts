/**
 * Triangle meshes in an object's local frame (origin at the centre of the bottom face, z up).
 * Triangles wind counter-clockwise seen from outside; an open surface that must be seen from both sides
 * (the inside of a cup) is modelled as two walls facing opposite ways, so the renderer can always cull
 * back faces.
 */
import type { Rgb } from './types';

/** What a triangle is painted with: the object's own colour scaled by a tint, or a fixed colour. */
export interface Material {
  rgb: Rgb | null;
  tint: number;
  /** Strength of a white highlight (metal reads as metal only with one). */
  shine: number;
}

export const MAT = {
  body: 0,
  inner: 1,
  innerFloor: 2,
  rim: 3,
  bowlInner: 4,
  trayInner: 5,
  trayFloor: 6,
  metal: 7,
  darkMetal: 8,
  rubber: 9,
  cap: 10,
  leaf: 11,
  armWhite: 12,
  accent: 13,
} as const;

const own = (tint: number, shine = 0): Material => ({ rgb: null, tint, shine });
const fixed = (rgb: Rgb, shine: number): Material => ({ rgb, tint: 1, shine });

/** Indexed by the MAT numbers above. Insides are darker because little light gets into a cup. */
export const MATERIALS: readonly Material[] = [
  own(1, 0.08),
  own(0.55),
  own(0.45),
  own(0.85, 0.05),
  own(0.78),
  own(0.72),
  own(0.9),
  fixed([168, 172, 178], 0.45),
  fixed([96, 99, 106], 0.3),
  fixed([38, 38, 42], 0.05),
  fixed([45, 45, 50], 0.2),
  fixed([60, 140, 45], 0),
  fixed([222, 224, 226], 0.2),
  fixed([230, 120, 30], 0.1),
];

export interface Mesh {
  /** x, y, z per vertex. */
  positions: Float64Array;
  /** Three vertex indices per triangle. */
  triangles: Uint32Array;
  /** Unit outward normal per triangle (x, y, z). */
  normals: Float64Array;
  /** Centroid per triangle (x, y, z), for the highlight's view direction. */
  centroids: Float64Array;
  /** Index into MATERIALS per triangle. */
  materials: Uint8Array;
  /** A few points on the convex hull, enough to cast a shadow outline. */
  hullPoints: Float64Array;
}

export class MeshBuilder {
  private readonly pos: number[] = [];
  private readonly tri: number[] = [];
  private readonly mat: number[] = [];

  vertex(x: number, y: number, z: number): number {
    this.pos.push(x, y, z);
    return this.pos.length / 3 - 1;
  }

  triangle(a: number, b: number, c: number, material: number): void {
    this.tri.push(a, b, c);
    this.mat.push(material);
  }

  /** Corners in counter-clockwise order seen from the side the quad faces. */
  quad(a: number, b: number, c: number, d: number, material: number): void {
    this.triangle(a, b, c, material);
    this.triangle(a, c, d, material);
  }

  /** A quad from four corner points, each given as [x, y, z]. */
  quadAt(a: number[], b: number[], c: number[], d: number[], material: number): void {
    const v = [a, b, c, d].map((p) => this.vertex(p[0]!, p[1]!, p[2]!));
    this.quad(v[0]!, v[1]!, v[2]!, v[3]!, material);
  }

  /** Appends another builder's geometry moved by an offset. */
  append(other: MeshBuilder, dx = 0, dy = 0, dz = 0): void {
    const base = this.pos.length / 3;
    for (let i = 0; i < other.pos.length; i += 3) {
      this.pos.push(other.pos[i]! + dx, other.pos[i + 1]! + dy, other.pos[i + 2]! + dz);
    }
    for (const i of other.tri) this.tri.push(i + base);
    for (const m of other.mat) this.mat.push(m);
  }

  build(): Mesh {
    const positions = Float64Array.from(this.pos);
    const kept: number[] = [];
    const keptMat: number[] = [];
    const normals: number[] = [];
    const centroids: number[] = [];
    for (let t = 0; t < this.tri.length / 3; t++) {
      const [a, b, c] = [this.tri[3 * t]!, this.tri[3 * t + 1]!, this.tri[3 * t + 2]!];
      const n = triangleNormal(positions, a, b, c);
      // Zero-area triangles (where a lathe profile touches its axis) add nothing but work.
      if (n === null) continue;
      kept.push(a, b, c);
      keptMat.push(this.mat[t]!);
      normals.push(...n);
      for (let k = 0; k < 3; k++) {
        centroids.push((positions[3 * a + k]! + positions[3 * b + k]! + positions[3 * c + k]!) / 3);
      }
    }
    return {
      positions,
      triangles: Uint32Array.from(kept),
      normals: Float64Array.from(normals),
      centroids: Float64Array.from(centroids),
      materials: Uint8Array.from(keptMat),
      hullPoints: supportPoints(positions),
    };
  }
}

function triangleNormal(p: Float64Array, a: number, b: number, c: number): [number, number, number] | null {
  const ux = p[3 * b]! - p[3 * a]!;
  const uy = p[3 * b + 1]! - p[3 * a + 1]!;
  const uz = p[3 * b + 2]! - p[3 * a + 2]!;
  const vx = p[3 * c]! - p[3 * a]!;
  const vy = p[3 * c + 1]! - p[3 * a + 1]!;
  const vz = p[3 * c + 2]! - p[3 * a + 2]!;
  const nx = uy * vz - uz * vy;
  const ny = uz * vx - ux * vz;
  const nz = ux * vy - uy * vx;
  const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
  if (len < 1e-12) return null;
  return [nx / len, ny / len, nz / len];
}

/**
 * The vertices that reach furthest in 26 directions (cube corners, edges and faces): a small subset of
 * the convex hull whose shadow outline is close to the full mesh's at a fraction of the cost.
 */
function supportPoints(positions: Float64Array): Float64Array {
  const chosen = new Set<number>();
  for (let dx = -1; dx <= 1; dx++) {
    for (let dy = -1; dy <= 1; dy++) {
      for (let dz = -1; dz <= 1; dz++) {
        if (dx === 0 && dy === 0 && dz === 0) continue;
        let best = -1;
        let bestDot = -Infinity;
        for (let i = 0; i < positions.length; i += 3) {
          const d = dx * positions[i]! + dy * positions[i + 1]! + dz * positions[i + 2]!;
          if (d > bestDot) {
            bestDot = d;
            best = i;
          }
        }
        if (best >= 0) chosen.add(best);
      }
    }
  }
  const out: number[] = [];
  for (const i of [...chosen].sort((a, b) => a - b)) out.push(positions[i]!, positions[i + 1]!, positions[i + 2]!);
  return Float64Array.from(out);
}
