/**
 * Success-rate statistics shared by the sim's suite reports, the worker's evaluation records and the
 * Rollouts page, so all three print the same interval for the same counts.
 */

/** z for a two-sided 95 percent interval. */
export const Z_95 = 1.959963984540054;

function count(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
}

/**
 * Wilson score interval for a success rate: unlike the normal approximation it stays inside [0, 1]
 * and is honest for small n and rates near 0 or 1, which is where policy evaluations live.
 * With no trials nothing is known, so the interval is [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): [number, number] {
  count('trial count', n);
  count('success count', successes);
  if (successes > n) throw new RangeError(`success count ${successes} exceeds trial count ${n}`);
  if (!(Number.isFinite(z) && z > 0)) throw new RangeError(`z must be a positive finite number, got ${z}`);
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Exact at the ends: the interval must include the observed rate.
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}
