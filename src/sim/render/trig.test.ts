import { describe, expect, it } from 'vitest';
import { detCos, detSin } from './trig';

describe('detSin / detCos', () => {
  it('agree with Math.sin and Math.cos to a few units in the last place', () => {
    for (let i = -2000; i <= 2000; i++) {
      const x = i * 0.01234567;
      expect(Math.abs(detSin(x) - Math.sin(x))).toBeLessThan(2e-15);
      expect(Math.abs(detCos(x) - Math.cos(x))).toBeLessThan(2e-15);
    }
  });

  it('are exact where it matters for axis-aligned poses', () => {
    expect(detSin(0)).toBe(0);
    expect(detCos(0)).toBe(1);
    expect(detSin(Math.PI / 2)).toBe(1);
    expect(detCos(Math.PI)).toBe(-1);
    expect(detSin(Number.NaN)).toBeNaN();
  });
});
