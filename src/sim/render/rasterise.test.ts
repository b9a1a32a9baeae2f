import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { Rasteriser, SUBPIXEL } from './rasterise';

const W = 48;
const H = 40;

/** A fan of triangles around a centre: every pixel centre inside the polygon must be hit exactly once. */
function coverage(seed: number): { counts: number[]; inside: boolean[] } {
  const rng = new Rng(seed);
  const raster = new Rasteriser({ fx: 1, fy: 1, cx: 0, cy: 0, width: W, height: H });
  raster.colour.fill(255);
  const mask = new Uint8Array(W * H).fill(1);
  const stamp = new Uint32Array(W * H);
  // Corners on whole and half pixels too, so that pixel centres land exactly on shared edges.
  const snap = (v: number) => Math.round(v * 2) * (SUBPIXEL / 2);
  const centre = [snap(rng.uniform(15, 30)), snap(rng.uniform(15, 25))] as const;
  // At least 4 corners, each within its own quarter turn or less, so no wedge spans more than 180 degrees.
  const n = 4 + rng.int(8);
  const corners: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * (i + rng.uniform(0.2, 0.8))) / n;
    const r = rng.uniform(8, 30);
    corners.push([snap(centre[0] / SUBPIXEL + r * Math.cos(a)), snap(centre[1] / SUBPIXEL + r * Math.sin(a))]);
  }
  for (let i = 0; i < n; i++) {
    const p = corners[i]!;
    const q = corners[(i + 1) % n]!;
    raster.darken(centre[0], centre[1], p[0], p[1], q[0], q[1], mask, stamp, i + 1, 128);
  }
  const counts: number[] = [];
  const inside: boolean[] = [];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = raster.colour[3 * (y * W + x)]!;
      counts.push(v === 255 ? 0 : v === 127 ? 1 : 2);
      const px = x * SUBPIXEL + SUBPIXEL / 2;
      const py = y * SUBPIXEL + SUBPIXEL / 2;
      // Strictly inside every triangle-fan wedge's outer edge and the star's angular range: a convex
      // test is enough when the corners go round once (they do, by construction).
      let strictly = true;
      let sign = 0;
      for (let i = 0; i < n; i++) {
        const p = corners[i]!;
        const q = corners[(i + 1) % n]!;
        const cross = (q[0] - p[0]) * (py - p[1]) - (q[1] - p[1]) * (px - p[0]);
        if (cross === 0) strictly = false;
        if (sign === 0) sign = Math.sign(cross);
        else if (Math.sign(cross) !== sign) strictly = false;
      }
      inside.push(strictly && isConvex(corners));
    }
  }
  return { counts, inside };
}

function isConvex(c: [number, number][]): boolean {
  let sign = 0;
  for (let i = 0; i < c.length; i++) {
    const [a, b, d] = [c[i]!, c[(i + 1) % c.length]!, c[(i + 2) % c.length]!];
    const s = Math.sign((b[0] - a[0]) * (d[1] - b[1]) - (b[1] - a[1]) * (d[0] - b[0]));
    if (s !== 0 && sign !== 0 && s !== sign) return false;
    if (s !== 0) sign = s;
  }
  return true;
}

describe('Rasteriser coverage rule', () => {
  it('covers no pixel twice where triangles share an edge, and leaves no hole', () => {
    let doubles = 0;
    let holes = 0;
    let checked = 0;
    for (let seed = 0; seed < 60; seed++) {
      const { counts, inside } = coverage(seed);
      counts.forEach((c, i) => {
        if (c > 1) doubles++;
        if (inside[i]) {
          checked++;
          if (c !== 1) holes++;
        }
      });
    }
    expect(doubles).toBe(0);
    expect(holes).toBe(0);
    expect(checked).toBeGreaterThan(10000);
  });

  it('draws nearer triangles over farther ones whatever the order', () => {
    const raster = new Rasteriser({ fx: 1, fy: 1, cx: 0, cy: 0, width: 8, height: 8 });
    const s = SUBPIXEL;
    const red = new Uint8Array([255, 0, 0]);
    const blue = new Uint8Array([0, 0, 255]);
    // Both cover the whole 8x8 image; 1/z is 2 (near) for red, 1 (far) for blue.
    raster.fill(0, 0, 2, 16 * s, 0, 2, 0, 16 * s, 2, red, 0);
    raster.fill(0, 0, 1, 16 * s, 0, 1, 0, 16 * s, 1, blue, 0);
    expect([...raster.colour.slice(0, 3)]).toEqual([255, 0, 0]);
  });
});
