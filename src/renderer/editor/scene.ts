import type { Editor } from './editor';
import { utilOf } from './kinds/registry';
import { isTrack, keyframeAt } from './kinds/track';
import { shownGeometry } from './commands';
import type { Annotation, DrawOp } from './types';

/**
 * How a value on screen came to be: drawn by a person ('manual'), or made by a machine. Every automatic
 * value is marked on the canvas and in the lists, so nobody mistakes a guess for a checked value.
 */
export type ValueMark = 'manual' | 'interpolated' | 'tracked' | 'projected' | 'imported' | 'ground_truth';

/** The word drawn beside a shape for its mark; manual values carry none. */
export const MARK_WORDS: Record<ValueMark, string> = {
  manual: '',
  interpolated: 'interp.',
  tracked: 'tracked',
  projected: 'projected',
  imported: 'imported',
  ground_truth: 'ground truth',
};

export interface SceneItem {
  id: string;
  selected: boolean;
  /** For tracks: whether this frame is a keyframe (drawn solid) or interpolated (drawn dashed). */
  keyframe: boolean | null;
  /** Where the value shown on this frame comes from. */
  mark: ValueMark;
  ops: DrawOp[];
}

export interface SceneOptions {
  camera: string;
  frame: number;
  scale: number;
  colorOf: (labelId: number | null) => string;
  nameOf: (labelId: number | null) => string | undefined;
  /** False: a track is drawn on its keyframes only, so what a person set can be told from what was filled in. */
  showInterpolated?: boolean;
}

/** The mark of an annotation's value on `frame`: a track's keyframe source, 'interpolated' between keyframes, else the row's source. */
export function markAt(a: Annotation, frame: number): ValueMark {
  if (isTrack(a.geometry)) {
    const k = keyframeAt(a.geometry, frame);
    return k ? k.source : 'interpolated';
  }
  const s = a.source ?? 'manual';
  return s === 'interpolated' || s === 'tracked' || s === 'projected' || s === 'imported' || s === 'ground_truth' ? s : 'manual';
}

const DASH = [6, 5];

/** An interpolated value is drawn dashed and hollow: a rect becomes a dashed outline, a disc a ring. */
function dashed(ops: DrawOp[]): DrawOp[] {
  return ops.map((op): DrawOp => {
    if (op.type === 'rect' && !op.fill) {
      const { x, y, width: w, height: h } = op;
      return { type: 'line', points: [x, y, x + w, y, x + w, y + h, x, y + h, x, y], stroke: op.stroke, width: op.strokeWidth, dash: DASH };
    }
    if (op.type === 'line') return { ...op, dash: DASH };
    if (op.type === 'circle' && op.fill && op.fill !== '#fff') return { ...op, stroke: op.fill, fill: undefined };
    return op;
  });
}

/**
 * What the canvas draws for one camera on one frame, in drawing order: each visible annotation's draw ops
 * at its value on that frame. Konva maps each item to a group and each op to a node, nothing more.
 */
export function sceneAt(editor: Editor, options: SceneOptions): SceneItem[] {
  const { camera, frame, scale, colorOf, nameOf, showInterpolated = true } = options;
  const selected = new Set(editor.selection);
  const items: SceneItem[] = [];
  for (const a of editor.doc.visibleAt(camera, frame)) {
    const util = utilOf(a.kind);
    const g = util.spatial ? shownGeometry(a, frame) : null;
    if (!g) continue;
    const keyframe = isTrack(a.geometry) ? keyframeAt(a.geometry, frame) !== undefined : null;
    if (keyframe === false && !showInterpolated && !selected.has(a.id)) continue;
    const mark = markAt(a, frame);
    const label = [nameOf(a.labelId), MARK_WORDS[mark]].filter(Boolean).join(' · ') || undefined;
    const style = { color: colorOf(a.labelId), selected: selected.has(a.id), label, currentFrame: frame, scale };
    const ops = util.render(g, style);
    items.push({ id: a.id, selected: style.selected, keyframe, mark, ops: keyframe === false ? dashed(ops) : ops });
  }
  // Selected shapes last, so their handles sit on top of everything else.
  return [...items.filter((i) => !i.selected), ...items.filter((i) => i.selected)];
}
