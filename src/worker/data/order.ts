/**
 * Which samples a step trains on. The order of an epoch is a seeded shuffle of (seed, stream, epoch),
 * and step n always means the same batch, so a run resumed at step n sees exactly the data it would have.
 */
import { mixSeed, seededRandom, shuffledIndices } from '../../shared/training/rng';

export interface BatchStream {
  /** Full batches per epoch (a short last batch is dropped: the model's batch dimension is fixed). */
  readonly batchesPerEpoch: number;
  /** The sample indices of global step `step`, and the epoch it falls in. */
  at(step: number): { epoch: number; indices: number[] };
}

export function epochOrder(count: number, seed: number, stream: number, epoch: number): number[] {
  return shuffledIndices(count, seededRandom(mixSeed(seed, stream, epoch)));
}

/** `stream` tells apart the action and grounding streams of one run, so they shuffle independently. */
export function batchStream(count: number, batchSize: number, seed: number, stream = 0): BatchStream {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  if (count < batchSize) throw new Error(`${count} samples cannot fill one batch of ${batchSize}`);
  const batchesPerEpoch = Math.floor(count / batchSize);
  let cached: { epoch: number; order: number[] } | null = null;
  return {
    batchesPerEpoch,
    at(step) {
      if (!Number.isInteger(step) || step < 0) throw new Error(`step must be a non-negative integer, got ${step}`);
      const epoch = Math.floor(step / batchesPerEpoch);
      if (cached?.epoch !== epoch) cached = { epoch, order: epochOrder(count, seed, stream, epoch) };
      const start = (step % batchesPerEpoch) * batchSize;
      return { epoch, indices: cached.order.slice(start, start + batchSize) };
    },
  };
}
