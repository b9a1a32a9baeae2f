/**
 * Draw ops as individual Konva node props, in screen pixels, for the few shapes that move: the
 * selected or edited annotation and its handles live on the interaction layer, so a drag redraws
 * that layer only while the thousands of static annotations stay painted (drawList.ts).
 * Same units as the draw list: positions in image pixels, sizes in screen pixels.
 */
import type { DrawOp, Handle } from '../editor/types';
import { TEXT_FONT } from './drawList';
import { imageToScreen, type Viewport } from './viewport';

/** Screen size of a handle square: big enough to grab on a 4K frame shown small. */
export const HANDLE_SIZE = 9;

export type NodeSpec =
  | { shape: 'line'; points: number[]; stroke: string; strokeWidth: number; dash?: number[] }
  | { shape: 'rect'; x: number; y: number; width: number; height: number; stroke: string; strokeWidth: number; fill?: string }
  | { shape: 'circle'; x: number; y: number; radius: number; stroke?: string; strokeWidth: number; fill?: string }
  | { shape: 'text'; x: number; y: number; text: string; fill: string; fontSize: number; fontFamily: string }
  | { shape: 'arrow'; points: number[]; fill: string; stroke: string; strokeWidth: number; pointerLength: number; pointerWidth: number };

const FONT_SIZE = Number.parseInt(TEXT_FONT, 10);
const FONT_FAMILY = TEXT_FONT.slice(TEXT_FONT.indexOf(' ') + 1);
/** Roughly how far a sans-serif font's baseline sits below the top of its line, per font size. */
const ASCENT = 0.8;

export function toNodeSpec(op: DrawOp, v: Viewport): NodeSpec {
  const at = (x: number, y: number) => imageToScreen(v, { x, y });
  switch (op.type) {
    case 'line': {
      const points = op.points.map((value, i) => (i % 2 === 0 ? value * v.scale + v.x : value * v.scale + v.y));
      return { shape: 'line', points, stroke: op.stroke, strokeWidth: op.width, ...(op.dash ? { dash: op.dash } : {}) };
    }
    case 'rect': {
      const p = at(op.x, op.y);
      const spec: NodeSpec = { shape: 'rect', x: p.x, y: p.y, width: op.width * v.scale, height: op.height * v.scale, stroke: op.stroke, strokeWidth: op.strokeWidth };
      return op.fill ? { ...spec, fill: op.fill } : spec;
    }
    case 'circle': {
      const p = at(op.x, op.y);
      return { shape: 'circle', x: p.x, y: p.y, radius: op.radius, strokeWidth: op.highlight ? 2 : 1, ...(op.stroke ? { stroke: op.stroke } : {}), ...(op.fill ? { fill: op.fill } : {}) };
    }
    case 'text': {
      // Konva anchors text at its top-left while the op's y is the baseline: lift it by the ascent.
      const p = at(op.x, op.y);
      return { shape: 'text', x: p.x, y: p.y - FONT_SIZE * ASCENT, text: op.text, fill: op.color, fontSize: FONT_SIZE, fontFamily: FONT_FAMILY };
    }
    case 'arrow': {
      const a = at(op.from.x, op.from.y);
      const b = at(op.to.x, op.to.y);
      return { shape: 'arrow', points: [a.x, a.y, b.x, b.y], fill: op.color, stroke: op.color, strokeWidth: 0, pointerLength: op.size, pointerWidth: op.size * 0.9 };
    }
  }
}

/** A handle as a white square with a dark border, centred on its image point. */
export function handleSpec(h: Handle, v: Viewport, hovered = false): NodeSpec {
  const p = imageToScreen(v, h);
  const size = hovered ? HANDLE_SIZE + 2 : HANDLE_SIZE;
  return { shape: 'rect', x: p.x - size / 2, y: p.y - size / 2, width: size, height: size, stroke: '#111', strokeWidth: 1, fill: hovered ? '#ffe066' : '#fff' };
}
