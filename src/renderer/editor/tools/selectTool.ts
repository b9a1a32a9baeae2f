import { deleteAnnotation, deleteVertex, dragHandle, insertVertex, moveAnnotation, shownGeometry } from '../commands';
import { rectFrom, rectsIntersect, type Vec } from '../geometry';
import { utilOf } from '../kinds/registry';
import type { DrawOp, Hit } from '../types';
import { dragStarted, pick, type Tool, type ToolContext, type ToolEvent } from './tool';

export type SelectState = 'idle' | 'pointing' | 'dragging-body' | 'dragging-handle' | 'rubber-band';

/** Select, move, reshape. A drag is one gesture: one undo step on release, no trace on Escape. */
export class SelectTool implements Tool<SelectState> {
  readonly id = 'select';
  state: SelectState = 'idle';
  message: string | null = null;
  private origin: Vec = { x: 0, y: 0 };
  private current: Vec = { x: 0, y: 0 };
  private target: { id: string; hit: Hit } | null = null;
  /** The vertex last clicked, so Delete removes a vertex rather than the whole trajectory. */
  private vertex: { id: string; index: number } | null = null;
  /** The selected annotations shown on this frame: only those move with a body drag. */
  private moving: string[] = [];

  handle(e: ToolEvent, ctx: ToolContext): boolean {
    this.message = null;
    switch (this.state) {
      case 'idle':
        return this.idle(e, ctx);
      case 'pointing':
        return this.pointing(e, ctx);
      case 'dragging-body':
      case 'dragging-handle':
        return this.dragging(e, ctx);
      case 'rubber-band':
        return this.rubberBand(e, ctx);
    }
  }

  preview(): DrawOp[] {
    if (this.state !== 'rubber-band') return [];
    const r = rectFrom(this.origin, this.current);
    return [{ type: 'rect', x: r.x1, y: r.y1, width: r.x2 - r.x1, height: r.y2 - r.y1, stroke: '#4af', strokeWidth: 1, fill: 'rgba(68,170,255,0.1)' }];
  }

  private idle(e: ToolEvent, ctx: ToolContext): boolean {
    const { editor } = ctx;
    if (e.type === 'pointerdown') {
      const picked = pick(ctx, e.p);
      this.origin = this.current = e.p;
      this.target = picked && { id: picked.annotation.id, hit: picked.hit };
      this.vertex = picked?.hit.part === 'vertex' ? { id: picked.annotation.id, index: picked.hit.index } : null;
      if (picked && !editor.selection.includes(picked.annotation.id))
        editor.select(e.shift ? [...editor.selection, picked.annotation.id] : [picked.annotation.id]);
      this.state = 'pointing';
      return true;
    }
    if (e.type === 'doubleclick') {
      const picked = pick(ctx, e.p);
      if (picked?.hit.part !== 'edge') return false;
      return this.report(editor.run(insertVertex, { id: picked.annotation.id, edge: picked.hit.index, p: e.p }, ctx.frame));
    }
    if (e.type === 'key' && (e.key === 'Delete' || e.key === 'Backspace')) {
      if (this.vertex && editor.selection.length === 1 && editor.selection[0] === this.vertex.id) {
        const v = this.vertex;
        this.vertex = null;
        return this.report(editor.run(deleteVertex, v, ctx.frame));
      }
      if (editor.selection.length === 0) return false;
      return this.report(editor.run(deleteAnnotation, { ids: editor.selection }, ctx.frame));
    }
    if (e.type === 'key' && e.key === 'Escape' && editor.selection.length) {
      editor.select([]);
      return true;
    }
    return false;
  }

  private pointing(e: ToolEvent, ctx: ToolContext): boolean {
    if (e.type === 'pointermove') {
      if (!dragStarted(this.origin, e.p, ctx)) return true;
      const t = this.target;
      if (!t) this.state = 'rubber-band';
      else if (t.hit.part === 'handle' || t.hit.part === 'vertex') {
        this.state = 'dragging-handle';
        ctx.editor.begin('dragHandle', ctx.frame);
      } else {
        this.state = 'dragging-body';
        this.moving = ctx.editor.selection.filter((id) => {
          const a = ctx.editor.doc.get(id);
          return a !== undefined && shownGeometry(a, ctx.frame) !== null;
        });
        ctx.editor.begin('moveAnnotation', ctx.frame);
      }
      return this.handle(e, ctx);
    }
    if (e.type === 'pointerup') {
      if (!this.target) ctx.editor.select([]);
      this.state = 'idle';
      return true;
    }
    if (e.type === 'key' && e.key === 'Escape') {
      this.state = 'idle';
      return true;
    }
    return false;
  }

  private dragging(e: ToolEvent, ctx: ToolContext): boolean {
    const { editor } = ctx;
    if (e.type === 'pointermove') {
      this.current = e.p;
      const t = this.target!;
      const refusal =
        this.state === 'dragging-handle' && t.hit.part !== 'body' && t.hit.part !== 'edge'
          ? editor.update(dragHandle, { id: t.id, handle: t.hit.handle, p: e.p, frame: ctx.frame })
          : editor.update(moveAnnotation, { ids: this.moving, dx: e.p.x - this.origin.x, dy: e.p.y - this.origin.y, frame: ctx.frame });
      this.message = refusal?.refused ?? null;
      return true;
    }
    if (e.type === 'pointerup') {
      editor.commit();
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

  private rubberBand(e: ToolEvent, ctx: ToolContext): boolean {
    if (e.type === 'pointermove') {
      this.current = e.p;
      return true;
    }
    if (e.type === 'pointerup') {
      const band = rectFrom(this.origin, e.p);
      const ids = ctx.editor.doc
        .visibleAt(ctx.camera, ctx.frame)
        .filter((a) => {
          const g = shownGeometry(a, ctx.frame);
          const b = g && utilOf(a.kind).bounds(g);
          return b !== null && b !== undefined && rectsIntersect(band, b);
        })
        .map((a) => a.id);
      ctx.editor.select(ids);
      this.state = 'idle';
      return true;
    }
    if (e.type === 'key' && e.key === 'Escape') {
      this.state = 'idle';
      return true;
    }
    return false;
  }

  private report(r: object): boolean {
    this.message = 'refused' in r ? String(r.refused) : null;
    return true;
  }
}
