import { BoxGeometry } from '../../../shared/contract/annotations';
import { clamp, dist, lerp, rectContains } from '../geometry';
import type { Handle, KindUtil } from '../types';

const CORNERS = ['nw', 'ne', 'sw', 'se'] as const;
type Corner = (typeof CORNERS)[number];

function corners(g: BoxGeometry): Handle[] {
  return [
    { id: 'nw', x: g.x1, y: g.y1 },
    { id: 'ne', x: g.x2, y: g.y1 },
    { id: 'sw', x: g.x1, y: g.y2 },
    { id: 'se', x: g.x2, y: g.y2 },
  ];
}

/** Order the corners so x1 < x2 and y1 < y2: dragging a corner past its opposite flips the box instead of breaking it. */
export function normalizeBox(g: BoxGeometry): BoxGeometry {
  return { x1: Math.min(g.x1, g.x2), y1: Math.min(g.y1, g.y2), x2: Math.max(g.x1, g.x2), y2: Math.max(g.y1, g.y2) };
}

/** The corner that ends up under the pointer after a drag that may have flipped the box. */
export function cornerAfterDrag(g: BoxGeometry, handle: string): Corner {
  const c = corners(g).find((h) => h.id === handle);
  if (!c) return 'se';
  const n = normalizeBox(g);
  const west = c.x <= n.x1;
  const north = c.y <= n.y1;
  return `${north ? 'n' : 's'}${west ? 'w' : 'e'}` as Corner;
}

export const boxUtil: KindUtil<BoxGeometry> = {
  kind: 'box',
  schema: BoxGeometry,
  spatial: true,
  create: (at, options) => {
    const s = options.size ?? 0;
    return { x1: at.x, y1: at.y, x2: at.x + s, y2: at.y + s };
  },
  hitTest(g, p, tolerance) {
    const corner = corners(g).find((h) => dist(h, p) <= tolerance);
    if (corner) return { part: 'handle', handle: corner.id };
    return rectContains(g, p, tolerance) ? { part: 'body' } : null;
  },
  handles: corners,
  move: (g, dx, dy) => ({ x1: g.x1 + dx, y1: g.y1 + dy, x2: g.x2 + dx, y2: g.y2 + dy }),
  dragHandle(g, handle, p) {
    const next = { ...g };
    if (handle.includes('w')) next.x1 = p.x;
    if (handle.includes('e')) next.x2 = p.x;
    if (handle.includes('n')) next.y1 = p.y;
    if (handle.includes('s')) next.y2 = p.y;
    return normalizeBox(next);
  },
  bounds: (g) => ({ ...g }),
  clampToImage: (g, w, h) => ({ x1: clamp(g.x1, 0, w), y1: clamp(g.y1, 0, h), x2: clamp(g.x2, 0, w), y2: clamp(g.y2, 0, h) }),
  validate(g, { width, height }) {
    if (![g.x1, g.y1, g.x2, g.y2].every(Number.isFinite)) return ['the box has a coordinate that is not a number'];
    const issues: string[] = [];
    if (g.x2 - g.x1 < 1 || g.y2 - g.y1 < 1)
      issues.push(`the box is degenerate (${(g.x2 - g.x1).toFixed(1)}x${(g.y2 - g.y1).toFixed(1)} px)`);
    if (g.x1 < 0 || g.y1 < 0 || g.x2 > width || g.y2 > height)
      issues.push(`the box reaches outside the ${width}x${height} image`);
    return issues;
  },
  render(g, style) {
    const ops: ReturnType<KindUtil<BoxGeometry>['render']> = [
      { type: 'rect', x: g.x1, y: g.y1, width: g.x2 - g.x1, height: g.y2 - g.y1, stroke: style.color, strokeWidth: 2 },
    ];
    if (style.label) ops.push({ type: 'text', x: g.x1, y: g.y1, text: style.label, color: style.color });
    if (style.selected)
      for (const h of corners(g)) ops.push({ type: 'circle', x: h.x, y: h.y, radius: 4, stroke: style.color, fill: '#fff' });
    return ops;
  },
  interpolate: (a, b, t) => ({ x1: lerp(a.x1, b.x1, t), y1: lerp(a.y1, b.y1, t), x2: lerp(a.x2, b.x2, t), y2: lerp(a.y2, b.y2, t) }),
};
