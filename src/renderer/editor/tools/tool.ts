import { shownGeometry } from '../commands';
import type { Editor } from '../editor';
import type { Vec } from '../geometry';
import { utilOf } from '../kinds/registry';
import type { Annotation, DrawOp, Hit } from '../types';

/** Pointer and key input in image coordinates; the canvas converts from screen before calling a tool. */
export type ToolEvent =
  | { type: 'pointerdown'; p: Vec; shift?: boolean }
  | { type: 'pointermove'; p: Vec }
  | { type: 'pointerup'; p: Vec }
  | { type: 'doubleclick'; p: Vec }
  | { type: 'key'; key: string };

/** What a tool needs from the workbench at the moment of an event. */
export interface ToolContext {
  editor: Editor;
  camera: string;
  frame: number;
  /** The label class new annotations get. */
  labelId: number | null;
  /** Hit tolerance in image pixels (a few screen pixels divided by the zoom). */
  tolerance: number;
  image: { width: number; height: number };
}

export interface Tool<S extends string = string> {
  readonly id: string;
  readonly state: S;
  /** The last refusal to show the user (a backwards vertex frame, an edit on an absent frame); cleared on the next event. */
  readonly message: string | null;
  /** Returns true when the event was used, so the canvas can stop it from reaching anything else. */
  handle(e: ToolEvent, ctx: ToolContext): boolean;
  /** Transient drawing that is not in the document yet (a rubber band, a trajectory being drawn). */
  preview(ctx: ToolContext): DrawOp[];
}

export interface Picked {
  annotation: Annotation;
  hit: Hit;
}

/** The topmost annotation under p: selected shapes first (their handles sit above), then the newest. */
export function pick(ctx: ToolContext, p: Vec): Picked | null {
  const { editor, camera, frame, tolerance } = ctx;
  const visible = editor.doc.visibleAt(camera, frame).reverse();
  const selected = new Set(editor.selection);
  visible.sort((a, b) => Number(selected.has(b.id)) - Number(selected.has(a.id)));
  for (const annotation of visible) {
    const g = shownGeometry(annotation, frame);
    if (!g) continue;
    const hit = utilOf(annotation.kind).hitTest(g, p, tolerance);
    if (hit) return { annotation, hit };
  }
  return null;
}

/** A press becomes a drag once the pointer has moved this far (half the hit tolerance), so a click never nudges a shape. */
export const dragStarted = (from: Vec, to: Vec, ctx: ToolContext): boolean =>
  Math.hypot(to.x - from.x, to.y - from.y) > ctx.tolerance / 2;
