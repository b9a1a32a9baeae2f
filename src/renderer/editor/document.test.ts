import { describe, expect, it } from 'vitest';
import { AnnotationDocument } from './document';
import type { Annotation } from './types';

const point = (id: string, frame: number, camera = 'top'): Annotation => ({ id, kind: 'point', camera, labelId: 1, frame, geometry: { x: 1, y: 2, role: 'other' } });
const track = (id: string, frames: [number, boolean][]): Annotation => ({
  id,
  kind: 'box',
  camera: 'wrist',
  labelId: null,
  frame: frames[0]![0],
  geometry: { keyframes: frames.map(([frame, present]) => ({ frame, value: present ? { x1: 0, y1: 0, x2: 5, y2: 5 } : null, source: 'manual' as const })) },
});
const ids = (as: Annotation[]) => as.map((a) => a.id).sort();

describe('AnnotationDocument', () => {
  it('finds what is visible on a camera at a frame, including spans that cover it', () => {
    const doc = new AnnotationDocument(1000, [
      point('p1', 5),
      point('p2', 6),
      point('p3', 5, 'wrist'),
      track('t1', [[100, true], [300, false]]),
      track('t2', [[900, true]]),
      { id: 'seg', kind: 'segment', camera: null, labelId: null, frame: 0, endFrame: 200, geometry: { phase: 'grasp', text: '' } },
    ]);
    expect(ids(doc.visibleAt('top', 5))).toEqual(['p1', 'seg']);
    expect(ids(doc.visibleAt('wrist', 250))).toEqual(['t1']);
    expect(ids(doc.visibleAt('wrist', 300))).toEqual(['t1']);
    expect(ids(doc.visibleAt('wrist', 301))).toEqual([]);
    // Present at its last keyframe: runs to the episode's end.
    expect(ids(doc.visibleAt('wrist', 999))).toEqual(['t2']);
    expect(ids(doc.byCamera('top'))).toEqual(['p1', 'p2', 'seg']);
  });

  it('applies a batch and its inverse back to the original, re-indexing moved spans', () => {
    const doc = new AnnotationDocument(500, [point('p1', 5)]);
    const original = doc.all();
    const before = doc.get('p1')!;
    const changes = [
      { op: 'update' as const, before, after: { ...before, frame: 400 } },
      { op: 'create' as const, annotation: point('p2', 7) },
    ];
    doc.apply(changes);
    expect(ids(doc.visibleAt('top', 5))).toEqual([]);
    expect(ids(doc.visibleAt('top', 400))).toEqual(['p1']);
    doc.apply(AnnotationDocument.inverse(changes));
    expect(doc.all()).toEqual(original);
    expect(ids(doc.visibleAt('top', 5))).toEqual(['p1']);
  });

  it('follows a span that shrinks inside its bucket, and counts document changes only', () => {
    const doc = new AnnotationDocument(1000, [track('t1', [[100, true], [130, false]])]);
    expect(ids(doc.visibleAt('wrist', 120))).toEqual(['t1']);
    const before = doc.get('t1')!;
    const revision = doc.revision;
    doc.apply([{ op: 'update', before, after: track('t1', [[100, true], [110, false]]) }]);
    // Frames 111–127 share the bucket of 100–110: the stored span must have moved with the edit.
    expect(ids(doc.visibleAt('wrist', 110))).toEqual(['t1']);
    expect(ids(doc.visibleAt('wrist', 120))).toEqual([]);
    expect(doc.revision).toBeGreaterThan(revision);
    const after = doc.revision;
    doc.visibleAt('wrist', 100);
    doc.all();
    expect(doc.revision).toBe(after);
  });

  it('applies all or nothing when a change does not fit', () => {
    const doc = new AnnotationDocument(10, [point('p1', 1)]);
    expect(() => doc.apply([{ op: 'create', annotation: point('p2', 2) }, { op: 'create', annotation: point('p1', 3) }])).toThrow(/already exists/);
    expect(ids(doc.all())).toEqual(['p1']);
    expect(ids(doc.visibleAt('top', 2))).toEqual([]);
  });
});

describe('drawing order', () => {
  it('keeps an edited shape at its depth and restores a deleted one to it on undo', () => {
    const doc = new AnnotationDocument(10, [point('a', 1), point('b', 1), point('c', 1)]);
    const a = doc.get('a')!;
    doc.apply([{ op: 'update', before: a, after: { ...a, labelId: 5 } }]);
    expect(doc.visibleAt('top', 1).map((x) => x.id)).toEqual(['a', 'b', 'c']);
    const del = [{ op: 'delete' as const, annotation: doc.get('a')! }];
    doc.apply(del);
    doc.apply(AnnotationDocument.inverse(del));
    expect(doc.all().map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  it('treats a stored version that differs only in updatedAt as the same for an update', () => {
    const doc = new AnnotationDocument(10, [{ ...point('a', 1), updatedAt: 5 }]);
    const before = { ...point('a', 1), updatedAt: 9 };
    expect(() => doc.apply([{ op: 'update', before, after: { ...before, frame: 2 } }])).not.toThrow();
    expect(() => doc.apply([{ op: 'update', before: point('a', 7), after: point('a', 8) }])).toThrow(/changed since/);
  });
});
