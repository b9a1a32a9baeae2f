import { describe, expect, it } from 'vitest';
import { det3, matMul, symmetricEigen } from './linalg';

describe('symmetricEigen', () => {
  it('recovers a known spectrum: A v = lambda v, ascending, orthonormal', () => {
    const n = 12;
    // A = B^T B is symmetric positive semi-definite, like the DLT's normal matrix.
    let seed = 3;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const b = Array.from({ length: 20 * n }, rand);
    const bt = Array.from({ length: n * 20 }, (_, i) => b[(i % 20) * n + Math.floor(i / 20)]!);
    const a = matMul(bt, b, n, 20, n);
    const { values, vectors } = symmetricEigen(a, n);
    for (let k = 1; k < n; k++) expect(values[k]!).toBeGreaterThanOrEqual(values[k - 1]!);
    vectors.forEach((vec, k) => {
      const av = matMul(a, vec, n, n, 1);
      av.forEach((x, i) => expect(x).toBeCloseTo(values[k]! * vec[i]!, 9));
      expect(vec.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 12);
    });
  });

  it('handles diagonal and rank-deficient matrices', () => {
    expect(symmetricEigen([3, 0, 0, 1], 2).values).toEqual([1, 3]);
    const { values } = symmetricEigen([1, 1, 1, 1], 2);
    expect(values[0]).toBeCloseTo(0, 14);
    expect(values[1]).toBeCloseTo(2, 14);
  });

  it('rejects a wrong size', () => {
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(/expected 4/);
  });
});

describe('det3', () => {
  it('is the determinant', () => {
    expect(det3([2, 0, 0, 0, 3, 0, 0, 0, 4])).toBe(24);
    expect(det3([1, 2, 3, 4, 5, 6, 7, 8, 9])).toBeCloseTo(0, 12);
  });
});
