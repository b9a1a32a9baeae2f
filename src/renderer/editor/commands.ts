import type { BoxGeometry, PointGeometry, TrackGeometry, TrajectoryGeometry } from '../../shared/contract/annotations';
import type { AnnotationDocument } from './document';
import type { Vec } from './geometry';
import { utilOf } from './kinds/registry';
import { isTrack, keyframeAt, removeKeyframe as dropKeyframe, setKeyframe as putKeyframe, valueAt } from './kinds/track';
import * as traj from './kinds/trajectory';
import { isRefusal, type Annotation, type Change, type Geometry, type Refusal } from './types';

/**
 * A named edit: a pure function from the document to changes. `undoable` says whether it becomes an undo
 * step and is sent to the backend (true), or only mirrors state that is already persisted (false: loads, remote echoes).
 */
export interface Command<A> {
  name: string;
  undoable: boolean;
  perform(doc: AnnotationDocument, args: A): Change[] | Refusal;
}

const command = <A>(name: string, perform: Command<A>['perform'], undoable = true): Command<A> => ({ name, undoable, perform });

function update(doc: AnnotationDocument, id: string, edit: (a: Annotation) => Annotation | Refusal): Change[] | Refusal {
  const before = doc.get(id);
  if (!before) return { refused: `annotation ${id} does not exist` };
  const after = edit(before);
  return isRefusal(after) ? after : [{ op: 'update', before, after }];
}

type Value = PointGeometry | BoxGeometry;

/** The point or box shown on `frame`: a single-frame shape only on its own frame, a track wherever it is present. */
export function valueOn(a: Annotation, frame: number): Value | null {
  if (isTrack(a.geometry)) return valueAt(a.geometry, frame);
  if (a.kind !== 'point' && a.kind !== 'box') return null;
  return a.frame === frame ? (a.geometry as Value) : null;
}

/** The geometry an annotation shows on `frame`: a track's value there, or its own geometry. */
export function shownGeometry(a: Annotation, frame: number): Geometry | null {
  if (isTrack(a.geometry) || a.kind === 'point' || a.kind === 'box') return valueOn(a, frame);
  return a.kind === 'segment' ? null : a.geometry;
}

/** A track's edits land on the current frame as a keyframe: editing never silently moves other frames (CVAT's habit). */
function editOnFrame(a: Annotation, frame: number, edit: (g: Geometry) => Geometry): Annotation | Refusal {
  if (a.kind === 'segment') return { refused: 'a segment has no geometry on the image' };
  if (!isTrack(a.geometry)) {
    if (a.kind !== 'trajectory' && a.frame !== frame) return { refused: `this ${a.kind} is on frame ${a.frame}, not ${frame}` };
    return { ...a, geometry: edit(a.geometry) };
  }
  const current = valueOn(a, frame);
  if (!current) return { refused: `the ${a.kind} is absent on frame ${frame}` };
  return { ...a, geometry: putKeyframe(a.geometry, frame, edit(current) as Value) };
}

export const createAnnotation = command<{ annotation: Annotation }>('createAnnotation', (doc, { annotation }) =>
  doc.has(annotation.id) ? { refused: `annotation ${annotation.id} already exists` } : [{ op: 'create', annotation }],
);

export const deleteAnnotation = command<{ ids: string[] }>('deleteAnnotation', (doc, { ids }) => {
  const found = ids.map((id) => doc.get(id)).filter((a): a is Annotation => a !== undefined);
  return found.length ? found.map((annotation) => ({ op: 'delete', annotation })) : { refused: 'nothing to delete' };
});

export const moveAnnotation = command<{ ids: string[]; dx: number; dy: number; frame: number }>('moveAnnotation', (doc, { ids, dx, dy, frame }) => {
  const changes: Change[] = [];
  for (const id of ids) {
    const r = update(doc, id, (a) => editOnFrame(a, frame, (g) => utilOf(a.kind).move(g, dx, dy)));
    if (isRefusal(r)) return r;
    changes.push(...r);
  }
  return changes;
});

export const dragHandle = command<{ id: string; handle: string; p: Vec; frame: number }>('dragHandle', (doc, { id, handle, p, frame }) =>
  update(doc, id, (a) => editOnFrame(a, frame, (g) => utilOf(a.kind).dragHandle(g, handle, p))),
);

export const setLabel = command<{ ids: string[]; labelId: number | null }>('setLabel', (doc, { ids, labelId }) => {
  const changes: Change[] = [];
  for (const id of ids) {
    const r = update(doc, id, (a) => ({ ...a, labelId }));
    if (isRefusal(r)) return r;
    changes.push(...r);
  }
  return changes;
});

/** A single-frame point or box becomes a track the first time it is keyframed or marked absent elsewhere. */
function asTrack(a: Annotation): TrackGeometry | Refusal {
  if (isTrack(a.geometry)) return a.geometry;
  if (a.kind !== 'point' && a.kind !== 'box') return { refused: `a ${a.kind} has no keyframes` };
  return { keyframes: [{ frame: a.frame, value: a.geometry as Value, source: 'manual' }] };
}

export const setKeyframe = command<{ id: string; frame: number }>('setKeyframe', (doc, { id, frame }) =>
  update(doc, id, (a) => {
    const track = asTrack(a);
    if (isRefusal(track)) return track;
    if (keyframeAt(track, frame)) return { refused: `frame ${frame} is already a keyframe` };
    const value = isTrack(a.geometry) ? valueOn(a, frame) : (a.geometry as Value);
    if (!value) return { refused: `the ${a.kind} is absent on frame ${frame}; mark it present first` };
    return { ...a, geometry: putKeyframe(track, frame, value) };
  }),
);

export const removeKeyframe = command<{ id: string; frame: number }>('removeKeyframe', (doc, { id, frame }) =>
  update(doc, id, (a) => {
    if (!isTrack(a.geometry) || !keyframeAt(a.geometry, frame)) return { refused: `frame ${frame} is not a keyframe` };
    const track = dropKeyframe(a.geometry, frame);
    return track ? { ...a, geometry: track } : { refused: 'the last keyframe cannot be removed; delete the annotation instead' };
  }),
);

/** Absent from `frame` on (until the next keyframe); toggling again brings back the last value seen before. */
export const toggleAbsent = command<{ id: string; frame: number }>('toggleAbsent', (doc, { id, frame }) =>
  update(doc, id, (a) => {
    const track = asTrack(a);
    if (isRefusal(track)) return track;
    const present = isTrack(a.geometry) ? valueOn(a, frame) : a.frame === frame ? (a.geometry as Value) : null;
    if (present) return { ...a, geometry: putKeyframe(track, frame, null) };
    const earlier = [...track.keyframes].reverse().find((k) => k.frame <= frame && k.value !== null);
    const later = track.keyframes.find((k) => k.frame > frame && k.value !== null);
    const value = (earlier ?? later)?.value;
    if (!value) return { refused: 'the track has no value to bring back' };
    return { ...a, geometry: putKeyframe(track, frame, value) };
  }),
);

function trajectoryEdit(doc: AnnotationDocument, id: string, edit: (g: TrajectoryGeometry) => TrajectoryGeometry | Refusal) {
  return update(doc, id, (a) => {
    if (a.kind !== 'trajectory') return { refused: `annotation ${id} is a ${a.kind}, not a trajectory` };
    const g = edit(a.geometry as TrajectoryGeometry);
    return isRefusal(g) ? g : { ...a, geometry: g };
  });
}

export const addVertex = command<{ id: string; vertex: TrajectoryGeometry['points'][number] }>('addVertex', (doc, { id, vertex }) =>
  trajectoryEdit(doc, id, (g) => traj.addVertex(g, vertex)),
);
export const insertVertex = command<{ id: string; edge: number; p: Vec }>('insertVertex', (doc, { id, edge, p }) =>
  trajectoryEdit(doc, id, (g) => traj.insertOnEdge(g, edge, p)),
);
export const deleteVertex = command<{ id: string; index: number }>('deleteVertex', (doc, { id, index }) =>
  trajectoryEdit(doc, id, (g) => traj.deleteVertex(g, index)),
);
export const setVertexFrame = command<{ id: string; index: number; frame: number }>('setVertexFrame', (doc, { id, index, frame }) =>
  trajectoryEdit(doc, id, (g) => traj.setVertexFrame(g, index, frame)),
);

export const setSegmentSpan = command<{ id: string; frame: number; endFrame: number }>('setSegmentSpan', (doc, { id, frame, endFrame }) =>
  update(doc, id, (a) => {
    if (a.kind !== 'segment') return { refused: `annotation ${id} is a ${a.kind}, not a segment` };
    if (endFrame < frame) return { refused: `a segment cannot end (frame ${endFrame}) before it starts (frame ${frame})` };
    return { ...a, frame, endFrame };
  }),
);

/** Mirrors annotations the backend already holds (a load, another window's edit): never an undo step, never sent back. */
export const loadAnnotations = command<{ annotations: Annotation[] }>(
  'loadAnnotations',
  (doc, { annotations }) =>
    annotations.map((annotation): Change => {
      const before = doc.get(annotation.id);
      return before ? { op: 'update', before, after: annotation } : { op: 'create', annotation };
    }),
  false,
);
