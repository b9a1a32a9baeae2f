/**
 * Maps an episode's frame numbers to samples of the mp4. Frame i is the i-th sample in presentation
 * order (by composition time, after the edit list) counted from the first frame at `fromTimestamp`:
 * decode order differs whenever the encoder used B-frames, and v3.0 files hold many episodes.
 *
 * A "rank" is a sample's position in presentation order over the whole track; it is also the
 * timestamp we give the decoder, so every decoded frame says which frame it is.
 */

export interface SampleInfo {
  /** Composition time, in the track's timescale. */
  cts: number;
  isSync: boolean;
  /** Byte offset of the sample in the file. */
  offset: number;
  size: number;
}

export interface TrackTiming {
  timescale: number;
  /** Media time where presentation starts (the first non-empty edit's media_time; 0 without edits). */
  mediaTime: number;
  /** Presentation delay before the media starts (empty edits), in seconds. */
  emptyEditSeconds: number;
}

export interface FrameIndex {
  /** Frames of the episode in this camera. */
  readonly length: number;
  /** Rank of episode frame 0. */
  readonly firstRank: number;
  readonly decodeOfRank: Int32Array;
  readonly rankOfDecode: Int32Array;
  /**
   * The sync sample (keyframe) a decode must start from to reach decode index d. A leading picture
   * of an open GOP (decoded after its keyframe, shown before it) needs the GOP before as well.
   */
  readonly keyOfDecode: Int32Array;
  /** Longest run of samples from one keyframe to the next: the worst seek's decode work. */
  readonly maxGop: number;
  readonly samples: readonly SampleInfo[];
}

export interface FrameIndexInput {
  samples: readonly SampleInfo[];
  timing: TrackTiming;
  fromTimestamp: number;
  fps: number;
  /** Frames the dataset says the episode has; 0 or less means "to the end of the file". */
  frameCount: number;
}

/** Presentation time of a sample in seconds, edit list applied. */
export function presentationSeconds(cts: number, timing: TrackTiming): number {
  return (cts - timing.mediaTime) / timing.timescale + timing.emptyEditSeconds;
}

export function buildFrameIndex(input: FrameIndexInput): FrameIndex {
  const { samples, timing } = input;
  const count = samples.length;
  const decodeOfRank = new Int32Array(count);
  const order = Array.from({ length: count }, (_, d) => d);
  order.sort((a, b) => samples[a]!.cts - samples[b]!.cts || a - b);
  const rankOfDecode = new Int32Array(count);
  order.forEach((d, rank) => {
    decodeOfRank[rank] = d;
    rankOfDecode[d] = rank;
  });

  const keyOfDecode = new Int32Array(count);
  let key = 0;
  let maxGop = count > 0 ? 1 : 0;
  for (let d = 0; d < count; d++) {
    if (samples[d]!.isSync) key = d;
    const leading = d > key && key > 0 && rankOfDecode[d]! < rankOfDecode[key]!;
    keyOfDecode[d] = leading ? keyOfDecode[key - 1]! : key;
    maxGop = Math.max(maxGop, d - keyOfDecode[d]! + 1);
  }

  // Dataset timestamps are rounded floats: the frame nearest `fromTimestamp` is the episode's first,
  // so anything within half a frame period before it counts as "at".
  const tolerance = input.fps > 0 ? 0.5 / input.fps : 1e-3;
  let firstRank = 0;
  while (firstRank < count && presentationSeconds(samples[decodeOfRank[firstRank]!]!.cts, timing) < input.fromTimestamp - tolerance) {
    firstRank++;
  }
  const available = count - firstRank;
  const length = input.frameCount > 0 ? Math.min(input.frameCount, available) : available;
  return { length, firstRank, decodeOfRank, rankOfDecode, keyOfDecode, maxGop, samples };
}
