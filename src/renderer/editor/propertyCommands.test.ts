import { describe, expect, it } from 'vitest';
import type { PointGeometry, TrackGeometry, TrajectoryGeometry } from '../../shared/contract/annotations';
import { setVertexFrame } from './commands';
import { Editor } from './editor';
import { setPointRole, setQuery, setTrajectoryOwner } from './propertyCommands';
import { isRefusal, type Annotation } from './types';
import { toApply } from './wire';

const point = (id: string): Annotation => ({ id, kind: 'point', camera: 'front', labelId: 1, frame: 3, geometry: { x: 20, y: 20, role: 'other' }, query: null, updatedAt: 1 });
const pointTrack = (id: string): Annotation => ({
  id,
  kind: 'point',
  camera: 'front',
  labelId: 1,
  frame: 0,
  geometry: {
    keyframes: [
      { frame: 0, value: { x: 1, y: 1, role: 'contact' }, source: 'manual' },
      { frame: 5, value: null, source: 'manual' },
      { frame: 9, value: { x: 9, y: 9, role: 'other' }, source: 'tracked', confidence: 0.8 },
    ],
  },
  updatedAt: 1,
});
const box = (id: string): Annotation => ({ id, kind: 'box', camera: 'front', labelId: 1, frame: 3, geometry: { x1: 1, y1: 1, x2: 9, y2: 9 }, updatedAt: 1 });
const trajectory = (id: string): Annotation => ({
  id,
  kind: 'trajectory',
  camera: 'front',
  labelId: null,
  frame: 0,
  geometry: { of: 'gripper', points: [{ x: 0, y: 0, frame: 0 }, { x: 5, y: 5, frame: 4 }, { x: 9, y: 9, frame: 8 }] },
  updatedAt: 1,
});

function make(annotations: Annotation[]) {
  let n = 0;
  return new Editor({ length: 100, annotations, newId: () => `b${n++}` });
}

/** The annotations.apply the editor would send for its queued batches. */
function sent(e: Editor) {
  return e.takeOutbox().map((item) => {
    if (item.type !== 'apply') throw new Error(`expected an apply, got ${item.type}`);
    return toApply(item.batch, { episodeId: 1, camera: 'front' });
  });
}

describe('setPointRole', () => {
  it('sets the role of a point and of every present keyframe of a point track, as one undo step', () => {
    const e = make([point('p'), pointTrack('t')]);
    const batch = e.run(setPointRole, { ids: ['p', 't'], role: 'grasp' }, 3);
    expect(isRefusal(batch)).toBe(false);
    expect((e.doc.get('p')!.geometry as PointGeometry).role).toBe('grasp');
    const keyframes = (e.doc.get('t')!.geometry as TrackGeometry).keyframes;
    expect(keyframes.map((k) => (k.value as PointGeometry | null)?.role ?? null)).toEqual(['grasp', null, 'grasp']);
    // A role is not a new value: the tracked keyframe keeps its source and confidence.
    expect(keyframes[2]).toMatchObject({ source: 'tracked', confidence: 0.8, value: { x: 9, y: 9 } });
    const [apply] = sent(e);
    expect(apply!.command).toEqual({ name: 'setPointRole', undoable: true });
    expect(apply!.changes).toHaveLength(2);
    expect(apply!.changes[0]).toEqual({ op: 'update', id: 'p', baseUpdatedAt: 1, geometry: { x: 20, y: 20, role: 'grasp' } });
    e.undo();
    expect((e.doc.get('p')!.geometry as PointGeometry).role).toBe('other');
    expect(((e.doc.get('t')!.geometry as TrackGeometry).keyframes[0]!.value as PointGeometry).role).toBe('contact');
  });

  it('refuses a selection with anything but points, and changes nothing', () => {
    const e = make([point('p'), box('b')]);
    const r = e.run(setPointRole, { ids: ['p', 'b'], role: 'grasp' }, 3);
    expect(r).toEqual({ refused: 'a box has no role; only points do' });
    expect((e.doc.get('p')!.geometry as PointGeometry).role).toBe('other');
    expect(e.takeOutbox()).toEqual([]);
  });

  it('refuses a role the schema does not know, and an empty selection', () => {
    const e = make([point('p')]);
    expect(isRefusal(e.run(setPointRole, { ids: ['p'], role: 'hold' as never }, 3))).toBe(true);
    expect(e.run(setPointRole, { ids: [], role: 'grasp' }, 3)).toEqual({ refused: 'select an annotation first' });
  });

  it('sends nothing when the role is already the one asked for', () => {
    const e = make([point('p')]);
    e.run(setPointRole, { ids: ['p'], role: 'other' }, 3);
    expect(e.takeOutbox()).toEqual([]);
    expect(e.history.canUndo).toBe(false);
  });
});

describe('setTrajectoryOwner', () => {
  it('sets the owner and undoes it', () => {
    const e = make([trajectory('r')]);
    e.run(setTrajectoryOwner, { ids: ['r'], of: 'object' }, 0);
    expect((e.doc.get('r')!.geometry as TrajectoryGeometry).of).toBe('object');
    expect(sent(e)[0]!.changes[0]).toMatchObject({ op: 'update', id: 'r', geometry: { of: 'object' } });
    e.undo();
    expect((e.doc.get('r')!.geometry as TrajectoryGeometry).of).toBe('gripper');
  });

  it('refuses points and boxes', () => {
    const e = make([trajectory('r'), point('p')]);
    expect(e.run(setTrajectoryOwner, { ids: ['r', 'p'], of: 'object' }, 0)).toEqual({ refused: 'a point has no owner; only trajectories do' });
    expect((e.doc.get('r')!.geometry as TrajectoryGeometry).of).toBe('gripper');
  });
});

describe('setVertexFrame (used by the inspector)', () => {
  it('refuses a frame that would run time backwards along the trace', () => {
    const e = make([trajectory('r')]);
    const r = e.run(setVertexFrame, { id: 'r', index: 1, frame: 9 }, 0);
    expect(isRefusal(r) && r.refused).toMatch(/must not go backwards/);
    e.run(setVertexFrame, { id: 'r', index: 1, frame: 6 }, 0);
    expect((e.doc.get('r')!.geometry as TrajectoryGeometry).points[1]!.frame).toBe(6);
  });
});

describe('setQuery', () => {
  it('stores trimmed text on any kind, sends only the query, and blank text clears it', () => {
    const e = make([point('p'), box('b')]);
    e.run(setQuery, { ids: ['p', 'b'], query: '  where should the gripper grasp the pear? ' }, 3);
    expect(e.doc.get('p')!.query).toBe('where should the gripper grasp the pear?');
    expect(e.doc.get('b')!.query).toBe('where should the gripper grasp the pear?');
    const [apply] = sent(e);
    expect(apply!.changes[0]).toEqual({ op: 'update', id: 'p', baseUpdatedAt: 1, query: 'where should the gripper grasp the pear?' });
    e.run(setQuery, { ids: ['p'], query: '   ' }, 3);
    expect(e.doc.get('p')!.query).toBeNull();
    expect(sent(e)[0]!.changes[0]).toMatchObject({ id: 'p', query: null });
    e.undo();
    expect(e.doc.get('p')!.query).toBe('where should the gripper grasp the pear?');
  });

  it('refuses a query longer than the backend keeps', () => {
    const e = make([point('p')]);
    const r = e.run(setQuery, { ids: ['p'], query: 'x'.repeat(2001) }, 3);
    expect(isRefusal(r) && r.refused).toMatch(/2001 characters/);
    expect(e.doc.get('p')!.query).toBeNull();
  });
});
