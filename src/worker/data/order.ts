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

/**
 * Batches that draw each dataset in proportion to weight × its sample count (weight 1 everywhere is
 * plain batchStream's mix). Each slot's dataset is drawn from (seed, stream, step); within a dataset the
 * samples come in its own seeded epoch order, without repeats until it is used up. Where each dataset's
 * order stands at step n follows from the draws of steps 0..n-1, which are replayed on a jump back (a
 * resume), so step n always means the same batch.
 */
export function weightedBatchStream(groupOf: readonly number[], weightOf: ReadonlyMap<number, number>, batchSize: number, seed: number, stream = 0): BatchStream {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  if (groupOf.length < batchSize) throw new Error(`${groupOf.length} samples cannot fill one batch of ${batchSize}`);
  const groups = [...new Set(groupOf)].sort((a, b) => a - b);
  const members = groups.map((g) => [...groupOf.keys()].filter((i) => groupOf[i] === g));
  const cumulative: number[] = [];
  let mass = 0;
  groups.forEach((g, i) => {
    const weight = weightOf.get(g) ?? 1;
    if (!(weight > 0)) throw new Error(`dataset ${g} has weight ${weight}; weights must be positive`);
    cumulative.push((mass += weight * members[i]!.length));
  });
  const batchesPerEpoch = Math.floor(groupOf.length / batchSize);
  const slotGroups = (step: number): number[] => {
    const random = seededRandom(mixSeed(seed, stream, 0xa11, step));
    return Array.from({ length: batchSize }, () => {
      const u = random() * mass;
      const g = cumulative.findIndex((c) => u < c);
      return g < 0 ? groups.length - 1 : g;
    });
  };
  const orders = groups.map(() => ({ epoch: -1, order: [] as number[] }));
  const sample = (g: number, k: number): number => {
    const n = members[g]!.length;
    const epoch = Math.floor(k / n);
    if (orders[g]!.epoch !== epoch) orders[g] = { epoch, order: epochOrder(n, seed, mixSeed(stream, groups[g]!), epoch) };
    return members[g]![orders[g]!.order[k % n]!]!;
  };
  // How many samples of each dataset steps 0..step-1 took.
  let cursor = { step: 0, drawn: groups.map(() => 0) };
  return {
    batchesPerEpoch,
    at(step) {
      if (!Number.isInteger(step) || step < 0) throw new Error(`step must be a non-negative integer, got ${step}`);
      if (step < cursor.step) cursor = { step: 0, drawn: groups.map(() => 0) };
      while (cursor.step < step) {
        for (const g of slotGroups(cursor.step)) cursor.drawn[g]! += 1;
        cursor.step += 1;
      }
      const drawn = cursor.drawn.slice();
      const indices = slotGroups(step).map((g) => sample(g, drawn[g]!++));
      return { epoch: Math.floor(step / batchesPerEpoch), indices };
    },
  };
}

/**
 * The batch order of a run's samples: weighted across datasets when the run gives them different
 * weights, otherwise plain batchStream (so runs without weights keep their exact batches).
 */
export function runBatchStream(
  samples: readonly { episodeId: number }[],
  datasetOf: ReadonlyMap<number, number>,
  weights: readonly { id: number; weight: number }[],
  batchSize: number,
  seed: number,
  stream = 0,
): BatchStream {
  const groupOf = samples.map((s) => datasetOf.get(s.episodeId) ?? -1);
  const present = new Set(groupOf);
  const weightOf = new Map(weights.filter((w) => present.has(w.id)).map((w) => [w.id, w.weight]));
  const uneven = present.size > 1 && [...present].some((g) => (weightOf.get(g) ?? 1) !== 1);
  return uneven ? weightedBatchStream(groupOf, weightOf, batchSize, seed, stream) : batchStream(samples.length, batchSize, seed, stream);
}
