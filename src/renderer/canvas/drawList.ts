/**
 * The static annotations of a frame drawn in one pass. Thousands of Konva nodes cost a node walk,
 * a transform and a state change each per frame; here the kinds' draw ops are grouped once by style
 * (when the annotations change) and every frame strokes each group as a single path in screen space.
 *
 * Units as the editor's DrawOp states them: positions and rect sizes are image pixels; stroke widths,
 * radii, arrowhead sizes and text are screen pixels, so shapes keep their weight at any zoom. Label
 * offsets depend on the zoom (RenderStyle.scale), so the layer asks for a new list at the current
 * scale each time it paints afresh (layers.tsx), never per frame of a pan or zoom.
 */
import type { DrawOp } from '../editor/types';
import type { Size, Viewport } from './viewport';

interface StrokeGroup {
  stroke: string;
  width: number;
  dash: number[];
  /** Polylines as flat image coordinates, with their bounds for culling. */
  lines: Array<{ points: number[]; x1: number; y1: number; x2: number; y2: number }>;
  /** x, y, w, h per rect (image pixels). */
  rects: number[];
}

interface CircleGroup {
  fill: string | null;
  stroke: string | null;
  width: number;
  /** x, y (image), radius (screen) per circle. */
  circles: number[];
}

export interface DrawList {
  fills: Map<string, number[]>;
  strokes: Map<string, StrokeGroup>;
  circles: Map<string, CircleGroup>;
  /** from x, y, to x, y (image), head size (screen) per arrow, by colour. */
  arrows: Map<string, number[]>;
  texts: Array<{ x: number; y: number; text: string; color: string }>;
  /** How many ops went in (what the bench reports). */
  size: number;
}

export const TEXT_FONT = '12px system-ui, sans-serif';
export const TEXT_HALO = 'rgba(0, 0, 0, 0.75)';
/** An arrowhead is drawn only on an edge at least this many head sizes long on screen. */
export const ARROW_ROOM = 2.5;

function strokeGroup(list: DrawList, stroke: string, width: number, dash: number[] = []): StrokeGroup {
  const key = `${stroke}|${width}|${dash.join(',')}`;
  let group = list.strokes.get(key);
  if (!group) {
    group = { stroke, width, dash, lines: [], rects: [] };
    list.strokes.set(key, group);
  }
  return group;
}

function circleGroup(list: DrawList, fill: string | null, stroke: string | null, width: number): CircleGroup {
  const key = `${fill}|${stroke}|${width}`;
  let group = list.circles.get(key);
  if (!group) {
    group = { fill, stroke, width, circles: [] };
    list.circles.set(key, group);
  }
  return group;
}

function pushTo(map: Map<string, number[]>, key: string, ...values: number[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, values);
}

function bounds(points: number[]) {
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i]!, y = points[i + 1]!;
    if (x < x1) x1 = x;
    if (x > x2) x2 = x;
    if (y < y1) y1 = y;
    if (y > y2) y2 = y;
  }
  return { x1, y1, x2, y2 };
}

/** Groups ops by style, keeping their order within a group (later ops of one style draw on top). */
export function compileDrawList(ops: readonly DrawOp[]): DrawList {
  const list: DrawList = { fills: new Map(), strokes: new Map(), circles: new Map(), arrows: new Map(), texts: [], size: ops.length };
  for (const op of ops) {
    switch (op.type) {
      case 'line':
        if (op.points.length >= 4) strokeGroup(list, op.stroke, op.width, op.dash).lines.push({ points: op.points, ...bounds(op.points) });
        break;
      case 'rect':
        if (op.fill) pushTo(list.fills, op.fill, op.x, op.y, op.width, op.height);
        if (op.strokeWidth > 0) strokeGroup(list, op.stroke, op.strokeWidth).rects.push(op.x, op.y, op.width, op.height);
        break;
      case 'circle': {
        // The kind already sizes a highlighted vertex; a thicker ring makes it stand out on busy frames.
        circleGroup(list, op.fill ?? null, op.stroke ?? null, op.highlight ? 2 : 1).circles.push(op.x, op.y, op.radius);
        break;
      }
      case 'arrow':
        pushTo(list.arrows, op.color, op.from.x, op.from.y, op.to.x, op.to.y, op.size);
        break;
      case 'text':
        list.texts.push({ x: op.x, y: op.y, text: op.text, color: op.color });
        break;
    }
  }
  timingMark('annotate:compiled', ops.length);
  return list;
}

/** A User Timing mark for bench/annotate (the first draw of an opened episode); only the newest is kept. */
function timingMark(name: string, ops: number): void {
  performance.clearMarks(name);
  performance.mark(name, { detail: { ops } });
}

/** The 2-D context calls the painter makes; a fake records them in tests. */
export type Paint2D = Pick<
  CanvasRenderingContext2D,
  | 'beginPath' | 'moveTo' | 'lineTo' | 'rect' | 'arc' | 'closePath' | 'fill' | 'stroke' | 'fillRect' | 'fillText' | 'strokeText' | 'setLineDash'
  | 'fillStyle' | 'strokeStyle' | 'lineWidth' | 'font' | 'textBaseline' | 'lineJoin' | 'lineCap'
>;

/** Draws the list on screen for viewport `v`, skipping what lies outside `view`. */
export function paintDrawList(ctx: Paint2D, list: DrawList, v: Viewport, view: Size): void {
  const { scale: s, x: tx, y: ty } = v;
  // The visible image rectangle, widened by a marker's size so shapes at the border are kept.
  const pad = 24 / s;
  const vx1 = -tx / s - pad, vy1 = -ty / s - pad, vx2 = (view.width - tx) / s + pad, vy2 = (view.height - ty) / s + pad;
  const outside = (x1: number, y1: number, x2: number, y2: number) => x2 < vx1 || x1 > vx2 || y2 < vy1 || y1 > vy2;

  for (const [fill, rects] of list.fills) {
    ctx.fillStyle = fill;
    for (let i = 0; i < rects.length; i += 4) {
      const x = rects[i]!, y = rects[i + 1]!, w = rects[i + 2]!, h = rects[i + 3]!;
      if (!outside(x, y, x + w, y + h)) ctx.fillRect(x * s + tx, y * s + ty, w * s, h * s);
    }
  }

  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  for (const group of list.strokes.values()) {
    ctx.strokeStyle = group.stroke;
    ctx.lineWidth = group.width;
    ctx.setLineDash(group.dash);
    // One stroke per polyline: Skia's software rasteriser strokes many small paths ~3× faster than
    // one path holding them all (it must resolve the overlaps of one path's stroke).
    for (const line of group.lines) {
      if (outside(line.x1, line.y1, line.x2, line.y2)) continue;
      const p = line.points;
      ctx.beginPath();
      ctx.moveTo(p[0]! * s + tx, p[1]! * s + ty);
      for (let i = 2; i + 1 < p.length; i += 2) ctx.lineTo(p[i]! * s + tx, p[i + 1]! * s + ty);
      ctx.stroke();
    }
    const r = group.rects;
    if (r.length === 0) continue;
    // Rectangles have no overlap cost to speak of: one path for all of them.
    ctx.beginPath();
    for (let i = 0; i < r.length; i += 4) {
      const x = r[i]!, y = r[i + 1]!, w = r[i + 2]!, h = r[i + 3]!;
      if (!outside(x, y, x + w, y + h)) ctx.rect(x * s + tx, y * s + ty, w * s, h * s);
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);

  for (const [color, a] of list.arrows) {
    ctx.beginPath();
    for (let i = 0; i < a.length; i += 5) {
      const fx = a[i]! * s + tx, fy = a[i + 1]! * s + ty, x = a[i + 2]! * s + tx, y = a[i + 3]! * s + ty, size = a[i + 4]!;
      // A head needs room to read as a direction; on a short edge it is only a blot over the line.
      if (Math.abs(x - fx) + Math.abs(y - fy) < size * ARROW_ROOM) continue;
      if (outside(Math.min(a[i]!, a[i + 2]!), Math.min(a[i + 1]!, a[i + 3]!), Math.max(a[i]!, a[i + 2]!), Math.max(a[i + 1]!, a[i + 3]!))) continue;
      arrowHead(ctx, fx, fy, x, y, size);
    }
    ctx.fillStyle = color;
    ctx.fill();
  }

  for (const group of list.circles.values()) {
    const c = group.circles;
    // A ring of the fill's own colour is a slightly larger disc: one fill pass instead of two.
    const ringIsFill = group.fill !== null && group.stroke === group.fill;
    const grow = ringIsFill ? group.width / 2 : 0;
    ctx.beginPath();
    for (let i = 0; i < c.length; i += 3) {
      const x = c[i]!, y = c[i + 1]!;
      if (outside(x, y, x, y)) continue;
      const sx = x * s + tx, sy = y * s + ty, radius = c[i + 2]! + grow;
      ctx.moveTo(sx + radius, sy);
      ctx.arc(sx, sy, radius, 0, Math.PI * 2);
    }
    if (group.fill) {
      ctx.fillStyle = group.fill;
      ctx.fill();
    }
    if (group.stroke && !ringIsFill) {
      ctx.strokeStyle = group.stroke;
      ctx.lineWidth = group.width;
      ctx.stroke();
    }
  }

  if (list.texts.length > 0) {
    ctx.font = TEXT_FONT;
    ctx.textBaseline = 'alphabetic'; // a text op's y is its baseline
    // A dark halo keeps a label readable on a frame of its own colour (a yellow label on a yellow plate).
    ctx.strokeStyle = TEXT_HALO;
    ctx.lineWidth = 3;
    for (const t of list.texts) {
      if (outside(t.x, t.y, t.x, t.y)) continue;
      ctx.strokeText(t.text, t.x * s + tx, t.y * s + ty);
      ctx.fillStyle = t.color;
      ctx.fillText(t.text, t.x * s + tx, t.y * s + ty);
    }
  }
  timingMark('annotate:painted', list.size);
}

/** A filled triangle pointing from (fx, fy) to its tip (x, y), `size` screen pixels long. */
function arrowHead(ctx: Paint2D, fx: number, fy: number, x: number, y: number, size: number): void {
  const angle = Math.atan2(y - fy, x - fx);
  const spread = Math.PI / 7;
  ctx.moveTo(x, y);
  ctx.lineTo(x - size * Math.cos(angle - spread), y - size * Math.sin(angle - spread));
  ctx.lineTo(x - size * Math.cos(angle + spread), y - size * Math.sin(angle + spread));
  ctx.closePath();
}
