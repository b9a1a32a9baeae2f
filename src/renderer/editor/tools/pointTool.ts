import { createAnnotation } from '../commands';
import { pointUtil } from '../kinds/point';
import type { Vec } from '../geometry';
import type { DrawOp } from '../types';
import type { Tool, ToolContext, ToolEvent } from './tool';

export type PointState = 'idle' | 'placing';

/** Press to place a point, drag to adjust it before release; the placement is one undo step. */
export class PointTool implements Tool<PointState> {
  readonly id = 'point';
  state: PointState = 'idle';
  message: string | null = null;
  private id_ = '';

  handle(e: ToolEvent, ctx: ToolContext): boolean {
    this.message = null;
    const { editor } = ctx;
    if (this.state === 'idle') {
      if (e.type !== 'pointerdown') return false;
      this.id_ = editor.newId();
      editor.begin('createAnnotation', ctx.frame);
      this.state = 'placing';
      this.place(e.p, ctx);
      return true;
    }
    if (e.type === 'pointermove') {
      this.place(e.p, ctx);
      return true;
    }
    if (e.type === 'pointerup') {
      this.place(e.p, ctx);
      const batch = editor.commit();
      if (batch) editor.select([this.id_]);
      this.state = 'idle';
      return true;
    }
    if (e.type === 'key' && e.key === 'Escape') {
      editor.cancel();
      this.state = 'idle';
      return true;
    }
    return false;
  }

  preview(): DrawOp[] {
    return [];
  }

  private place(p: Vec, ctx: ToolContext): void {
    const geometry = pointUtil.clampToImage(pointUtil.create(p, { frame: ctx.frame }), ctx.image.width, ctx.image.height);
    const annotation = { id: this.id_, kind: 'point' as const, camera: ctx.camera, labelId: ctx.labelId, frame: ctx.frame, geometry };
    ctx.editor.update(createAnnotation, { annotation });
  }
}
