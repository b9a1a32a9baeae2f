import { describe, expect, it } from 'vitest';
import { performAction, type ActionContext } from './actions';
import { valueOn } from './commands';
import { Editor } from './editor';
import type { Annotation } from './types';

const box: Annotation = { id: 'b', kind: 'box', camera: 'top', labelId: null, frame: 2, geometry: { x1: 0, y1: 0, x2: 9, y2: 9 } };

function setup(frame = 2): ActionContext {
  const editor = new Editor({ length: 50, annotations: [box] });
  return { editor, camera: 'top', frame, length: 50, labelIds: [11, 12] };
}

describe('performAction', () => {
  it('switches tools, toggles playback and steps frames within the episode', () => {
    const ctx = setup(49);
    expect(performAction('tool.box', ctx)).toEqual({ tool: 'box' });
    expect(performAction('playback.toggle', ctx)).toEqual({ playback: 'toggle' });
    expect(performAction('frame.next', ctx)).toEqual({ seek: 49 });
    expect(performAction('frame.prev', ctx)).toEqual({ seek: 48 });
  });

  it('labels the selection by number and refuses without a selection or class', () => {
    const ctx = setup();
    expect(performAction('label.1', ctx).refused).toMatch(/select/);
    ctx.editor.select(['b']);
    expect(performAction('label.2', ctx)).toEqual({});
    expect(ctx.editor.doc.get('b')!.labelId).toBe(12);
    expect(performAction('label.3', ctx).refused).toMatch(/no label class 3/);
  });

  it('keyframes, marks absent, steps between keyframes and undoes back to the frame of the edit', () => {
    const ctx = setup();
    ctx.editor.select(['b']);
    expect(performAction('keyframe.set', { ...ctx, frame: 30 })).toEqual({});
    expect(performAction('track.toggleAbsent', { ...ctx, frame: 40 })).toEqual({});
    expect(valueOn(ctx.editor.doc.get('b')!, 45)).toBeNull();
    expect(performAction('keyframe.next', { ...ctx, frame: 2 })).toEqual({ seek: 30 });
    expect(performAction('keyframe.prev', { ...ctx, frame: 30 })).toEqual({ seek: 2 });
    expect(performAction('keyframe.midpoint', { ...ctx, frame: 2 })).toEqual({ seek: 16 });
    expect(performAction('history.undo', ctx)).toEqual({ seek: 40 });
    expect(performAction('history.redo', ctx)).toEqual({ seek: 40 });
    expect(performAction('annotation.delete', ctx)).toEqual({});
    expect(ctx.editor.doc.size).toBe(0);
  });

  it('steps by N frames in "every Nth frame" mode, stopping at the ends', () => {
    const ctx = { ...setup(10), step: 5 };
    expect(performAction('frame.next', ctx)).toEqual({ seek: 15 });
    expect(performAction('frame.prev', ctx)).toEqual({ seek: 5 });
    expect(performAction('frame.next', { ...ctx, frame: 47 })).toEqual({ seek: 49 });
    expect(performAction('frame.prev', { ...ctx, frame: 3 })).toEqual({ seek: 0 });
  });

  it('goes halfway between the key frames around here when nothing is selected', () => {
    const ctx = setup(0);
    ctx.editor.doc.apply([{ op: 'create', annotation: { ...box, id: 'c', frame: 40 } }]);
    expect(performAction('keyframe.midpoint', { ...ctx, frame: 5 })).toEqual({ seek: 21 });
    expect(performAction('keyframe.midpoint', { ...ctx, frame: 40 }).refused).toMatch(/no gap/);
    ctx.editor.select(['c']);
    // A single-frame shape has no gap of its own.
    expect(performAction('keyframe.midpoint', { ...ctx, frame: 5 }).refused).toMatch(/no gap/);
  });
});
