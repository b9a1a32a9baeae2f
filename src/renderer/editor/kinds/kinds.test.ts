import { describe, expect, it } from 'vitest';
import { boxUtil, cornerAfterDrag } from './box';
import { pointUtil } from './point';
import { KIND_UTILS, validateAnnotation } from './registry';
import { segmentUtil } from './segment';
import { setKeyframe, trackSpan, valueAt } from './track';
import { ANNOTATION_KINDS, type BoxGeometry, type TrackGeometry } from '../../../shared/contract/annotations';

const style = { color: '#f00', selected: false, scale: 1 };
const ctx = { width: 640, height: 480, length: 100 };

describe('registry', () => {
  it('has one util per contract kind, each naming its own kind', () => {
    expect(Object.keys(KIND_UTILS).sort()).toEqual([...ANNOTATION_KINDS].sort());
    for (const k of ANNOTATION_KINDS) expect(KIND_UTILS[k].kind).toBe(k);
  });

  it('reports frames beyond the episode and backwards segments', () => {
    const a = { id: 'a', kind: 'point' as const, camera: 'c', labelId: null, frame: 120, geometry: { x: 1, y: 1, role: 'other' as const } };
    expect(validateAnnotation(a, ctx)).toEqual(['frame 120 is beyond the episode\'s 100 frames']);
    const s = { id: 's', kind: 'segment' as const, camera: null, labelId: null, frame: 10, endFrame: 5, geometry: segmentUtil.create({ x: 0, y: 0 }, { frame: 0 }) };
    expect(validateAnnotation(s, ctx)[0]).toMatch(/before it starts/);
  });
});

describe('point', () => {
  const p = pointUtil.create({ x: 10, y: 20 }, { frame: 0 });
  it('hits within tolerance only, as its single handle', () => {
    expect(pointUtil.hitTest(p, { x: 13, y: 20 }, 4)).toEqual({ part: 'handle', handle: 'center' });
    expect(pointUtil.hitTest(p, { x: 15, y: 20 }, 4)).toBeNull();
  });
  it('moves, drags, clamps and interpolates', () => {
    expect(pointUtil.move(p, 5, -5)).toMatchObject({ x: 15, y: 15 });
    expect(pointUtil.dragHandle(p, 'center', { x: 1, y: 2 })).toMatchObject({ x: 1, y: 2 });
    expect(pointUtil.clampToImage({ ...p, x: -3, y: 900 }, 640, 480)).toMatchObject({ x: 0, y: 480 });
    expect(pointUtil.interpolate!(p, { ...p, x: 20, y: 40 }, 0.5)).toMatchObject({ x: 15, y: 30 });
  });
  it('validates with clear messages', () => {
    expect(pointUtil.validate(p, ctx)).toEqual([]);
    expect(pointUtil.validate({ ...p, x: 700 }, ctx)[0]).toMatch(/outside the 640x480 image/);
    expect(pointUtil.validate({ ...p, x: NaN }, ctx)[0]).toMatch(/not a number/);
  });
  it('renders a circle and its label', () => {
    const ops = pointUtil.render(p, { ...style, label: 'cup' });
    expect(ops.map((o) => o.type)).toEqual(['circle', 'text']);
  });
});

describe('box', () => {
  const b: BoxGeometry = { x1: 10, y1: 10, x2: 50, y2: 30 };
  it('hits corners before the body, and misses outside', () => {
    expect(boxUtil.hitTest(b, { x: 49, y: 31 }, 3)).toEqual({ part: 'handle', handle: 'se' });
    expect(boxUtil.hitTest(b, { x: 30, y: 20 }, 3)).toEqual({ part: 'body' });
    expect(boxUtil.hitTest(b, { x: 60, y: 20 }, 3)).toBeNull();
  });
  it('keeps x1 < x2 when a corner is dragged past its opposite', () => {
    const flipped = boxUtil.dragHandle(b, 'se', { x: 0, y: 5 });
    expect(flipped).toEqual({ x1: 0, y1: 5, x2: 10, y2: 10 });
    expect(cornerAfterDrag({ x1: 10, y1: 10, x2: 0, y2: 5 }, 'se')).toBe('nw');
    expect(boxUtil.dragHandle(b, 'nw', { x: 0, y: 0 })).toEqual({ x1: 0, y1: 0, x2: 50, y2: 30 });
  });
  it('moves, bounds, clamps, interpolates', () => {
    expect(boxUtil.move(b, 1, 2)).toEqual({ x1: 11, y1: 12, x2: 51, y2: 32 });
    expect(boxUtil.bounds(b)).toEqual(b);
    expect(boxUtil.clampToImage({ x1: -5, y1: 0, x2: 700, y2: 10 }, 640, 480)).toEqual({ x1: 0, y1: 0, x2: 640, y2: 10 });
    expect(boxUtil.interpolate!(b, boxUtil.move(b, 10, 0), 0.5).x1).toBe(15);
  });
  it('reports degenerate and outside boxes', () => {
    expect(boxUtil.validate(b, ctx)).toEqual([]);
    expect(boxUtil.validate({ x1: 5, y1: 5, x2: 5, y2: 40 }, ctx)[0]).toMatch(/degenerate/);
    expect(boxUtil.validate({ x1: 600, y1: 5, x2: 700, y2: 40 }, ctx)[0]).toMatch(/outside/);
  });
  it('draws handles only when selected', () => {
    expect(boxUtil.render(b, style).filter((o) => o.type === 'circle')).toHaveLength(0);
    expect(boxUtil.render(b, { ...style, selected: true }).filter((o) => o.type === 'circle')).toHaveLength(4);
  });
});

describe('segment', () => {
  it('is not spatial: no hit, no bounds, nothing drawn', () => {
    const s = segmentUtil.create({ x: 0, y: 0 }, { frame: 0 });
    expect(segmentUtil.spatial).toBe(false);
    expect(segmentUtil.hitTest(s, { x: 0, y: 0 }, 10)).toBeNull();
    expect(segmentUtil.bounds(s)).toBeNull();
    expect(segmentUtil.render(s, style)).toEqual([]);
  });
});

describe('track values', () => {
  const at = (x: number) => ({ x, y: 0, role: 'other' as const });
  let t: TrackGeometry = { keyframes: [{ frame: 10, value: at(0), source: 'manual' }] };
  t = setKeyframe(t, 20, at(10));
  t = setKeyframe(t, 30, null);
  const v = (f: number) => valueAt(t, f) as { x: number } | null;
  it('is absent before the first keyframe, interpolated between, absent after a null keyframe', () => {
    expect(v(5)).toBeNull();
    expect(v(15)!.x).toBeCloseTo(5);
    expect(v(25)!.x).toBe(10);
    expect(v(30)).toBeNull();
    expect(trackSpan(t, 99)).toEqual([10, 30]);
    expect(trackSpan(setKeyframe(t, 30, at(3)), 99)).toEqual([10, 99]);
  });
});
