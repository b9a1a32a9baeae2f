import { tf } from './tf';

/**
 * Floating-point operations per second of size×size matrix products on the current backend and
 * thread: the peak a training step's share is measured against.
 */
export function matmulRate(size: number, seconds: number): number {
  const a = tf.randomUniform([size, size]);
  const b = tf.randomUniform([size, size]);
  tf.tidy(() => tf.matMul(a, b).dataSync()); // warm-up: first-call compilation and allocation
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    tf.tidy(() => tf.matMul(a, b).dataSync());
    runs++;
  }
  const elapsed = (performance.now() - start) / 1000;
  tf.dispose([a, b]);
  return (runs * 2 * size ** 3) / elapsed;
}
