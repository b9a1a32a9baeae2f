/**
 * What the annotation canvas is given, as pure functions of the editor: the static annotations as a
 * draw list, the selected ones (with their handles) and the tool's preview on the interaction layer,
 * and canvas pointer events turned into tool events.
 */
import type { LabelClass } from '../../../shared/contract/domain';
import { compileDrawList } from '../../canvas/drawList';
import type { CanvasPointerEvent } from '../../canvas/input';
import type { AnnotationSource } from '../../canvas/layers';
import { shownGeometry } from '../../editor/commands';
import type { Editor } from '../../editor/editor';
import { utilOf } from '../../editor/kinds/registry';
import { sceneAt } from '../../editor/scene';
import type { ToolEvent } from '../../editor/tools/tool';
import type { DrawOp, Handle } from '../../editor/types';

/** The colour of a shape without a label class: bright enough on dark and on bright frames. */
export const UNLABELLED_COLOR = '#ffd43b';

export interface Palette {
  colorOf(labelId: number | null): string;
  nameOf(labelId: number | null): string | undefined;
}

export function paletteOf(labels: readonly LabelClass[]): Palette {
  const byId = new Map(labels.map((l) => [l.id, l]));
  return {
    colorOf: (id) => (id === null ? UNLABELLED_COLOR : (byId.get(id)?.color ?? UNLABELLED_COLOR)),
    nameOf: (id) => (id === null ? undefined : byId.get(id)?.name),
  };
}

export interface SceneTarget {
  camera: string;
  frame: number;
  /** False: tracks are drawn on their keyframes only. */
  showInterpolated?: boolean;
}

/** What is drawn on this frame and how each value came to be, for the page (tests, assistive tools) to read. */
export function drawnSummary(editor: Editor, target: SceneTarget): Array<{ id: string; mark: string; keyframe: boolean | null }> {
  return sceneAt(editor, { ...target, scale: 1, colorOf: () => '', nameOf: () => undefined }).map(({ id, mark, keyframe }) => ({ id, mark, keyframe }));
}

/** The unselected annotations; a new function per edit or frame, which is what tells the layer to repaint. */
export function staticAnnotations(editor: Editor, target: SceneTarget, palette: Palette): AnnotationSource {
  return (scale) =>
    compileDrawList(
      sceneAt(editor, { ...target, scale, ...palette })
        .filter((item) => !item.selected)
        .flatMap((item) => item.ops),
    );
}

/** The selected annotations at the view's scale, drawn on the interaction layer so a drag redraws that alone. */
export function activeAnnotations(editor: Editor, target: SceneTarget, palette: Palette, viewScale: number): DrawOp[] {
  if (editor.selection.length === 0) return [];
  return sceneAt(editor, { ...target, scale: 1 / viewScale, ...palette })
    .filter((item) => item.selected)
    .flatMap((item) => item.ops);
}

export function selectionHandles(editor: Editor, { frame }: SceneTarget): Handle[] {
  const handles: Handle[] = [];
  for (const id of editor.selection) {
    const a = editor.doc.get(id);
    const g = a && utilOf(a.kind).spatial ? shownGeometry(a, frame) : null;
    if (a && g) handles.push(...utilOf(a.kind).handles(g as never));
  }
  return handles;
}

/** Two presses closer than this in time (ms) and space (screen px) are a double-click. */
const DOUBLE_MS = 350;
const DOUBLE_PX = 4;

/**
 * Turns canvas pointer events into tool events. The canvas reports presses only, so a second press
 * close in time and place also yields a double-click (a trajectory finishes on it).
 */
export function createPointerTranslator(now: () => number = () => performance.now()) {
  let last: { at: number; x: number; y: number } | null = null;
  return (e: CanvasPointerEvent, viewScale: number): ToolEvent[] => {
    const p = { x: e.x, y: e.y };
    switch (e.type) {
      case 'down': {
        // Right and other buttons are left to the canvas (context menu, panning).
        if (e.button !== 0) return [];
        const t = now();
        const double = last !== null && t - last.at < DOUBLE_MS && Math.hypot(e.x - last.x, e.y - last.y) * viewScale <= DOUBLE_PX;
        last = double ? null : { at: t, x: e.x, y: e.y };
        const down: ToolEvent = { type: 'pointerdown', p, shift: e.shiftKey };
        return double ? [down, { type: 'doubleclick', p }] : [down];
      }
      case 'move':
        return [{ type: 'pointermove', p }];
      case 'up':
        return e.button === 0 ? [{ type: 'pointerup', p }] : [];
      case 'cancel':
        // A lost pointer (the window lost focus mid-drag) abandons the gesture as Escape does.
        return [{ type: 'key', key: 'Escape' }];
    }
  };
}
