import { describe, expect, it } from 'vitest';
import {
  addVertex,
  createAnnotation,
  deleteAnnotation,
  dragHandle,
  loadAnnotations,
  moveAnnotation,
  setKeyframe,
  setLabel,
  toggleAbsent,
  valueOn,
} from './commands';
import { Editor } from './editor';
import { isRefusal, type Annotation } from './types';

const box = (id: string, frame = 0): Annotation => ({ id, kind: 'box', camera: 'top', labelId: 1, frame, geometry: { x1: 10, y1: 10, x2: 50, y2: 30 } });
const snapshot = (e: Editor) => structuredClone(e.doc.all());

function make(annotations: Annotation[] = [box('b1')]) {
  let n = 0;
  return new Editor({ length: 100, annotations, newId: () => `id${n++}` });
}

describe('commands', () => {
  it('each undoable command is one batch in history and the outbox, remembering its frame', () => {
    const e = make([]);
    e.run(createAnnotation, { annotation: box('b1', 4) }, 4);
    e.run(setLabel, { ids: ['b1'], labelId: 2 }, 4);
    const out = e.takeOutbox();
    expect(out.map((o) => o.type === 'apply' && o.batch.name)).toEqual(['createAnnotation', 'setLabel']);
    expect(e.undo()).toBe(4);
    expect(e.doc.get('b1')!.labelId).toBe(1);
    expect(e.redo()).toBe(4);
    expect(e.doc.get('b1')!.labelId).toBe(2);
    expect(e.takeOutbox().map((o) => o.type)).toEqual(['undo', 'redo']);
  });

  it('a command that is not undoable changes the document but not history or the outbox', () => {
    const e = make([]);
    e.run(loadAnnotations, { annotations: [box('b9')] }, 0);
    expect(e.doc.has('b9')).toBe(true);
    expect(e.history.canUndo).toBe(false);
    expect(e.takeOutbox()).toEqual([]);
  });

  it('refuses with a reason and changes nothing', () => {
    const e = make();
    const before = snapshot(e);
    const r = e.run(moveAnnotation, { ids: ['b1'], dx: 1, dy: 1, frame: 7 }, 7);
    expect(isRefusal(r) && r.refused).toMatch(/on frame 0, not 7/);
    expect(e.doc.all()).toEqual(before);
    expect(e.takeOutbox()).toEqual([]);
  });

  it('keyframing turns a box into a track and edits land on the current frame only', () => {
    const e = make();
    e.run(setKeyframe, { id: 'b1', frame: 20 }, 20);
    e.run(moveAnnotation, { ids: ['b1'], dx: 20, dy: 0, frame: 20 }, 20);
    const a = e.doc.get('b1')!;
    expect(valueOn(a, 0)).toEqual({ x1: 10, y1: 10, x2: 50, y2: 30 });
    expect(valueOn(a, 10)).toEqual({ x1: 20, y1: 10, x2: 60, y2: 30 });
    expect(valueOn(a, 20)).toEqual({ x1: 30, y1: 10, x2: 70, y2: 30 });
    e.run(toggleAbsent, { id: 'b1', frame: 40 }, 40);
    expect(valueOn(e.doc.get('b1')!, 50)).toBeNull();
    expect(e.doc.visibleAt('top', 41)).toEqual([]);
    expect(isRefusal(e.run(moveAnnotation, { ids: ['b1'], dx: 1, dy: 0, frame: 45 }, 45))).toBe(true);
    e.run(toggleAbsent, { id: 'b1', frame: 60 }, 60);
    expect(valueOn(e.doc.get('b1')!, 70)).toEqual({ x1: 30, y1: 10, x2: 70, y2: 30 });
  });

  it('adds trajectory vertices in time order only', () => {
    const traj: Annotation = { id: 't', kind: 'trajectory', camera: 'top', labelId: null, frame: 0, geometry: { of: 'gripper', points: [{ x: 0, y: 0, frame: 0 }, { x: 5, y: 5, frame: 10 }] } };
    const e = make([traj]);
    expect(isRefusal(e.run(addVertex, { id: 't', vertex: { x: 9, y: 9, frame: 3 } }, 3))).toBe(true);
    expect(isRefusal(e.run(addVertex, { id: 't', vertex: { x: 9, y: 9, frame: 12 } }, 12))).toBe(false);
  });
});

describe('gestures', () => {
  it('a drag of many updates commits as one batch and one undo step', () => {
    const e = make();
    e.begin('dragHandle', 0);
    for (let x = 50; x <= 90; x += 5) e.update(dragHandle, { id: 'b1', handle: 'se', p: { x, y: 40 }, frame: 0 });
    expect(e.takeOutbox()).toEqual([]);
    const batch = e.commit()!;
    expect(batch.changes).toHaveLength(1);
    expect(e.doc.get('b1')!.geometry).toEqual({ x1: 10, y1: 10, x2: 90, y2: 40 });
    expect(e.takeOutbox()).toHaveLength(1);
    e.undo();
    expect(e.doc.get('b1')!.geometry).toEqual({ x1: 10, y1: 10, x2: 50, y2: 30 });
    expect(e.history.canUndo).toBe(false);
  });

  it('keeps the grabbed corner when the box flips during the drag', () => {
    const e = make();
    e.begin('dragHandle', 0);
    e.update(dragHandle, { id: 'b1', handle: 'se', p: { x: 0, y: 0 }, frame: 0 });
    e.update(dragHandle, { id: 'b1', handle: 'se', p: { x: 80, y: 60 }, frame: 0 });
    e.commit();
    expect(e.doc.get('b1')!.geometry).toEqual({ x1: 10, y1: 10, x2: 80, y2: 60 });
  });

  it('cancel after many updates leaves the document deep-equal to the original and emits nothing', () => {
    const e = make([box('b1'), box('b2')]);
    const original = snapshot(e);
    e.begin('moveAnnotation', 0);
    for (let i = 1; i < 50; i++) e.update(moveAnnotation, { ids: ['b1', 'b2'], dx: i * 1.7, dy: -i, frame: 0 });
    e.update(createAnnotation, { annotation: box('b3') });
    e.cancel();
    expect(e.doc.all()).toEqual(original);
    expect(e.doc.visibleAt('top', 0).map((a) => a.id).sort()).toEqual(['b1', 'b2']);
    expect(e.takeOutbox()).toEqual([]);
    expect(e.history.canUndo).toBe(false);
  });

  it('a gesture that changed nothing commits nothing', () => {
    const e = make();
    e.begin('moveAnnotation', 0);
    expect(e.commit()).toBeNull();
    expect(e.takeOutbox()).toEqual([]);
  });
});

describe('backend refusal', () => {
  it('rolls back the refused batch and the unconfirmed ones after it, and forgets them', () => {
    const e = make();
    const a = e.run(setLabel, { ids: ['b1'], labelId: 3 }, 0);
    const b = e.run(setLabel, { ids: ['b1'], labelId: 4 }, 0);
    const c = e.run(deleteAnnotation, { ids: ['b1'] }, 0);
    if (isRefusal(a) || isRefusal(b) || isRefusal(c)) throw new Error('unexpected refusal');
    e.acknowledge(a.id);
    expect(e.reject(b.id)).toEqual([b.id, c.id]);
    expect(e.doc.get('b1')!.labelId).toBe(3);
    e.undo();
    expect(e.doc.get('b1')!.labelId).toBe(1);
    expect(e.history.canUndo).toBe(false);
  });
});
