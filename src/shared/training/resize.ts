/**
 * Area-averaging resize of RGB bytes to size x size, the filter the training frames went through
 * (ffmpeg's scale=...:flags=area in src/core/training/data/decodeSquare.ts), so that the policy sees
 * rendered frames the way it saw the dataset's video: squashed to a square, each output pixel the
 * coverage-weighted mean of the source pixels under it.
 */
export function areaResizeSquare(rgb: Uint8Array, width: number, height: number, size: number): Uint8Array {
  if (rgb.length !== width * height * 3) throw new Error(`image has ${rgb.length} bytes, ${width}x${height} RGB needs ${width * height * 3}`);
  if (width === size && height === size) return rgb;
  const xs = spans(width, size);
  const ys = spans(height, size);
  const out = new Uint8Array(size * size * 3);
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      let r = 0, g = 0, b = 0, total = 0;
      for (const [sy, wy] of ys[oy]!) {
        for (const [sx, wx] of xs[ox]!) {
          const w = wx * wy;
          const i = (sy * width + sx) * 3;
          r += rgb[i]! * w;
          g += rgb[i + 1]! * w;
          b += rgb[i + 2]! * w;
          total += w;
        }
      }
      const o = (oy * size + ox) * 3;
      out[o] = Math.round(r / total);
      out[o + 1] = Math.round(g / total);
      out[o + 2] = Math.round(b / total);
    }
  }
  return out;
}

/** For each output index, the source indices it covers with their coverage (also upscaling: one source pixel). */
function spans(source: number, size: number): [number, number][][] {
  const scale = source / size;
  return Array.from({ length: size }, (_, o) => {
    const start = o * scale;
    const end = start + scale;
    const cover: [number, number][] = [];
    for (let s = Math.floor(start); s < Math.min(source, Math.ceil(end)); s++) {
      const w = Math.min(end, s + 1) - Math.max(start, s);
      if (w > 1e-9) cover.push([s, w]);
    }
    return cover;
  });
}
