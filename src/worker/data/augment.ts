/**
 * Image augmentation with its labels: a small zoom-in crop and shift (one affine map for the pixels and
 * for every point, box and trajectory) and colour jitter (brightness, contrast, saturation). Draws come
 * from a seeded random source, so a resumed run repeats them.
 */

export interface RgbImage {
  /** Row-major RGB, width x height x 3. */
  data: Uint8Array;
  width: number;
  height: number;
}

export interface AugmentOptions {
  /** Largest shift, as a fraction of the image side. */
  maxShift: number;
  /** Smallest crop side as a fraction of the image (1 = no zoom). */
  minCropScale: number;
  /** Largest relative change of brightness, contrast and saturation. */
  brightness: number;
  contrast: number;
  saturation: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = { maxShift: 0.06, minCropScale: 0.9, brightness: 0.2, contrast: 0.2, saturation: 0.2 };
/**
 * Action batches move no pixel, only colours. The cameras are fixed and the actions and state are in
 * the robot's frame, so where an object sits in the image is where the robot must go: a shift of 6 %
 * (4 px at 64 px) is 7 cm on the table, when a grasp misses at 2 cm (bench/train/ceiling.ts). Grounding
 * batches keep the shifts and crops, whose labels move with the image.
 */
export const ACTION_AUGMENT: AugmentOptions = { maxShift: 0, minCropScale: 1, brightness: 0.2, contrast: 0.2, saturation: 0.2 };
export const NO_AUGMENT: AugmentOptions = { maxShift: 0, minCropScale: 1, brightness: 0, contrast: 0, saturation: 0 };

/**
 * One draw. The output pixel at u (continuous coordinates, pixel centres at +0.5) shows the source at
 * (u - c) * scale + c + shift, where c is the image centre: scale < 1 zooms into a crop.
 */
export interface Augmentation {
  scale: number;
  shiftX: number;
  shiftY: number;
  brightness: number;
  contrast: number;
  saturation: number;
}

export const IDENTITY: Augmentation = { scale: 1, shiftX: 0, shiftY: 0, brightness: 1, contrast: 1, saturation: 1 };

export function drawAugmentation(random: () => number, width: number, height: number, o: AugmentOptions = DEFAULT_AUGMENT): Augmentation {
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const scale = between(o.minCropScale, 1);
  // The crop stays inside the image unless the shift allowance is larger than the zoom's margin.
  return {
    scale,
    shiftX: between(-1, 1) * o.maxShift * width,
    shiftY: between(-1, 1) * o.maxShift * height,
    brightness: between(1 - o.brightness, 1 + o.brightness),
    contrast: between(1 - o.contrast, 1 + o.contrast),
    saturation: between(1 - o.saturation, 1 + o.saturation),
  };
}

/** Where a source point lands in the augmented image (pixel coordinates). */
export function mapPoint(a: Augmentation, width: number, height: number, x: number, y: number): [number, number] {
  return [(x - width / 2 - a.shiftX) / a.scale + width / 2, (y - height / 2 - a.shiftY) / a.scale + height / 2];
}

/** A box through the same map, clipped to the image; null when nothing of it is left in view. */
export function mapBox(a: Augmentation, width: number, height: number, box: readonly number[]): [number, number, number, number] | null {
  const [x1, y1] = mapPoint(a, width, height, box[0]!, box[1]!);
  const [x2, y2] = mapPoint(a, width, height, box[2]!, box[3]!);
  const clipped: [number, number, number, number] = [Math.max(0, x1), Math.max(0, y1), Math.min(width, x2), Math.min(height, y2)];
  return clipped[2] > clipped[0] && clipped[3] > clipped[1] ? clipped : null;
}

/** The augmented image: bilinear resampling with edge pixels repeated outside the source, then colour. */
export function augmentImage(image: RgbImage, a: Augmentation, out = new Uint8Array(image.data.length)): Uint8Array {
  const { data, width: w, height: h } = image;
  // Validation batches and augmentation-free runs: nothing to resample.
  if (a.scale === 1 && a.shiftX === 0 && a.shiftY === 0 && a.brightness === 1 && a.contrast === 1 && a.saturation === 1) {
    out.set(data);
    return out;
  }
  const geometric = a.scale !== 1 || a.shiftX !== 0 || a.shiftY !== 0;
  const pixel = new Float32Array(3);
  let mean = 0;
  const staging = new Float32Array(w * h * 3);
  for (let v = 0; v < h; v++) {
    const sy = (v + 0.5 - h / 2) * a.scale + h / 2 + a.shiftY - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    const ya = clamp(y0, h - 1);
    const yb = clamp(y0 + 1, h - 1);
    for (let u = 0; u < w; u++) {
      const o = (v * w + u) * 3;
      if (!geometric) {
        pixel[0] = data[o]!;
        pixel[1] = data[o + 1]!;
        pixel[2] = data[o + 2]!;
      } else {
        const sx = (u + 0.5 - w / 2) * a.scale + w / 2 + a.shiftX - 0.5;
        const x0 = Math.floor(sx);
        const fx = sx - x0;
        const xa = clamp(x0, w - 1);
        const xb = clamp(x0 + 1, w - 1);
        for (let c = 0; c < 3; c++) {
          const top = data[(ya * w + xa) * 3 + c]! * (1 - fx) + data[(ya * w + xb) * 3 + c]! * fx;
          const bottom = data[(yb * w + xa) * 3 + c]! * (1 - fx) + data[(yb * w + xb) * 3 + c]! * fx;
          pixel[c] = top * (1 - fy) + bottom * fy;
        }
      }
      // Saturation blends each pixel with its own grey; brightness scales; contrast pivots on the mean.
      const grey = 0.299 * pixel[0]! + 0.587 * pixel[1]! + 0.114 * pixel[2]!;
      for (let c = 0; c < 3; c++) {
        const value = (grey + (pixel[c]! - grey) * a.saturation) * a.brightness;
        staging[o + c] = value;
        mean += value;
      }
    }
  }
  mean /= staging.length || 1;
  for (let i = 0; i < staging.length; i++) out[i] = Math.max(0, Math.min(255, Math.round((staging[i]! - mean) * a.contrast + mean)));
  return out;
}

function clamp(i: number, max: number): number {
  return i < 0 ? 0 : i > max ? max : i;
}
