import type { TrajectoryGeometry } from '../../../shared/contract/annotations';
import { createAnnotation } from '../commands';
import { dist, type Vec } from '../geometry';
import { addVertex, trajectoryUtil } from '../kinds/trajectory';
import { isRefusal, type DrawOp } from '../types';
import type { Tool, ToolContext, ToolEvent } from './tool';

export type TrajectoryState = 'idle' | 'drawing';

/**
 * Click to add a vertex on the current frame (step the timeline between clicks), Enter or double-click to
 * finish, Escape to drop it, Backspace to take back the last vertex. The draft lives in the tool, so the
 * finished trajectory is one undo step and an abandoned one leaves nothing behind.
 */
export class TrajectoryTool implements Tool<TrajectoryState> {
  readonly id = 'trajectory';
  state: TrajectoryState = 'idle';
  message: string | null = null;
  draft: TrajectoryGeometry | null = null;
  private pointer: Vec | null = null;

  handle(e: ToolEvent, ctx: ToolContext): boolean {
    this.message = null;
    if (e.type === 'pointerdown') {
      const vertex = { x: e.p.x, y: e.p.y, frame: ctx.frame };
      if (!this.draft) {
        this.draft = trajectoryUtil.create(vertex, { frame: ctx.frame });
        this.state = 'drawing';
        return true;
      }
      const next = addVertex(this.draft, vertex);
      if (isRefusal(next)) this.message = next.refused;
      else this.draft = next;
      return true;
    }
    if (this.state !== 'drawing' || !this.draft) return false;
    if (e.type === 'pointermove') {
      this.pointer = e.p;
      return true;
    }
    if (e.type === 'doubleclick') {
      // The double-click's own presses already added a vertex there; drop the duplicates before finishing.
      const pts = this.draft.points;
      while (pts.length > 1 && dist(pts[pts.length - 1]!, pts[pts.length - 2]!) <= ctx.tolerance) pts.pop();
      return this.finish(ctx);
    }
    if (e.type !== 'key') return false;
    if (e.key === 'Enter') return this.finish(ctx);
    if (e.key === 'Escape') return this.reset();
    if (e.key === 'Backspace') {
      this.draft.points.pop();
      if (this.draft.points.length === 0) this.reset();
      return true;
    }
    return false;
  }

  preview(ctx: ToolContext): DrawOp[] {
    if (!this.draft) return [];
    const style = { color: '#fc3', selected: true, currentFrame: ctx.frame, scale: 1 };
    const ops = trajectoryUtil.render(this.draft, style);
    const last = this.draft.points[this.draft.points.length - 1];
    if (last && this.pointer) ops.push({ type: 'line', points: [last.x, last.y, this.pointer.x, this.pointer.y], stroke: '#fc3', width: 1, dash: [4, 4] });
    return ops;
  }

  private finish(ctx: ToolContext): boolean {
    const draft = this.draft;
    if (!draft) return false;
    if (draft.points.length < 2) {
      this.message = 'a trajectory needs at least two vertices; keep clicking or press Escape';
      return true;
    }
    const id = ctx.editor.newId();
    const geometry = trajectoryUtil.clampToImage(draft, ctx.image.width, ctx.image.height);
    const annotation = { id, kind: 'trajectory' as const, camera: ctx.camera, labelId: ctx.labelId, frame: draft.points[0]!.frame, geometry };
    const r = ctx.editor.run(createAnnotation, { annotation }, ctx.frame);
    if (isRefusal(r)) this.message = r.refused;
    else ctx.editor.select([id]);
    return this.reset();
  }

  private reset(): true {
    this.draft = null;
    this.pointer = null;
    this.state = 'idle';
    return true;
  }
}
