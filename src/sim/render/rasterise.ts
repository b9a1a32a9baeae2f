/**
 * Z-buffered triangle rasterisation into RGB bytes.
 *
 * Vertices are snapped to 1/16 pixel, so the edge functions are exact integers and the coverage rule
 * (pixel centres at +0.5, top-left edges in, others out) decides every pixel the same way on every
 * machine. Depth is 1/z interpolated across the screen (it is linear there), larger is nearer.
 * Each triangle is walked as one span per row, the span's ends found by exact division, so no pixel
 * outside the triangle is tested.
 */
import type { Mesh } from '../mesh';
import type { Pose } from '../meshPose';
import type { Intrinsics } from '../types';

export const SUBPIXEL = 16;
const HALF = SUBPIXEL / 2;
/** Triangles are clipped to z >= NEAR (metres) in front of the camera before projection. */
export const NEAR = 0.02;
/** Past this (in 1/16 px) edge products could lose integer exactness; only absurd inputs get here. */
const LIMIT = 2 ** 24;

export class Rasteriser {
  readonly width: number;
  readonly height: number;
  /** The frame being drawn; set by the caller before drawing. */
  colour: Uint8Array;
  readonly depth: Float32Array;
  private readonly fx: number;
  private readonly fy: number;
  private readonly cx: number;
  private readonly cy: number;
  // Per-vertex scratch, grown to the largest mesh drawn.
  private camX = new Float64Array(0);
  private camY = new Float64Array(0);
  private camZ = new Float64Array(0);
  private scrX = new Float64Array(0);
  private scrY = new Float64Array(0);
  private invZ = new Float64Array(0);
  private readonly clipped = new Float64Array(4 * 3);
  private readonly spanLo: Int32Array;
  private readonly spanHi: Int32Array;
  /** First row and pixel column of the last triangle set up by spans(). */
  private rowMin = 0;
  private colMin = 0;

  constructor(intrinsics: Intrinsics) {
    this.width = intrinsics.width;
    this.height = intrinsics.height;
    this.fx = intrinsics.fx;
    this.fy = intrinsics.fy;
    this.cx = intrinsics.cx;
    this.cy = intrinsics.cy;
    this.colour = new Uint8Array(this.width * this.height * 3);
    this.depth = new Float32Array(this.width * this.height);
    this.spanLo = new Int32Array(this.height);
    this.spanHi = new Int32Array(this.height);
  }

  /** Draws a mesh; view maps its vertices into camera coordinates, rgb holds a colour per triangle. */
  drawMesh(mesh: Mesh, view: Pose, rgb: Uint8Array): void {
    const pos = mesh.positions;
    const n = pos.length / 3;
    if (this.camX.length < n) this.grow(n);
    const { camX, camY, camZ, scrX, scrY, invZ, fx, fy, cx, cy } = this;
    const m0 = view[0]!, m1 = view[1]!, m2 = view[2]!, m3 = view[3]!;
    const m4 = view[4]!, m5 = view[5]!, m6 = view[6]!, m7 = view[7]!;
    const m8 = view[8]!, m9 = view[9]!, m10 = view[10]!, m11 = view[11]!;
    for (let i = 0; i < n; i++) {
      const px = pos[3 * i]!;
      const py = pos[3 * i + 1]!;
      const pz = pos[3 * i + 2]!;
      const x = m0 * px + m1 * py + m2 * pz + m3;
      const y = m4 * px + m5 * py + m6 * pz + m7;
      const z = m8 * px + m9 * py + m10 * pz + m11;
      camX[i] = x;
      camY[i] = y;
      camZ[i] = z;
      if (z >= NEAR) {
        const iz = 1 / z;
        invZ[i] = iz;
        scrX[i] = Math.round((fx * x * iz + cx) * SUBPIXEL);
        scrY[i] = Math.round((fy * y * iz + cy) * SUBPIXEL);
      }
    }
    const tris = mesh.triangles;
    const count = tris.length / 3;
    for (let t = 0; t < count; t++) {
      // The mesh winds counter-clockwise seen from outside; on a y-down screen that is clockwise,
      // which is the positive-area orientation below, once the second and third vertex swap.
      const a = tris[3 * t]!;
      const b = tris[3 * t + 2]!;
      const c = tris[3 * t + 1]!;
      const inA = camZ[a]! >= NEAR;
      const inB = camZ[b]! >= NEAR;
      const inC = camZ[c]! >= NEAR;
      if (inA && inB && inC) {
        this.fill(scrX[a]!, scrY[a]!, invZ[a]!, scrX[b]!, scrY[b]!, invZ[b]!, scrX[c]!, scrY[c]!, invZ[c]!, rgb, 3 * t);
      } else if (inA || inB || inC) {
        this.clipAndFill(a, b, c, rgb, 3 * t);
      }
    }
  }

  /** Cuts the part of a triangle behind the near plane away and fills what is left (3 or 4 corners). */
  private clipAndFill(a: number, b: number, c: number, rgb: Uint8Array, at: number): void {
    const out = this.clipped;
    let k = 0;
    const corners = [a, b, c];
    for (let i = 0; i < 3; i++) {
      const p = corners[i]!;
      const q = corners[(i + 1) % 3]!;
      const zp = this.camZ[p]!;
      const zq = this.camZ[q]!;
      if (zp >= NEAR) {
        out[k++] = this.camX[p]!;
        out[k++] = this.camY[p]!;
        out[k++] = zp;
      }
      if (zp >= NEAR !== zq >= NEAR) {
        const s = (NEAR - zp) / (zq - zp);
        out[k++] = this.camX[p]! + s * (this.camX[q]! - this.camX[p]!);
        out[k++] = this.camY[p]! + s * (this.camY[q]! - this.camY[p]!);
        out[k++] = NEAR;
      }
    }
    const corner = (i: number): [number, number, number] => {
      const iz = 1 / out[3 * i + 2]!;
      return [
        Math.round((this.fx * out[3 * i]! * iz + this.cx) * SUBPIXEL),
        Math.round((this.fy * out[3 * i + 1]! * iz + this.cy) * SUBPIXEL),
        iz,
      ];
    };
    const first = corner(0);
    let prev = corner(1);
    for (let i = 2; i < k / 3; i++) {
      const next = corner(i);
      this.fill(first[0], first[1], first[2], prev[0], prev[1], prev[2], next[0], next[1], next[2], rgb, at);
      prev = next;
    }
  }

  /** Depth-tested fill of one triangle in 1/16-pixel coordinates with 1/z at each corner. */
  fill(
    x0: number, y0: number, z0: number,
    x1: number, y1: number, z1: number,
    x2: number, y2: number, z2: number,
    rgb: Uint8Array, at: number,
  ): void {
    const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (!(area > 0)) return;
    const rows = this.spans(x0, y0, x1, y1, x2, y2);
    if (rows === 0) return;
    // 1/z as a plane over pixel indices: iz = base + col * dx + row * dy.
    const inv = 1 / area;
    const dx = -((y2 - y1) * z0 + (y0 - y2) * z1 + (y1 - y0) * z2) * SUBPIXEL * inv;
    const dy = ((x2 - x1) * z0 + (x0 - x2) * z1 + (x1 - x0) * z2) * SUBPIXEL * inv;
    const sx = this.colMin * SUBPIXEL + HALF;
    const sy = this.rowMin * SUBPIXEL + HALF;
    const w0 = (x2 - x1) * (sy - y1) - (y2 - y1) * (sx - x1);
    const w1 = (x0 - x2) * (sy - y2) - (y0 - y2) * (sx - x2);
    const w2 = (x1 - x0) * (sy - y0) - (y1 - y0) * (sx - x0);
    const base = (w0 * z0 + w1 * z1 + w2 * z2) * inv;
    const r = rgb[at]!;
    const g = rgb[at + 1]!;
    const b = rgb[at + 2]!;
    const { depth, colour, width, spanLo, spanHi } = this;
    for (let j = 0; j < rows; j++) {
      const lo = spanLo[j]!;
      const hi = spanHi[j]!;
      if (lo > hi) continue;
      const rowStart = (this.rowMin + j) * width + this.colMin;
      let iz = base + j * dy + lo * dx;
      for (let i = rowStart + lo, end = rowStart + hi; i <= end; i++) {
        if (iz > depth[i]!) {
          depth[i] = iz;
          const o = 3 * i;
          colour[o] = r;
          colour[o + 1] = g;
          colour[o + 2] = b;
        }
        iz += dx;
      }
    }
  }

  /**
   * Finds, for each pixel row the triangle touches, the first and last covered column (relative to
   * colMin). The triangle must have positive area. Returns the number of rows, 0 when none is covered.
   */
  spans(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number): number {
    if (Math.abs(x0) > LIMIT || Math.abs(x1) > LIMIT || Math.abs(x2) > LIMIT) return 0;
    if (Math.abs(y0) > LIMIT || Math.abs(y1) > LIMIT || Math.abs(y2) > LIMIT) return 0;
    const colMin = Math.max(0, Math.ceil((Math.min(x0, x1, x2) - HALF) / SUBPIXEL));
    const colMax = Math.min(this.width - 1, Math.floor((Math.max(x0, x1, x2) - HALF) / SUBPIXEL));
    const rowMin = Math.max(0, Math.ceil((Math.min(y0, y1, y2) - HALF) / SUBPIXEL));
    const rowMax = Math.min(this.height - 1, Math.floor((Math.max(y0, y1, y2) - HALF) / SUBPIXEL));
    if (colMin > colMax || rowMin > rowMax) return 0;
    this.colMin = colMin;
    this.rowMin = rowMin;
    // Top-left rule: a pixel centre exactly on an edge belongs to the triangle only if the edge is a
    // top edge (horizontal, interior below) or a left edge; the -1 turns ">= 0" into "> 0" otherwise.
    const bias0 = y2 - y1 < 0 || (y2 === y1 && x2 > x1) ? 0 : -1;
    const bias1 = y0 - y2 < 0 || (y0 === y2 && x0 > x2) ? 0 : -1;
    const bias2 = y1 - y0 < 0 || (y1 === y0 && x1 > x0) ? 0 : -1;
    const sx = colMin * SUBPIXEL + HALF;
    const sy = rowMin * SUBPIXEL + HALF;
    let w0 = (x2 - x1) * (sy - y1) - (y2 - y1) * (sx - x1) + bias0;
    let w1 = (x0 - x2) * (sy - y2) - (y0 - y2) * (sx - x2) + bias1;
    let w2 = (x1 - x0) * (sy - y0) - (y1 - y0) * (sx - x0) + bias2;
    const a0 = -(y2 - y1) * SUBPIXEL;
    const a1 = -(y0 - y2) * SUBPIXEL;
    const a2 = -(y1 - y0) * SUBPIXEL;
    const b0 = (x2 - x1) * SUBPIXEL;
    const b1 = (x0 - x2) * SUBPIXEL;
    const b2 = (x1 - x0) * SUBPIXEL;
    const last = colMax - colMin;
    const rows = rowMax - rowMin + 1;
    for (let j = 0; j < rows; j++) {
      let lo = 0;
      let hi = last;
      // Each edge value is w + k * a at column k; keep the k where all three are >= 0.
      if (a0 > 0) { if (w0 < 0) lo = Math.max(lo, Math.ceil(-w0 / a0)); }
      else if (a0 < 0) hi = Math.min(hi, Math.floor(w0 / -a0));
      else if (w0 < 0) hi = -1;
      if (a1 > 0) { if (w1 < 0) lo = Math.max(lo, Math.ceil(-w1 / a1)); }
      else if (a1 < 0) hi = Math.min(hi, Math.floor(w1 / -a1));
      else if (w1 < 0) hi = -1;
      if (a2 > 0) { if (w2 < 0) lo = Math.max(lo, Math.ceil(-w2 / a2)); }
      else if (a2 < 0) hi = Math.min(hi, Math.floor(w2 / -a2));
      else if (w2 < 0) hi = -1;
      this.spanLo[j] = lo;
      this.spanHi[j] = hi;
      w0 += b0;
      w1 += b1;
      w2 += b2;
    }
    return rows;
  }

  /**
   * Darkens the pixels of a triangle (either winding) to keep/256 of their colour where mask is set
   * and stamp is below level, then raises stamp to level. Levels only grow (penumbra, then core, then
   * the next frame's), so overlapping shadows darken a pixel once per level, never twice.
   */
  darken(
    x0: number, y0: number, x1: number, y1: number, x2: number, y2: number,
    mask: Uint8Array, stamp: Uint32Array, level: number, keep: number,
  ): void {
    const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (area === 0) return;
    const rows = area > 0 ? this.spans(x0, y0, x1, y1, x2, y2) : this.spans(x0, y0, x2, y2, x1, y1);
    const { colour, width, spanLo, spanHi } = this;
    for (let j = 0; j < rows; j++) {
      const rowStart = (this.rowMin + j) * width + this.colMin;
      for (let i = rowStart + spanLo[j]!, end = rowStart + spanHi[j]!; i <= end; i++) {
        if (mask[i] === 0 || stamp[i]! >= level) continue;
        stamp[i] = level;
        const o = 3 * i;
        colour[o] = (colour[o]! * keep) >> 8;
        colour[o + 1] = (colour[o + 1]! * keep) >> 8;
        colour[o + 2] = (colour[o + 2]! * keep) >> 8;
      }
    }
  }

  private grow(n: number): void {
    this.camX = new Float64Array(n);
    this.camY = new Float64Array(n);
    this.camZ = new Float64Array(n);
    this.scrX = new Float64Array(n);
    this.scrY = new Float64Array(n);
    this.invZ = new Float64Array(n);
  }
}
