/**
 * Per-episode feature statistics in the shape LeRobot v2.1 writes to meta/episodes_stats.jsonl:
 * min/max/mean/std (population std, as numpy's default) and count per feature; image statistics are
 * per channel in [0, 1] with shape [3, 1, 1].
 */

export interface FeatureStats {
  min: number[] | number[][][];
  max: number[] | number[][][];
  mean: number[] | number[][][];
  std: number[] | number[][][];
  count: [number];
}

/** Sums in float64 per dimension; enough precision for episodes of a few thousand frames. */
class Moments {
  readonly min: number[];
  readonly max: number[];
  private readonly sum: number[];
  private readonly sumSq: number[];
  count = 0;

  constructor(readonly dims: number) {
    this.min = new Array<number>(dims).fill(Infinity);
    this.max = new Array<number>(dims).fill(-Infinity);
    this.sum = new Array<number>(dims).fill(0);
    this.sumSq = new Array<number>(dims).fill(0);
  }

  addAt(dim: number, value: number): void {
    if (value < this.min[dim]!) this.min[dim] = value;
    if (value > this.max[dim]!) this.max[dim] = value;
    this.sum[dim]! += value;
    this.sumSq[dim]! += value * value;
  }

  mergeSums(dim: number, sum: number, sumSq: number, min: number, max: number): void {
    if (min < this.min[dim]!) this.min[dim] = min;
    if (max > this.max[dim]!) this.max[dim] = max;
    this.sum[dim]! += sum;
    this.sumSq[dim]! += sumSq;
  }

  mean(samples: number): number[] {
    return this.sum.map((s) => s / samples);
  }

  std(samples: number): number[] {
    return this.sum.map((s, d) => {
      const mean = s / samples;
      return Math.sqrt(Math.max(0, this.sumSq[d]! / samples - mean * mean));
    });
  }
}

export class VectorStats {
  private readonly moments: Moments;

  constructor(dims: number) {
    this.moments = new Moments(dims);
  }

  add(values: ArrayLike<number>): void {
    if (values.length !== this.moments.dims) {
      throw new Error(`stats: expected ${this.moments.dims} values, got ${values.length}`);
    }
    for (let d = 0; d < values.length; d++) this.moments.addAt(d, values[d]!);
    this.moments.count++;
  }

  result(): FeatureStats {
    const n = this.moments.count;
    return { min: [...this.moments.min], max: [...this.moments.max], mean: this.moments.mean(n), std: this.moments.std(n), count: [n] };
  }
}

/**
 * RGB frame statistics. Like LeRobot, frames wider or taller than 300 px are subsampled with a stride
 * that brings them near 150 px; that keeps the cost per frame small and the numbers the same in spirit.
 */
export class ImageStats {
  private readonly moments = new Moments(3);
  private pixels = 0;
  private frames = 0;
  private readonly stride: number;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    const side = Math.max(width, height);
    this.stride = side < 300 ? 1 : Math.floor(side / 150);
  }

  /** One pass over the pixels with integer sums (exact: 255^2 * 4096^2 fits easily in a double). */
  add(rgb: Uint8Array): void {
    const { width, height, stride } = this;
    let r = 0, g = 0, b = 0, rr = 0, gg = 0, bb = 0;
    let rMin = 255, gMin = 255, bMin = 255, rMax = 0, gMax = 0, bMax = 0;
    const step = stride * 3;
    for (let y = 0; y < height; y += stride) {
      const end = (y + 1) * width * 3;
      for (let i = y * width * 3; i < end; i += step) {
        const vr = rgb[i]!, vg = rgb[i + 1]!, vb = rgb[i + 2]!;
        r += vr; g += vg; b += vb;
        rr += vr * vr; gg += vg * vg; bb += vb * vb;
        if (vr < rMin) rMin = vr;
        if (vr > rMax) rMax = vr;
        if (vg < gMin) gMin = vg;
        if (vg > gMax) gMax = vg;
        if (vb < bMin) bMin = vb;
        if (vb > bMax) bMax = vb;
      }
    }
    const sq = 255 * 255;
    this.moments.mergeSums(0, r / 255, rr / sq, rMin / 255, rMax / 255);
    this.moments.mergeSums(1, g / 255, gg / sq, gMin / 255, gMax / 255);
    this.moments.mergeSums(2, b / 255, bb / sq, bMin / 255, bMax / 255);
    this.pixels += Math.ceil(height / stride) * Math.ceil(width / stride);
    this.frames++;
  }

  result(): FeatureStats {
    const perChannel = (values: number[]) => values.map((v) => [[v]]);
    return {
      min: perChannel(this.moments.min),
      max: perChannel(this.moments.max),
      mean: perChannel(this.moments.mean(this.pixels)),
      std: perChannel(this.moments.std(this.pixels)),
      count: [this.frames],
    };
  }
}
