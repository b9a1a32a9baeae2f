import { deleteAnnotation, setKeyframe, setLabel, toggleAbsent, type Command } from './commands';
import type { Editor } from './editor';
import type { HotkeyAction } from './hotkeys';
import { midpointFrame, stepKeyframe } from './navigate';
import { isRefusal, type Annotation } from './types';

export type ToolId = 'select' | 'point' | 'box' | 'trajectory';

export interface ActionContext {
  editor: Editor;
  camera: string;
  frame: number;
  length: number;
  /** The project's label classes in the order shown, so number key n picks the n-th. */
  labelIds: readonly number[];
  /** Frames a frame step moves by: 1, or N in "annotate every Nth frame" mode. */
  step?: number;
}

/** What the workbench must do after an action: seek, switch tool, toggle playback, or show a refusal. */
export interface ActionResult {
  seek?: number;
  tool?: ToolId;
  playback?: 'toggle';
  refused?: string;
}

/** The selection, or everything on this camera when nothing is selected (keyframe stepping needs a target). */
function targets(ctx: ActionContext): Annotation[] {
  const selected = ctx.editor.selection.map((id) => ctx.editor.doc.get(id)).filter((a): a is Annotation => a !== undefined);
  return selected.length ? selected : ctx.editor.doc.byCamera(ctx.camera);
}

function runOnSelection<A>(ctx: ActionContext, cmd: Command<A>, args: (id: string) => A): ActionResult {
  const ids = ctx.editor.selection;
  if (ids.length === 0) return { refused: 'select an annotation first' };
  for (const id of ids) {
    const r = ctx.editor.run(cmd, args(id), ctx.frame);
    if (isRefusal(r)) return { refused: r.refused };
  }
  return {};
}

const stepOf = (ctx: ActionContext): number => Math.max(1, Math.floor(ctx.step ?? 1));

const seekTo = (frame: number | null, what: string): ActionResult => (frame === null ? { refused: `no ${what}` } : { seek: frame });

/** Every hotkey action as one function of the editor state, Excalidraw-style: the UI only binds keys to it. */
export function performAction(action: HotkeyAction, ctx: ActionContext): ActionResult {
  const { editor, frame } = ctx;
  if (action.startsWith('tool.')) return { tool: action.slice(5) as ToolId };
  if (action.startsWith('label.')) {
    const labelId = ctx.labelIds[Number(action.slice(6)) - 1];
    if (labelId === undefined) return { refused: `there is no label class ${action.slice(6)}` };
    if (editor.selection.length === 0) return { refused: 'select an annotation first' };
    const r = editor.run(setLabel, { ids: editor.selection, labelId }, frame);
    return isRefusal(r) ? { refused: r.refused } : {};
  }
  switch (action) {
    case 'frame.next':
      return { seek: Math.min(ctx.length - 1, frame + stepOf(ctx)) };
    case 'frame.prev':
      return { seek: Math.max(0, frame - stepOf(ctx)) };
    case 'keyframe.next':
      return seekTo(stepKeyframe(targets(ctx), frame, 1), 'later keyframe');
    case 'keyframe.prev':
      return seekTo(stepKeyframe(targets(ctx), frame, -1), 'earlier keyframe');
    case 'keyframe.midpoint': {
      const all = targets(ctx);
      // One annotation: its own rule (a track's absences count). Several: halfway between the key frames around here.
      if (all.length === 1) return seekTo(midpointFrame(all[0]!, frame), 'gap between keyframes here');
      const prev = stepKeyframe(all, frame + 1, -1);
      const next = stepKeyframe(all, frame, 1);
      return seekTo(prev !== null && next !== null && next - prev >= 2 ? Math.floor((prev + next) / 2) : null, 'gap between keyframes here');
    }
    case 'keyframe.set':
      return runOnSelection(ctx, setKeyframe, (id) => ({ id, frame }));
    case 'track.toggleAbsent':
      return runOnSelection(ctx, toggleAbsent, (id) => ({ id, frame }));
    case 'annotation.delete': {
      if (editor.selection.length === 0) return { refused: 'select an annotation first' };
      const r = editor.run(deleteAnnotation, { ids: editor.selection }, frame);
      return isRefusal(r) ? { refused: r.refused } : {};
    }
    case 'playback.toggle':
      return { playback: 'toggle' };
    case 'history.undo':
      return seekTo(editor.undo(), 'edit to undo');
    case 'history.redo':
      return seekTo(editor.redo(), 'edit to redo');
    default:
      return { refused: `unknown action ${action}` };
  }
}
