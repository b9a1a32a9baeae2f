import type { Editor } from './editor';
import { utilOf } from './kinds/registry';
import { isTrack, keyframeAt } from './kinds/track';
import { shownGeometry } from './commands';
import type { DrawOp } from './types';

export interface SceneItem {
  id: string;
  selected: boolean;
  /** For tracks: whether this frame is a keyframe (drawn solid) or interpolated (the canvas may dim it). */
  keyframe: boolean | null;
  ops: DrawOp[];
}

export interface SceneOptions {
  camera: string;
  frame: number;
  scale: number;
  colorOf: (labelId: number | null) => string;
  nameOf: (labelId: number | null) => string | undefined;
}

/**
 * What the canvas draws for one camera on one frame, in drawing order: each visible annotation's draw ops
 * at its value on that frame. Konva maps each item to a group and each op to a node, nothing more.
 */
export function sceneAt(editor: Editor, { camera, frame, scale, colorOf, nameOf }: SceneOptions): SceneItem[] {
  const selected = new Set(editor.selection);
  const items: SceneItem[] = [];
  for (const a of editor.doc.visibleAt(camera, frame)) {
    const util = utilOf(a.kind);
    const g = util.spatial ? shownGeometry(a, frame) : null;
    if (!g) continue;
    const style = { color: colorOf(a.labelId), selected: selected.has(a.id), label: nameOf(a.labelId), currentFrame: frame, scale };
    items.push({
      id: a.id,
      selected: style.selected,
      keyframe: isTrack(a.geometry) ? keyframeAt(a.geometry, frame) !== undefined : null,
      ops: util.render(g, style),
    });
  }
  // Selected shapes last, so their handles sit on top of everything else.
  return [...items.filter((i) => !i.selected), ...items.filter((i) => i.selected)];
}
