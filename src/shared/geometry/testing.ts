/**
 * Deterministic fixtures for the geometry and tracking tests and benches: a seeded random source and a
 * camera looking down at a table, the way the built-in environment's front camera does.
 */
import { seededRandom } from '../training/rng';
import type { Calibration } from './projection';

// One seeded generator for the whole code base, so failures reproduce the same way everywhere.
export { seededRandom };

/** A standard normal draw (Box-Muller) from a uniform source. */
export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A 320x240 camera 0.88 m from the table centre, pitched 45 degrees down (the sim's front camera). */
export const TABLE_CAMERA: Calibration = {
  intrinsics: { fx: 257.34, fy: 257.34, cx: 160, cy: 120 },
  extrinsics: {
    rotation: [0, -1, 0, -0.6958, 0, -0.7182, 0.7182, 0, -0.6958],
    translation: [0, 0.0139, 0.8767],
  },
};
