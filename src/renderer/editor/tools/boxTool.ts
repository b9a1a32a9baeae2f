import { createAnnotation } from '../commands';
import { rectFrom, type Vec } from '../geometry';
import { boxUtil } from '../kinds/box';
import type { DrawOp } from '../types';
import { dragStarted, type Tool, type ToolContext, type ToolEvent } from './tool';

export type BoxState = 'idle' | 'pointing' | 'sizing';

/** Smaller than this (image pixels) a released box is taken for a slip of the mouse and dropped. */
const MIN_SIZE = 2;

/** Press at one corner and drag to the other; the box is one undo step, created only on release. */
export class BoxTool implements Tool<BoxState> {
  readonly id = 'box';
  state: BoxState = 'idle';
  message: string | null = null;
  private origin: Vec = { x: 0, y: 0 };
  private id_ = '';

  handle(e: ToolEvent, ctx: ToolContext): boolean {
    this.message = null;
    const { editor } = ctx;
    if (e.type === 'key' && e.key === 'Escape' && this.state !== 'idle') {
      editor.cancel();
      this.state = 'idle';
      return true;
    }
    switch (this.state) {
      case 'idle':
        if (e.type !== 'pointerdown') return false;
        this.origin = e.p;
        this.state = 'pointing';
        return true;
      case 'pointing':
        if (e.type === 'pointerup') {
          this.state = 'idle';
          return true;
        }
        if (e.type !== 'pointermove' || !dragStarted(this.origin, e.p, ctx)) return e.type === 'pointermove';
        this.id_ = editor.newId();
        editor.begin('createAnnotation', ctx.frame);
        this.state = 'sizing';
        this.size(e.p, ctx);
        return true;
      case 'sizing':
        if (e.type === 'pointermove') {
          this.size(e.p, ctx);
          return true;
        }
        if (e.type !== 'pointerup') return false;
        this.state = 'idle';
        if (!this.size(e.p, ctx)) {
          editor.cancel();
          this.message = 'the box was too small and was not created';
          return true;
        }
        if (editor.commit()) editor.select([this.id_]);
        return true;
    }
  }

  preview(): DrawOp[] {
    return [];
  }

  /** Show the box from the press to p; false while it is too small to keep. */
  private size(p: Vec, ctx: ToolContext): boolean {
    const geometry = boxUtil.clampToImage(rectFrom(this.origin, p), ctx.image.width, ctx.image.height);
    const annotation = { id: this.id_, kind: 'box' as const, camera: ctx.camera, labelId: ctx.labelId, frame: ctx.frame, geometry };
    ctx.editor.update(createAnnotation, { annotation });
    return geometry.x2 - geometry.x1 >= MIN_SIZE && geometry.y2 - geometry.y1 >= MIN_SIZE;
  }
}
