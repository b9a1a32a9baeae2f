import { describe, expect, it } from 'vitest';
import { KIND_SPECS } from './catalog';
import { objectMesh } from './meshCache';
import { FINGER_THICKNESS, fingerOffset } from './meshGripper';
import type { Mesh } from './mesh';
import { OBJECT_KINDS, type ObjectKind, type ObjectSize } from './types';

function sizeOf(kind: ObjectKind): ObjectSize {
  const s = KIND_SPECS[kind];
  const sx = (s.sx[0] + s.sx[1]) / 2;
  return { sx, sy: s.sy ? (s.sy[0] + s.sy[1]) / 2 : sx, sz: s.sz ? (s.sz[0] + s.sz[1]) / 2 : sx };
}

function extent(mesh: Mesh, axis: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = axis; i < mesh.positions.length; i += 3) {
    lo = Math.min(lo, mesh.positions[i]!);
    hi = Math.max(hi, mesh.positions[i]!);
  }
  return [lo, hi];
}

describe('object meshes', () => {
  for (const kind of OBJECT_KINDS) {
    it(`${kind}: sits on z = 0, fills its size, stays low-poly`, () => {
      const size = sizeOf(kind);
      const mesh = objectMesh({ kind, size });
      const [x0, x1] = extent(mesh, 0);
      const [y0, y1] = extent(mesh, 1);
      const [z0, z1] = extent(mesh, 2);
      expect(z0).toBeCloseTo(0, 9);
      expect(z1).toBeCloseTo(size.sz, 9);
      expect(x0).toBeCloseTo(-size.sx / 2, 9);
      // The cup's handle reaches past its rim on +x.
      if (kind === 'cup') expect(x1).toBeGreaterThan(size.sx / 2);
      else expect(x1).toBeCloseTo(size.sx / 2, 9);
      expect(y0).toBeCloseTo(-size.sy / 2, 9);
      expect(y1).toBeCloseTo(size.sy / 2, 9);
      const triangles = mesh.triangles.length / 3;
      expect(triangles).toBeGreaterThan(8);
      expect(triangles).toBeLessThanOrEqual(300);
      expect(mesh.materials).toHaveLength(triangles);
      for (let t = 0; t < triangles; t++) {
        const [nx, ny, nz] = [mesh.normals[3 * t]!, mesh.normals[3 * t + 1]!, mesh.normals[3 * t + 2]!];
        expect(Math.abs(nx * nx + ny * ny + nz * nz - 1)).toBeLessThan(1e-9);
      }
    });
  }

  it('faces every triangle of a solid kind away from its middle', () => {
    // Not the bottle: the lip under its cap rightly faces down, towards the middle.
    for (const kind of ['cube', 'block', 'can', 'ball', 'carrot'] as const) {
      const size = sizeOf(kind);
      const mesh = objectMesh({ kind, size });
      for (let t = 0; t < mesh.materials.length; t++) {
        const away =
          mesh.normals[3 * t]! * mesh.centroids[3 * t]! +
          mesh.normals[3 * t + 1]! * mesh.centroids[3 * t + 1]! +
          mesh.normals[3 * t + 2]! * (mesh.centroids[3 * t + 2]! - size.sz / 2);
        expect(away).toBeGreaterThan(0);
      }
    }
  });

  it('builds a mesh once per kind and size', () => {
    const size = sizeOf('can');
    expect(objectMesh({ kind: 'can', size })).toBe(objectMesh({ kind: 'can', size: { ...size } }));
    expect(objectMesh({ kind: 'can', size })).not.toBe(objectMesh({ kind: 'can', size: { ...size, sz: size.sz + 0.01 } }));
  });
});

describe('gripper', () => {
  it('leaves a gap between the finger pads equal to the opening', () => {
    for (const opening of [0, 0.02, 0.09]) {
      expect(2 * (fingerOffset(opening) - FINGER_THICKNESS / 2)).toBeCloseTo(opening, 12);
    }
  });
});
