import { tf } from './tf';

export interface MatmulWork {
  /** Floating-point operations done. */
  flops: number;
  /** Wall-clock time taken. */
  seconds: number;
}

/**
 * size×size matrix products on the current backend and thread for about `seconds`: the peak a
 * training step's share is measured against.
 */
export function matmulWork(size: number, seconds: number): MatmulWork {
  const a = tf.randomUniform([size, size]);
  const b = tf.randomUniform([size, size]);
  // Braces, not an arrow's value: tidy() walks what it returns, and a typed array's every element.
  const product = () => tf.tidy(() => {
    tf.matMul(a, b).dataSync();
  });
  product(); // warm-up: first-call operator setup and allocation
  let runs = 0;
  const start = performance.now();
  while (runs < 1 || performance.now() - start < seconds * 1000) {
    product();
    runs++;
  }
  const elapsed = (performance.now() - start) / 1000;
  tf.dispose([a, b]);
  return { flops: runs * 2 * size ** 3, seconds: elapsed };
}
