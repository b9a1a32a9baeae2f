import { PointGeometry } from '../../../shared/contract/annotations';
import { clamp, dist, isFiniteVec, lerp } from '../geometry';
import type { KindUtil } from '../types';

export const pointUtil: KindUtil<PointGeometry> = {
  kind: 'point',
  schema: PointGeometry,
  spatial: true,
  create: (at) => ({ x: at.x, y: at.y, role: 'other' }),
  // A point is all handle: grabbing it anywhere within tolerance drags it.
  hitTest: (g, p, tolerance) => (dist(g, p) <= tolerance ? { part: 'handle', handle: 'center' } : null),
  handles: (g) => [{ id: 'center', x: g.x, y: g.y }],
  move: (g, dx, dy) => ({ ...g, x: g.x + dx, y: g.y + dy }),
  dragHandle: (g, _handle, p) => ({ ...g, x: p.x, y: p.y }),
  bounds: (g) => ({ x1: g.x, y1: g.y, x2: g.x, y2: g.y }),
  clampToImage: (g, w, h) => ({ ...g, x: clamp(g.x, 0, w), y: clamp(g.y, 0, h) }),
  validate(g, { width, height }) {
    if (!isFiniteVec(g)) return ['the point has a coordinate that is not a number'];
    if (g.x < 0 || g.y < 0 || g.x > width || g.y > height)
      return [`the point (${g.x.toFixed(1)}, ${g.y.toFixed(1)}) is outside the ${width}x${height} image`];
    return [];
  },
  render(g, style) {
    const r = style.selected ? 6 : 4;
    return [
      { type: 'circle', x: g.x, y: g.y, radius: r, stroke: '#000', fill: style.color },
      ...(style.label ? [{ type: 'text' as const, x: g.x + r * style.scale, y: g.y - r * style.scale, text: style.label, color: style.color }] : []),
    ];
  },
  interpolate: (a, b, t) => ({ ...a, x: lerp(a.x, b.x, t), y: lerp(a.y, b.y, t) }),
};
