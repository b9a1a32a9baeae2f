/**
 * Pyramidal Lucas-Kanade for one point (Bouguet, "Pyramidal implementation of the Lucas Kanade feature
 * tracker", 2000): solve for the displacement of a small window coarse to fine, so motions larger than
 * the window are caught at the coarse levels and refined at full resolution.
 */
import { sample, type PyramidLevel } from './image';

export interface LkOptions {
  /** Half the window side: 7 means a 15 x 15 window. */
  halfWindow: number;
  iterations: number;
  /** Stop iterating when the update is below this (level pixels). */
  epsilon: number;
  /** Smallest eigenvalue of the window's structure tensor, per pixel; flatter windows cannot be tracked. */
  minEigen: number;
}

export const LK_DEFAULTS: LkOptions = { halfWindow: 7, iterations: 20, epsilon: 0.01, minEigen: 1e-3 };

export interface Point {
  x: number;
  y: number;
}

/**
 * Where the point went, or null when the window is textureless or leaves the image. `prior` is an
 * expected displacement (e.g. the last step's, for constant velocity), the search starts there.
 */
export function lucasKanade(from: PyramidLevel[], to: PyramidLevel[], p: Point, options: Partial<LkOptions> = {}, prior: Point = { x: 0, y: 0 }): Point | null {
  const { halfWindow: r, iterations, epsilon, minEigen } = { ...LK_DEFAULTS, ...options };
  const levels = Math.min(from.length, to.length);
  const side = 2 * r + 1;
  const template = new Float32Array(side * side);
  const gx = new Float32Array(side * side);
  const gy = new Float32Array(side * side);
  let guessX = prior.x / 2 ** (levels - 1);
  let guessY = prior.y / 2 ** (levels - 1);
  for (let level = levels - 1; level >= 0; level--) {
    const scale = 2 ** level;
    const { image, dx, dy } = from[level]!;
    const target = to[level]!.image;
    const px = p.x / scale;
    const py = p.y / scale;
    let gxx = 0;
    let gxy = 0;
    let gyy = 0;
    for (let j = -r, k = 0; j <= r; j++) {
      for (let i = -r; i <= r; i++, k++) {
        template[k] = sample(image, px + i, py + j);
        const ix = (gx[k] = sample(dx, px + i, py + j));
        const iy = (gy[k] = sample(dy, px + i, py + j));
        gxx += ix * ix;
        gxy += ix * iy;
        gyy += iy * iy;
      }
    }
    const det = gxx * gyy - gxy * gxy;
    const minEig = (gxx + gyy - Math.sqrt((gxx - gyy) ** 2 + 4 * gxy * gxy)) / 2 / (side * side);
    if (minEig < minEigen || det <= 0) return null;
    let vx = 0;
    let vy = 0;
    for (let it = 0; it < iterations; it++) {
      let bx = 0;
      let by = 0;
      const qx = px + guessX + vx;
      const qy = py + guessY + vy;
      for (let j = -r, k = 0; j <= r; j++) {
        for (let i = -r; i <= r; i++, k++) {
          const diff = template[k]! - sample(target, qx + i, qy + j);
          bx += diff * gx[k]!;
          by += diff * gy[k]!;
        }
      }
      const ex = (gyy * bx - gxy * by) / det;
      const ey = (gxx * by - gxy * bx) / det;
      vx += ex;
      vy += ey;
      if (ex * ex + ey * ey < epsilon * epsilon) break;
    }
    if (level > 0) {
      guessX = 2 * (guessX + vx);
      guessY = 2 * (guessY + vy);
    } else {
      guessX += vx;
      guessY += vy;
    }
  }
  const out = { x: p.x + guessX, y: p.y + guessY };
  const { width, height } = from[0]!.image;
  if (!Number.isFinite(out.x) || !Number.isFinite(out.y) || out.x < 0 || out.y < 0 || out.x > width || out.y > height) return null;
  return out;
}

/** Zero-mean normalised cross-correlation of the windows around a in `ia` and b in `ib`, in [-1, 1]. */
export function windowNcc(ia: PyramidLevel, a: Point, ib: PyramidLevel, b: Point, halfWindow: number): number {
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  let n = 0;
  for (let j = -halfWindow; j <= halfWindow; j++) {
    for (let i = -halfWindow; i <= halfWindow; i++, n++) {
      const va = sample(ia.image, a.x + i, a.y + j);
      const vb = sample(ib.image, b.x + i, b.y + j);
      sa += va;
      sb += vb;
      saa += va * va;
      sbb += vb * vb;
      sab += va * vb;
    }
  }
  const cov = sab - (sa * sb) / n;
  const varA = saa - (sa * sa) / n;
  const varB = sbb - (sb * sb) / n;
  return varA > 1e-9 && varB > 1e-9 ? cov / Math.sqrt(varA * varB) : 0;
}

export interface PointStep {
  /** Where the point went; null when it was lost. */
  point: Point | null;
  /** Distance between the start and the point tracked forward then back again (level-0 pixels). */
  forwardBackward: number;
  /** Appearance similarity of the windows before and after, in [-1, 1]. */
  ncc: number;
}

/** One step with a forward-backward check (Kalal et al. 2010): a point that does not come back was lost. */
export function trackPointStep(from: PyramidLevel[], to: PyramidLevel[], p: Point, options: Partial<LkOptions> = {}, prior?: Point): PointStep {
  const forward = lucasKanade(from, to, p, options, prior);
  if (!forward) return { point: null, forwardBackward: Infinity, ncc: 0 };
  const back = lucasKanade(to, from, forward, options, prior && { x: -prior.x, y: -prior.y });
  const forwardBackward = back ? Math.hypot(back.x - p.x, back.y - p.y) : Infinity;
  const ncc = windowNcc(from[0]!, p, to[0]!, forward, options.halfWindow ?? LK_DEFAULTS.halfWindow);
  return { point: forward, forwardBackward, ncc };
}
