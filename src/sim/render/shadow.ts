/**
 * Shadows: each caster's hull points are pushed along the sun direction down onto the table, and the
 * convex outline of where they land is darkened. A slightly wider, lighter outline around it stands
 * in for the penumbra, which makes objects look like they rest on the table rather than float.
 */
import type { Pose } from '../meshPose';
import { NEAR, SUBPIXEL, type Rasteriser } from './rasterise';
import { LIGHT } from './shading';

const MAX_POINTS = 64;
/** How far the penumbra reaches past the hard outline, metres. */
const PENUMBRA = 0.006;
/** Fractions of 256 of the colour that survive the penumbra and then the core. */
const KEEP_PENUMBRA = 218;
const KEEP_CORE = 190;

export class ShadowCaster {
  private readonly px = new Float64Array(MAX_POINTS);
  private readonly py = new Float64Array(MAX_POINTS);
  private readonly order = new Int32Array(MAX_POINTS);
  private readonly hull = new Int32Array(2 * MAX_POINTS + 1);
  private readonly sx = new Float64Array(2 * MAX_POINTS);
  private readonly sy = new Float64Array(2 * MAX_POINTS);

  constructor(
    private readonly raster: Rasteriser,
    /** World-to-camera pose of the camera. */
    private readonly view: Pose,
    private readonly fx: number,
    private readonly fy: number,
    private readonly cx: number,
    private readonly cy: number,
  ) {}

  /** Casts the shadow of `points` (x, y, z each, in the frame that pose maps to the world). */
  cast(points: Float64Array, count: number, pose: Pose, mask: Uint8Array, stamp: Uint32Array, frame: number): void {
    const n = Math.min(count, MAX_POINTS);
    const kx = LIGHT[0] / LIGHT[2];
    const ky = LIGHT[1] / LIGHT[2];
    for (let i = 0; i < n; i++) {
      const x = points[3 * i]!;
      const y = points[3 * i + 1]!;
      const z = points[3 * i + 2]!;
      const wz = pose[8]! * x + pose[9]! * y + pose[10]! * z + pose[11]!;
      const h = wz > 0 ? wz : 0;
      this.px[i] = pose[0]! * x + pose[1]! * y + pose[2]! * z + pose[3]! - kx * h;
      this.py[i] = pose[4]! * x + pose[5]! * y + pose[6]! * z + pose[7]! - ky * h;
      this.order[i] = i;
    }
    const m = this.convexHull(n);
    if (m < 3) return;
    let cxw = 0;
    let cyw = 0;
    for (let i = 0; i < m; i++) {
      cxw += this.px[this.hull[i]!]!;
      cyw += this.py[this.hull[i]!]!;
    }
    cxw /= m;
    cyw /= m;
    if (!this.projectOutline(m, cxw, cyw, PENUMBRA)) return;
    this.fan(m, mask, stamp, 2 * frame, KEEP_PENUMBRA);
    this.projectOutline(m, cxw, cyw, 0);
    this.fan(m, mask, stamp, 2 * frame + 1, KEEP_CORE);
  }

  /** Projects the hull, grown by `grow` metres away from its centre, into 1/16 pixels. */
  private projectOutline(m: number, cxw: number, cyw: number, grow: number): boolean {
    const v = this.view;
    for (let i = 0; i < m; i++) {
      let x = this.px[this.hull[i]!]!;
      let y = this.py[this.hull[i]!]!;
      if (grow > 0) {
        const dx = x - cxw;
        const dy = y - cyw;
        const d = Math.sqrt(dx * dx + dy * dy);
        if (d > 0) {
          x += (dx / d) * grow;
          y += (dy / d) * grow;
        }
      }
      const cz = v[8]! * x + v[9]! * y + v[11]!;
      if (cz < NEAR) return false;
      this.sx[i] = Math.round((this.fx * (v[0]! * x + v[1]! * y + v[3]!) / cz + this.cx) * SUBPIXEL);
      this.sy[i] = Math.round((this.fy * (v[4]! * x + v[5]! * y + v[7]!) / cz + this.cy) * SUBPIXEL);
    }
    return true;
  }

  private fan(m: number, mask: Uint8Array, stamp: Uint32Array, frame: number, keep: number): void {
    const { sx, sy } = this;
    for (let i = 1; i + 1 < m; i++) {
      this.raster.darken(sx[0]!, sy[0]!, sx[i]!, sy[i]!, sx[i + 1]!, sy[i + 1]!, mask, stamp, frame, keep);
    }
  }

  /** Andrew's monotone chain over the first n points; leaves the hull's indices in this.hull. */
  private convexHull(n: number): number {
    const { px, py, order, hull } = this;
    for (let i = 1; i < n; i++) {
      const o = order[i]!;
      let j = i - 1;
      while (j >= 0 && (px[order[j]!]! > px[o]! || (px[order[j]!]! === px[o]! && py[order[j]!]! > py[o]!))) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = o;
    }
    const turn = (a: number, b: number, c: number) =>
      (px[b]! - px[a]!) * (py[c]! - py[a]!) - (py[b]! - py[a]!) * (px[c]! - px[a]!);
    let k = 0;
    for (let i = 0; i < n; i++) {
      while (k >= 2 && turn(hull[k - 2]!, hull[k - 1]!, order[i]!) <= 0) k--;
      hull[k++] = order[i]!;
    }
    for (let i = n - 2, lower = k + 1; i >= 0; i--) {
      while (k >= lower && turn(hull[k - 2]!, hull[k - 1]!, order[i]!) <= 0) k--;
      hull[k++] = order[i]!;
    }
    return k - 1;
  }
}
