import { describe, expect, it } from 'vitest';
import { areaResizeSquare } from './resize';

const image = (w: number, h: number, pixel: (x: number, y: number) => [number, number, number]) => {
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.set(pixel(x, y), (y * w + x) * 3);
  return out;
};

describe('areaResizeSquare', () => {
  it('averages the source pixels under each output pixel, squashing to a square', () => {
    // 4x2 → 2x2: each output pixel is the mean of two horizontal neighbours.
    const src = image(4, 2, (x, y) => [x * 60, y * 100, 10]);
    expect([...areaResizeSquare(src, 4, 2, 2)]).toEqual([30, 0, 10, 150, 0, 10, 30, 100, 10, 150, 100, 10]);
  });

  it('weights pixels a fractional edge covers (320x240 → 64: 3.75 rows per output row)', () => {
    const src = image(320, 240, (_x, y) => (y < 120 ? [0, 0, 0] : [255, 255, 255]));
    const out = areaResizeSquare(src, 320, 240, 64);
    const row = (y: number) => out[y * 64 * 3]!;
    expect(row(0)).toBe(0);
    expect(row(63)).toBe(255);
    // Output row 32 covers source rows 120..123.75: all white; row 31 covers 116.25..120: all black.
    expect([row(31), row(32)]).toEqual([0, 255]);
    expect(areaResizeSquare(src, 320, 240, 64)).toHaveLength(64 * 64 * 3);
  });

  it('passes a frame of the right size through and refuses a wrong byte count', () => {
    const src = image(8, 8, () => [1, 2, 3]);
    expect(areaResizeSquare(src, 8, 8, 8)).toBe(src);
    expect(() => areaResizeSquare(src, 8, 4, 4)).toThrow('image has 192 bytes, 8x4 RGB needs 96');
  });
});
