/**
 * The little linear algebra the geometry needs, without a dependency: a symmetric eigen-solver (cyclic
 * Jacobi) for the DLT's 12x12 normal matrix, and 3x3 helpers. Jacobi is slow for big matrices but
 * unconditionally stable and accurate to machine precision for small symmetric ones, which is the
 * only case here.
 */

export type Vec3 = readonly [number, number, number];

export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: number[];
  /** vectors[k] is the unit eigenvector of values[k]. */
  vectors: number[][];
}

/** Eigen-decomposition of a symmetric n x n matrix given row-major; the input is not modified. */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  if (matrix.length !== n * n) throw new Error(`symmetricEigen: expected ${n * n} entries, got ${matrix.length}`);
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i]! * a[i * n + i]!;
      for (let j = i + 1; j < n; j++) off += a[i * n + j]! * a[i * n + j]!;
    }
    // Converged when the off-diagonal mass is negligible next to the diagonal (or the matrix is zero).
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        // The rotation angle that zeroes a[p][q], in the numerically stable form (Golub & Van Loan 8.4).
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i]! - a[j * n + j]!);
  return {
    values: order.map((i) => a[i * n + i]!),
    vectors: order.map((i) => Array.from({ length: n }, (_, k) => v[k * n + i]!)),
  };
}

/** Determinant of a row-major 3x3 matrix. */
export function det3(m: ArrayLike<number>): number {
  return (
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!)
  );
}

/** Row-major product of an (r x k) and a (k x c) matrix. */
export function matMul(a: ArrayLike<number>, b: ArrayLike<number>, r: number, k: number, c: number): number[] {
  const out = new Array<number>(r * c).fill(0);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) for (let m = 0; m < k; m++) out[i * c + j]! += a[i * k + m]! * b[m * c + j]!;
  return out;
}
