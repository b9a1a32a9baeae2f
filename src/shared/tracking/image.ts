/**
 * Grey-level images for the trackers: one float per pixel, row-major. Coordinates follow the
 * annotations (pixel centres at integer + 0.5), so array pixel (i, j) is sampled at (i + 0.5, j + 0.5).
 */

export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Luma (BT.601 weights, the matrix the sample videos are tagged with) from packed RGB or RGBA bytes. */
export function toGrey(pixels: ArrayLike<number>, width: number, height: number, channels: 3 | 4 = 4): GreyImage {
  const n = width * height;
  if (pixels.length < n * channels) throw new Error(`toGrey: ${width}x${height}x${channels} needs ${n * channels} bytes, got ${pixels.length}`);
  const data = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += channels) data[i] = 0.299 * pixels[j]! + 0.587 * pixels[j + 1]! + 0.114 * pixels[j + 2]!;
  return { width, height, data };
}

/** Bilinear sample at annotation coordinates (x, y); outside the image the nearest edge pixel repeats. */
export function sample(image: GreyImage, x: number, y: number): number {
  const { width, height, data } = image;
  const fx = Math.min(Math.max(x - 0.5, 0), width - 1);
  const fy = Math.min(Math.max(y - 0.5, 0), height - 1);
  const x0 = Math.min(Math.floor(fx), width - 2 < 0 ? 0 : width - 2);
  const y0 = Math.min(Math.floor(fy), height - 2 < 0 ? 0 : height - 2);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const ax = fx - x0;
  const ay = fy - y0;
  const top = data[y0 * width + x0]! * (1 - ax) + data[y0 * width + x1]! * ax;
  const bottom = data[y1 * width + x0]! * (1 - ax) + data[y1 * width + x1]! * ax;
  return top * (1 - ay) + bottom * ay;
}

/**
 * Halves an image with the [1 3 3 1]/8 kernel in each direction. The kernel is centred between pixels
 * 2i and 2i+1, so coordinates scale by exactly 1/2 between levels (a plain "take every other pixel"
 * would shift each level by a quarter pixel).
 */
export function halve(image: GreyImage): GreyImage {
  const { width, height, data } = image;
  const w = Math.max(1, width >> 1);
  const h = Math.max(1, height >> 1);
  const clampX = (x: number) => (x < 0 ? 0 : x >= width ? width - 1 : x);
  const clampY = (y: number) => (y < 0 ? 0 : y >= height ? height - 1 : y);
  const rows = new Float32Array(w * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let i = 0; i < w; i++) {
      const x = 2 * i;
      rows[y * w + i] = (data[row + clampX(x - 1)]! + 3 * data[row + x]! + 3 * data[row + clampX(x + 1)]! + data[row + clampX(x + 2)]!) / 8;
    }
  }
  const out = new Float32Array(w * h);
  for (let j = 0; j < h; j++) {
    const y = 2 * j;
    const [a, b, c, d] = [clampY(y - 1), y, clampY(y + 1), clampY(y + 2)];
    for (let i = 0; i < w; i++) out[j * w + i] = (rows[a * w + i]! + 3 * rows[b * w + i]! + 3 * rows[c * w + i]! + rows[d * w + i]!) / 8;
  }
  return { width: w, height: h, data: out };
}

/** One level of a pyramid: the image and its Scharr gradients (per pixel, same layout). */
export interface PyramidLevel {
  image: GreyImage;
  dx: GreyImage;
  dy: GreyImage;
}

function scharr(image: GreyImage): { dx: GreyImage; dy: GreyImage } {
  const { width, height, data } = image;
  const dx = new Float32Array(width * height);
  const dy = new Float32Array(width * height);
  const at = (x: number, y: number) => data[Math.min(Math.max(y, 0), height - 1) * width + Math.min(Math.max(x, 0), width - 1)]!;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [tl, t, tr, l, r, bl, b, br] = [at(x - 1, y - 1), at(x, y - 1), at(x + 1, y - 1), at(x - 1, y), at(x + 1, y), at(x - 1, y + 1), at(x, y + 1), at(x + 1, y + 1)];
      // Scharr's kernel (3, 10, 3)/32: the most rotation-invariant 3x3 derivative, what LK trackers use.
      dx[y * width + x] = (3 * (tr - tl) + 10 * (r - l) + 3 * (br - bl)) / 32;
      dy[y * width + x] = (3 * (bl - tl) + 10 * (b - t) + 3 * (br - tr)) / 32;
    }
  }
  return { dx: { width, height, data: dx }, dy: { width, height, data: dy } };
}

/** Levels from full size down; stops early once a level would be smaller than `minSize` pixels. */
export function buildPyramid(image: GreyImage, levels = 3, minSize = 16): PyramidLevel[] {
  const out: PyramidLevel[] = [];
  let current = image;
  for (let l = 0; l < levels; l++) {
    out.push({ image: current, ...scharr(current) });
    if (Math.min(current.width, current.height) < 2 * minSize) break;
    current = halve(current);
  }
  return out;
}
