/** Percentiles and a seeded random source, so that runs of the bench are comparable. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** `count` frames in [0, length), each far (≥ a tenth of the episode) from the one before. */
export function randomFarFrames(count: number, length: number, random: () => number): number[] {
  const frames: number[] = [];
  let previous = 0;
  while (frames.length < count) {
    const frame = Math.floor(random() * length);
    if (Math.abs(frame - previous) < length / 10) continue;
    frames.push(frame);
    previous = frame;
  }
  return frames;
}
