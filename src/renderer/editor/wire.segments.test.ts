import { describe, expect, it } from 'vitest';
import { ApplyAnnotations } from '../../shared/contract/domain';
import { createAnnotation, setSegmentSpan } from './commands';
import { Editor } from './editor';
import { isRefusal, type Annotation } from './types';
import { fromWire, toApply } from './wire';

const stored = {
  id: 's1', episodeId: 7, camera: 'top', kind: 'segment', frameStart: 3, frameEnd: 12, isTrack: false,
  geometry: { phase: 'grasp', text: 'pick the cup' }, labelId: null, query: null, source: 'manual' as const,
  confidence: null, author: 'me', createdAt: 1, updatedAt: 1000,
};
const target = { episodeId: 7, camera: 'wrist' };

describe('segments on the wire', () => {
  it('read with their end and on every camera, whichever camera filed them', () => {
    const a = fromWire(stored);
    expect(a).toMatchObject({ kind: 'segment', camera: null, frame: 3, endFrame: 12 });
    const editor = new Editor({ length: 20, annotations: [a] });
    expect(editor.doc.visibleAt('wrist', 5).map((x) => x.id)).toEqual(['s1']);
    expect(editor.doc.visibleAt('top', 13)).toEqual([]);
  });

  it('are created with their end, under the camera they were made on', () => {
    const e = new Editor({ length: 20, newId: () => 'batch' });
    const a: Annotation = { id: 'n1', kind: 'segment', camera: null, labelId: null, frame: 2, endFrame: 9, geometry: { phase: 'lift', text: '' } };
    const batch = e.run(createAnnotation, { annotation: a }, 2);
    if (isRefusal(batch)) throw new Error(batch.refused);
    const call = ApplyAnnotations.parse(toApply(batch, target));
    expect(call.changes[0]).toMatchObject({ op: 'create', kind: 'segment', camera: 'wrist', frame: 2, frameEnd: 9 });
  });

  it('send only the ends that moved', () => {
    const e = new Editor({ length: 20, annotations: [fromWire(stored)], newId: () => 'batch' });
    const resize = e.run(setSegmentSpan, { id: 's1', frame: 3, endFrame: 15 }, 3);
    if (isRefusal(resize)) throw new Error(resize.refused);
    expect(toApply(resize, target).changes).toEqual([{ op: 'update', id: 's1', baseUpdatedAt: 1000, frameEnd: 15 }]);
    const start = e.run(setSegmentSpan, { id: 's1', frame: 5, endFrame: 15 }, 5);
    if (isRefusal(start)) throw new Error(start.refused);
    expect(toApply(start, target).changes).toEqual([{ op: 'update', id: 's1', baseUpdatedAt: 1000, frame: 5 }]);
    const move = e.run(setSegmentSpan, { id: 's1', frame: 0, endFrame: 10 }, 0);
    if (isRefusal(move)) throw new Error(move.refused);
    expect(toApply(move, target).changes).toEqual([{ op: 'update', id: 's1', baseUpdatedAt: 1000, frame: 0, frameEnd: 10 }]);
  });
});
