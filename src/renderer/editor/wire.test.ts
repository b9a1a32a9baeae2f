import { describe, expect, it } from 'vitest';
import { ApplyAnnotations } from '../../shared/contract/domain';
import { moveAnnotation, setKeyframe, setLabel } from './commands';
import { Editor } from './editor';
import { isRefusal, type Annotation } from './types';
import { fromWire, toApply } from './wire';

const stored = {
  id: 'b1',
  episodeId: 7,
  camera: 'top',
  kind: 'box',
  frameStart: 4,
  frameEnd: 4,
  isTrack: false,
  geometry: { x1: 1, y1: 1, x2: 9, y2: 9 },
  labelId: 2,
  query: null,
  source: 'tracked' as const,
  confidence: 0.8,
  author: 'me',
  createdAt: 1,
  updatedAt: 1000,
};
const target = { episodeId: 7, camera: 'top', clientId: 'w1' };

describe('wire mapping', () => {
  it('reads a stored annotation into the editor shape', () => {
    expect(fromWire(stored)).toMatchObject({ id: 'b1', kind: 'box', camera: 'top', frame: 4, labelId: 2, updatedAt: 1000, source: 'tracked' });
  });

  it('sends a create the contract accepts', () => {
    const a: Annotation = { id: 'n1', kind: 'point', camera: 'top', labelId: null, frame: 3, geometry: { x: 1, y: 2, role: 'other' } };
    const e = new Editor({ length: 10, newId: () => 'batch' });
    e.run({ name: 'createAnnotation', undoable: true, perform: () => [{ op: 'create', annotation: a }] }, undefined, 3);
    const [item] = e.takeOutbox();
    if (item?.type !== 'apply') throw new Error('expected an apply');
    const call = ApplyAnnotations.parse(toApply(item.batch, target));
    expect(call.command).toEqual({ name: 'createAnnotation', undoable: true });
    expect(call.changes[0]).toMatchObject({ op: 'create', id: 'n1', kind: 'point', frame: 3, isTrack: false });
  });

  it('sends only what an update changed, with the version it was based on', () => {
    const e = new Editor({ length: 10, annotations: [fromWire(stored)], newId: () => 'batch' });
    const label = e.run(setLabel, { ids: ['b1'], labelId: 3 }, 4);
    const move = e.run(moveAnnotation, { ids: ['b1'], dx: 1, dy: 0, frame: 4 }, 4);
    const key = e.run(setKeyframe, { id: 'b1', frame: 8 }, 8);
    if (isRefusal(label) || isRefusal(move) || isRefusal(key)) throw new Error('refused');
    expect(toApply(label, target).changes).toEqual([{ op: 'update', id: 'b1', baseUpdatedAt: 1000, labelId: 3 }]);
    expect(toApply(move, target).changes[0]).toEqual({ op: 'update', id: 'b1', baseUpdatedAt: 1000, geometry: { x1: 2, y1: 1, x2: 10, y2: 9 } });
    // Becoming a track changes isTrack, which an update cannot: the shape is replaced under its id.
    const replaced = ApplyAnnotations.parse(toApply(key, target)).changes;
    expect(replaced.map((c) => c.op)).toEqual(['delete', 'create']);
    expect(replaced[1]).toMatchObject({ id: 'b1', isTrack: true, frame: 4, geometry: { keyframes: [{ frame: 4 }, { frame: 8 }] } });
    expect(replaced[1]!.op === 'create' && replaced[1]!.source).toBeUndefined();
  });
});
