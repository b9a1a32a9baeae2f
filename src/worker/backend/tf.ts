/**
 * The worker's one door to TensorFlow.js: tfjs-core with every gradient registered. Import `tf` from
 * here, never '@tensorflow/tfjs-core' directly, or `tf.grad` finds no gradient functions (see
 * vendor/build-gradients.mjs for why they are vendored).
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';

// A plain require: the file is CommonJS, and bundlers and test runners must not rewrite it.
createRequire(import.meta.url)('./vendor/tfjs-core-gradients.cjs');

export { tf };
