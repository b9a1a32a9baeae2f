import { describe, expect, it } from 'vitest';
import { DltError, fitDlt, spreadFrames, reprojectionError, type Correspondence } from './dlt';
import type { Vec3 } from './linalg';
import { projectionMatrix, projector } from './projection';
import { TABLE_CAMERA, gaussian, seededRandom } from './testing';

const truth = projectionMatrix(TABLE_CAMERA);
const project = projector(truth);

/** Gripper-like positions over the table: 30 cm square, 0-25 cm high. */
function samplePairs(n: number, seed: number, noisePx = 0): Correspondence[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const world: Vec3 = [random() * 0.3 - 0.15, random() * 0.3 - 0.15, random() * 0.25];
    const q = project(world);
    return { world, image: { x: q.x + noisePx * gaussian(random), y: q.y + noisePx * gaussian(random) } };
  });
}

const normalised = (P: readonly number[]) => {
  const s = Math.hypot(P[8]!, P[9]!, P[10]!) * Math.sign(P[11]!);
  return P.map((v) => v / s);
};

describe('fitDlt', () => {
  it('recovers a known camera exactly from 6 noise-free points', () => {
    const fit = fitDlt(samplePairs(6, 1));
    const expected = normalised(truth);
    normalised(fit.P).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    expect(fit.max).toBeLessThan(1e-6);
  });

  it('stays within 3 px on unseen points when fitted to 8 well-spread clicks with 1 px noise', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const candidates = samplePairs(300, seed);
      const random = seededRandom(50 + seed);
      const chosen = spreadFrames(candidates.map((c) => c.world), 8).map((i) => {
        const { world, image } = candidates[i]!;
        return { world, image: { x: image.x + gaussian(random), y: image.y + gaussian(random) } };
      });
      const fit = fitDlt(chosen);
      const unseen = reprojectionError(fit.P, samplePairs(200, 100 + seed));
      expect(unseen.max).toBeLessThan(3);
      expect(fit.rms).toBeLessThan(2);
    }
  });

  it('rejects a nearly flat path that would extrapolate badly', () => {
    const thin = samplePairs(8, 4).map(({ world }, i) => {
      const w: Vec3 = [world[0], world[1], 0.1 + (i % 2) * 0.001];
      const q = project(w);
      return { world: w, image: { x: q.x, y: q.y } };
    });
    expect(() => fitDlt(thin)).toThrow(/thickness 0\.\d% of the extent/);
  });

  it('explains each degenerate configuration', () => {
    const six = samplePairs(6, 9);
    expect(() => fitDlt(six.slice(0, 5))).toThrow(/at least 6 points, got 5/);
    const flat = six.map(({ world }) => {
      const w: Vec3 = [world[0], world[1], 0.1];
      const q = project(w);
      return { world: w, image: { x: q.x, y: q.y } };
    });
    expect(() => fitDlt(flat)).toThrow(DltError);
    expect(() => fitDlt(flat)).toThrow(/one plane/);
    const line = six.map(({ world }, i) => ({ world, image: { x: 10 + i, y: 20 + 2 * i } }));
    expect(() => fitDlt(line)).toThrow(/one line/);
    const nan = six.map((p, i) => (i ? p : { ...p, image: { x: NaN, y: 0 } }));
    expect(() => fitDlt(nan)).toThrow(/non-finite/);
  });
});

describe('reprojectionError', () => {
  it('measures pixel distances', () => {
    const pairs = samplePairs(4, 7).map((p, i) => ({ ...p, image: { x: p.image.x + (i === 0 ? 3 : 0), y: p.image.y + (i === 0 ? 4 : 0) } }));
    const e = reprojectionError(truth, pairs);
    expect(e.perPoint[0]).toBeCloseTo(5, 9);
    expect(e.max).toBeCloseTo(5, 9);
    expect(e.mean).toBeCloseTo(1.25, 9);
  });
});

describe('spreadFrames', () => {
  it('picks distinct, far-apart positions', () => {
    const corners: Vec3[] = [[0, 0, 0], [0.01, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [0.5, 0.5, 0.5]];
    const picked = spreadFrames(corners, 4);
    expect(new Set(picked).size).toBe(4);
    expect(picked).not.toContain(1);
    expect(spreadFrames([[0, 0, 0], [0, 0, 0]], 5)).toEqual([0]);
    expect(spreadFrames([], 3)).toEqual([]);
  });
});
