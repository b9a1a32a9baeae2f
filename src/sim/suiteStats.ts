import { SimInputError, integerInRange } from './errors';

/** z for a two-sided 95 percent interval. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for a success rate: unlike the normal approximation it stays inside [0, 1]
 * and is honest for small n and rates near 0 or 1, which is where policy evaluations live.
 * With no trials nothing is known, so the interval is [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): [number, number] {
  integerInRange('trial count', n, 0, Number.MAX_SAFE_INTEGER);
  integerInRange('success count', successes, 0, Number.MAX_SAFE_INTEGER);
  if (successes > n) throw new SimInputError(`success count ${successes} exceeds trial count ${n}`);
  if (!(Number.isFinite(z) && z > 0)) throw new SimInputError(`z must be a positive finite number, got ${z}`);
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Exact at the ends: the interval must include the observed rate.
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}
