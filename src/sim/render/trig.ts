/**
 * Sine and cosine from +, *, / and Math.round only. ECMAScript lets Math.sin and Math.cos differ in the
 * last bit between engines, and a last-bit difference can move a rasterised edge by a pixel; these give
 * the same bits everywhere, so a scene renders to the same bytes in Node, a worker or any browser.
 */

const HALF_PI_HI = 1.5707963267341256; // pi/2 split in two so that x - q * pi/2 loses no bits
const HALF_PI_LO = 6.077100506506192e-11;
const TWO_OVER_PI = 0.6366197723675814;

export function detSin(x: number): number {
  return quadrant(x, 0);
}

export function detCos(x: number): number {
  return quadrant(x, 1);
}

/** Reduces x to [-pi/4, pi/4] around a multiple q of pi/2 and picks the polynomial for quadrant q + shift. */
function quadrant(x: number, shift: number): number {
  if (!Number.isFinite(x)) return NaN;
  const q = Math.round(x * TWO_OVER_PI);
  const r = x - q * HALF_PI_HI - q * HALF_PI_LO;
  const k = (((q + shift) % 4) + 4) % 4;
  if (k === 0) return sinPoly(r);
  if (k === 1) return cosPoly(r);
  if (k === 2) return -sinPoly(r);
  return -cosPoly(r);
}

/** Taylor series to degree 15; on |r| <= pi/4 the truncation error is below 1e-16. */
function sinPoly(r: number): number {
  const r2 = r * r;
  return (
    r *
    (1 +
      r2 *
        (-1 / 6 +
          r2 *
            (1 / 120 +
              r2 * (-1 / 5040 + r2 * (1 / 362880 + r2 * (-1 / 39916800 + r2 * (1 / 6227020800 + r2 * (-1 / 1307674368000))))))))
  );
}

function cosPoly(r: number): number {
  const r2 = r * r;
  return (
    1 +
    r2 *
      (-1 / 2 +
        r2 *
          (1 / 24 +
            r2 * (-1 / 720 + r2 * (1 / 40320 + r2 * (-1 / 3628800 + r2 * (1 / 479001600 + r2 * (-1 / 87178291200)))))))
  );
}
