/**
 * A fingerprint of one raw RGB frame, taken before video encoding (which is lossy), so that a replay
 * can prove it re-rendered exactly what the policy saw. Two independent 32-bit FNV-1a lanes over the
 * bytes plus the length: collisions between different renders are not a practical concern.
 */
export function hashFrame(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    const v = bytes[i]!;
    a = Math.imul(a ^ v, 0x01000193);
    b = Math.imul(b ^ v, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}-${bytes.length}`;
}
