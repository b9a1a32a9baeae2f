import { TrajectoryGeometry } from '../../../shared/contract/annotations';
import { clamp, dist, isFiniteVec, projectOnSegment, type Vec } from '../geometry';
import type { DrawOp, KindUtil, Refusal } from '../types';

type Vertex = TrajectoryGeometry['points'][number];
type Edit = TrajectoryGeometry | Refusal;

const vertexHandle = (i: number): string => `v${i}`;
export const vertexIndexOf = (handle: string): number => (/^v\d+$/.test(handle) ? Number(handle.slice(1)) : -1);

/** The first vertex whose frame is earlier than the one before it, or -1: time on a trace only runs forward. */
export function firstBackwardsVertex(points: readonly Vertex[]): number {
  for (let i = 1; i < points.length; i++) if (points[i]!.frame < points[i - 1]!.frame) return i;
  return -1;
}

function ordered(g: TrajectoryGeometry, what: string): Edit {
  const bad = firstBackwardsVertex(g.points);
  if (bad < 0) return g;
  const prev = g.points[bad - 1]!.frame;
  return { refused: `${what} would put frame ${g.points[bad]!.frame} after frame ${prev}: vertex frames must not go backwards` };
}

/** Append a vertex placed on `frame`; refused when the trace already reaches a later frame. */
export function addVertex(g: TrajectoryGeometry, v: Vertex): Edit {
  return ordered({ ...g, points: [...g.points, v] }, `adding a vertex on frame ${v.frame}`);
}

/** Split edge i (vertices i and i+1) at p; the new vertex gets the frame proportional to where it sits. */
export function insertOnEdge(g: TrajectoryGeometry, edge: number, p: Vec): Edit {
  const a = g.points[edge];
  const b = g.points[edge + 1];
  if (!a || !b) return { refused: `the trajectory has no edge ${edge}` };
  const { t } = projectOnSegment(p, a, b);
  const frame = Math.round(a.frame + (b.frame - a.frame) * t);
  const points = [...g.points];
  points.splice(edge + 1, 0, { x: p.x, y: p.y, frame });
  return { ...g, points };
}

export function moveVertex(g: TrajectoryGeometry, index: number, p: Vec): Edit {
  if (!g.points[index]) return { refused: `the trajectory has no vertex ${index}` };
  return { ...g, points: g.points.map((v, i) => (i === index ? { ...v, x: p.x, y: p.y } : v)) };
}

export function setVertexFrame(g: TrajectoryGeometry, index: number, frame: number): Edit {
  if (!g.points[index]) return { refused: `the trajectory has no vertex ${index}` };
  return ordered({ ...g, points: g.points.map((v, i) => (i === index ? { ...v, frame } : v)) }, `setting vertex ${index} to frame ${frame}`);
}

export function deleteVertex(g: TrajectoryGeometry, index: number): Edit {
  if (!g.points[index]) return { refused: `the trajectory has no vertex ${index}` };
  if (g.points.length <= 2) return { refused: 'a trajectory keeps at least two vertices; delete the trajectory instead' };
  return { ...g, points: g.points.filter((_, i) => i !== index) };
}

export const trajectoryUtil: KindUtil<TrajectoryGeometry> = {
  kind: 'trajectory',
  schema: TrajectoryGeometry,
  spatial: true,
  // One vertex is a draft: the trajectory tool keeps adding until the user finishes it.
  create: (at, options) => ({ of: 'gripper', points: [{ x: at.x, y: at.y, frame: options.frame }] }),
  hitTest(g, p, tolerance) {
    const index = g.points.findIndex((v) => dist(v, p) <= tolerance);
    if (index >= 0) return { part: 'vertex', index, handle: vertexHandle(index) };
    let best: { index: number; distance: number; at: Vec } | null = null;
    for (let i = 0; i + 1 < g.points.length; i++) {
      const pr = projectOnSegment(p, g.points[i]!, g.points[i + 1]!);
      if (pr.distance <= tolerance && (!best || pr.distance < best.distance)) best = { index: i, distance: pr.distance, at: pr.at };
    }
    return best ? { part: 'edge', index: best.index, at: best.at } : null;
  },
  handles: (g) => g.points.map((v, i) => ({ id: vertexHandle(i), x: v.x, y: v.y })),
  move: (g, dx, dy) => ({ ...g, points: g.points.map((v) => ({ ...v, x: v.x + dx, y: v.y + dy })) }),
  dragHandle(g, handle, p) {
    const r = moveVertex(g, vertexIndexOf(handle), p);
    return 'refused' in r ? g : r;
  },
  bounds(g) {
    if (g.points.length === 0) return null;
    const xs = g.points.map((v) => v.x);
    const ys = g.points.map((v) => v.y);
    return { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
  },
  clampToImage: (g, w, h) => ({ ...g, points: g.points.map((v) => ({ ...v, x: clamp(v.x, 0, w), y: clamp(v.y, 0, h) })) }),
  validate(g, { width, height, length }) {
    const issues: string[] = [];
    if (g.points.length < 2) issues.push('a trajectory needs at least two vertices');
    g.points.forEach((v, i) => {
      if (!isFiniteVec(v)) issues.push(`vertex ${i} has a coordinate that is not a number`);
      else if (v.x < 0 || v.y < 0 || v.x > width || v.y > height) issues.push(`vertex ${i} is outside the ${width}x${height} image`);
      if (v.frame >= length) issues.push(`vertex ${i} is on frame ${v.frame}, beyond the episode's ${length} frames`);
    });
    const bad = firstBackwardsVertex(g.points);
    if (bad > 0) issues.push(`vertex ${bad} is on frame ${g.points[bad]!.frame}, before the previous vertex's frame ${g.points[bad - 1]!.frame}`);
    return issues;
  },
  render(g, style) {
    const ops: DrawOp[] = [{ type: 'line', points: g.points.flatMap((v) => [v.x, v.y]), stroke: style.color, width: 2 }];
    // An arrowhead mid-edge shows which way time runs along the trace.
    for (let i = 0; i + 1 < g.points.length; i++) {
      const a = g.points[i]!;
      const b = g.points[i + 1]!;
      if (dist(a, b) < 1e-6) continue;
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      ops.push({ type: 'arrow', from: a, to: mid, color: style.color, size: 8 });
    }
    for (const v of g.points) {
      const highlight = v.frame === style.currentFrame;
      const radius = highlight ? 6 : style.selected ? 4 : 2.5;
      ops.push({ type: 'circle', x: v.x, y: v.y, radius, stroke: style.color, fill: highlight ? '#fff' : style.color, highlight });
      if (style.selected) ops.push({ type: 'text', x: v.x + 6 * style.scale, y: v.y + 18 * style.scale, text: `f${v.frame}`, color: style.color });
    }
    const first = g.points[0];
    if (style.label && first) ops.push({ type: 'text', x: first.x, y: first.y - 8 * style.scale, text: style.label, color: style.color });
    return ops;
  },
};
