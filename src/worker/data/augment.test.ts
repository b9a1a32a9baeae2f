import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/training/rng';
import { ACTION_AUGMENT, DEFAULT_AUGMENT, IDENTITY, augmentImage, drawAugmentation, mapBox, mapPoint, type RgbImage } from './augment';

const W = 64;
const H = 48;

/** A grey image with one bright 3 x 3 square centred on (cx, cy) (pixel centres). */
function spotImage(cx: number, cy: number): RgbImage {
  const data = new Uint8Array(W * H * 3).fill(40);
  for (let y = cy - 1; y <= cy + 1; y++) for (let x = cx - 1; x <= cx + 1; x++) data.fill(250, (y * W + x) * 3, (y * W + x) * 3 + 3);
  return { data, width: W, height: H };
}

/** The brightness-weighted centre of the spot, in continuous pixel coordinates. */
function spotCentre(data: Uint8Array): [number, number] {
  let sx = 0, sy = 0, sum = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = Math.max(0, data[(y * W + x) * 3]! - 120);
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
      sum += v;
    }
  }
  return [sx / sum, sy / sum];
}

describe('augmentation', () => {
  it('leaves the image alone with the identity', () => {
    const image = spotImage(20, 20);
    expect(augmentImage(image, IDENTITY)).toEqual(image.data);
  });

  it('moves nothing in action batches, whose labels cannot move with the image, but still changes colours', () => {
    const random = seededRandom(9);
    const image = spotImage(30, 22);
    const [cx, cy] = spotCentre(image.data);
    let recoloured = 0;
    for (let trial = 0; trial < 20; trial++) {
      const a = drawAugmentation(random, W, H, ACTION_AUGMENT);
      const out = augmentImage(image, a);
      const [gx, gy] = spotCentre(out);
      expect(Math.hypot(gx - cx, gy - cy)).toBeLessThan(1e-6);
      if (out.some((v, i) => v !== image.data[i])) recoloured++;
    }
    expect(recoloured).toBeGreaterThan(15);
  });

  it('moves a known point together with the image', () => {
    const random = seededRandom(5);
    for (let trial = 0; trial < 20; trial++) {
      const a = drawAugmentation(random, W, H, { ...DEFAULT_AUGMENT, brightness: 0, contrast: 0, saturation: 0 });
      const image = spotImage(30, 22);
      const [ex, ey] = mapPoint(a, W, H, 30.5, 22.5);
      const [gx, gy] = spotCentre(augmentImage(image, a));
      expect(Math.hypot(gx - ex, gy - ey)).toBeLessThan(0.35);
    }
  });

  it('zooms by the crop scale around the shifted centre', () => {
    const a = { ...IDENTITY, scale: 0.5, shiftX: 4, shiftY: -2 };
    expect(mapPoint(a, W, H, W / 2 + 4, H / 2 - 2)).toEqual([W / 2, H / 2]);
    expect(mapPoint(a, W, H, W / 2 + 14, H / 2 - 2)).toEqual([W / 2 + 20, H / 2]);
    expect(mapBox(a, W, H, [W / 2 + 4, H / 2 - 2, W / 2 + 14, H / 2 + 3])).toEqual([W / 2, H / 2, W / 2 + 20, H / 2 + 10]);
    expect(mapBox({ ...IDENTITY, shiftX: 30 }, W, H, [0, 0, 10, 10])).toBeNull();
  });

  it('jitters colour without moving anything, and draws the same with the same seed', () => {
    const image = spotImage(10, 10);
    const a = { ...IDENTITY, brightness: 1.2, contrast: 0.8, saturation: 0.5 };
    const out = augmentImage(image, a);
    expect(out).not.toEqual(image.data);
    const [x, y] = spotCentre(out);
    expect(Math.hypot(x - 10.5, y - 10.5)).toBeLessThan(0.01);
    expect(drawAugmentation(seededRandom(9), W, H)).toEqual(drawAugmentation(seededRandom(9), W, H));
  });
});
