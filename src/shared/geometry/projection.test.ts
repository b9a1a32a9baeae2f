import { describe, expect, it } from 'vitest';
import { projectPoint, projectionMatrix, projector } from './projection';
import { TABLE_CAMERA } from './testing';

describe('projection', () => {
  it('follows u = fx x/z + cx with p_cam = R p + t', () => {
    const { fx, cx, fy, cy } = TABLE_CAMERA.intrinsics;
    const p = [0.1, -0.05, 0.2] as const;
    const r = TABLE_CAMERA.extrinsics.rotation;
    const t = TABLE_CAMERA.extrinsics.translation;
    const c = [0, 1, 2].map((i) => r[3 * i]! * p[0] + r[3 * i + 1]! * p[1] + r[3 * i + 2]! * p[2] + t[i]!);
    const q = projectPoint(TABLE_CAMERA, p);
    expect(q.x).toBeCloseTo((fx * c[0]!) / c[2]! + cx, 10);
    expect(q.y).toBeCloseTo((fy * c[1]!) / c[2]! + cy, 10);
    expect(q.depth).toBeCloseTo(c[2]!, 10);
  });

  it('projects the same through the calibration and its matrix, at any scale of P', () => {
    const P = projectionMatrix(TABLE_CAMERA);
    const scaled = P.map((v) => v * -3.5);
    const p = [0.02, 0.1, 0.05] as const;
    const a = projectPoint(TABLE_CAMERA, p);
    const b = projector(scaled)(p);
    expect(b.x).toBeCloseTo(a.x, 10);
    expect(b.y).toBeCloseTo(a.y, 10);
  });

  it('reports points behind the camera by a non-positive depth', () => {
    expect(projectPoint(TABLE_CAMERA, [-2, 0, 2]).depth).toBeLessThan(0);
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => projectPoint([1, 2, 3], [0, 0, 0])).toThrow(/12 entries/);
  });
});
