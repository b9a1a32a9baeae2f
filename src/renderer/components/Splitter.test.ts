import { describe, expect, it } from 'vitest';
import { clampRatio } from './Splitter';

describe('clampRatio', () => {
  it('keeps both panes visible', () => {
    expect(clampRatio(0.5)).toBe(0.5);
    expect(clampRatio(0)).toBe(0.15);
    expect(clampRatio(2)).toBe(0.85);
    expect(clampRatio(Number.NaN)).toBe(0.5);
  });
});
