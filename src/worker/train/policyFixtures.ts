/**
 * Reproducible random batches as the data pipeline builds them (data/batches.ts: plain typed arrays, no
 * tensors), for the policy threads' tests and benchmark.
 */
import { GROUNDING_KINDS, TARGET_SIZE } from '../../shared/training/samples';
import { MAX_TARGET, type ActionBatch, type GroundingBatch } from '../data/batches';
import type { GroundingKind, PolicyConfig } from '../model/config';
import { lcg } from '../model/testing';

const pixels = (c: PolicyConfig) => c.cameras * c.imageSize * c.imageSize * 3;

/** Text of 3 to 6 tokens, then padding. */
function tokens(c: PolicyConfig, n: number, next: () => number): Int32Array {
  const ids = new Int32Array(n * c.maxTextTokens);
  for (let i = 0; i < n; i++) for (let j = 0; j < Math.min(3 + (i % 4), c.maxTextTokens); j++) ids[i * c.maxTextTokens + j] = 1 + Math.floor(next() * (c.vocabSize - 1));
  return ids;
}

export function rawActionBatch(c: PolicyConfig, n: number, seed: number): ActionBatch {
  const next = lcg(seed);
  const { chunk, actionDim } = c.expert;
  return {
    size: n,
    images: new Float32Array(n * pixels(c)).map(next),
    tokens: tokens(c, n, next),
    actions: new Float32Array(n * chunk * actionDim).map(() => next() * 2 - 1),
    // Some samples end inside their chunk (mask 0), whose last action the loop holds.
    actionMask: new Float32Array(n * chunk).map((_, j) => (j % chunk < chunk - (j % 3) ? 1 : 0)),
    ...(c.stateDim > 0 && { states: new Float32Array(n * c.stateDim).map(() => next() * 2 - 1) }),
  };
}

/** One row per kind given, targets inside the image (boxes with sorted corners). */
export function rawGroundingBatch(c: PolicyConfig, kinds: readonly GroundingKind[], seed: number): GroundingBatch {
  const next = lcg(seed);
  const n = kinds.length;
  const targets = new Float32Array(n * MAX_TARGET);
  const targetMask = new Float32Array(n * MAX_TARGET);
  kinds.forEach((kind, i) => {
    for (let j = 0; j < TARGET_SIZE[kind]; j++) {
      targets[i * MAX_TARGET + j] = 0.1 + 0.8 * next();
      targetMask[i * MAX_TARGET + j] = 1;
    }
    if (kind === 'box') {
      const b = targets.subarray(i * MAX_TARGET, i * MAX_TARGET + 4);
      [b[0], b[2]] = [Math.min(b[0]!, b[2]!), Math.max(b[0]!, b[2]!)];
      [b[1], b[3]] = [Math.min(b[1]!, b[3]!), Math.max(b[1]!, b[3]!)];
    }
  });
  return { size: n, images: new Float32Array(n * pixels(c)).map(next), tokens: tokens(c, n, next), targets, targetMask, kinds: Int32Array.from(kinds, (k) => GROUNDING_KINDS.indexOf(k)) };
}
