import type { Annotation as WireAnnotation, AnnotationChange, ApplyAnnotations } from '../../shared/contract/domain';
import type { AnnotationKind } from '../../shared/contract/annotations';
import { spanOf } from './document';
import { isTrack } from './kinds/track';
import type { Annotation, Change, ChangeBatch } from './types';

/** An annotation as `annotations.list` returns it, in the editor's shape. */
export function fromWire(w: WireAnnotation): Annotation {
  const a: Annotation = {
    id: w.id,
    kind: w.kind as AnnotationKind,
    // A segment is filed under the camera it was made on, but belongs to the episode: shown on every camera.
    camera: w.kind === 'segment' ? null : w.camera,
    labelId: w.labelId,
    frame: w.frameStart,
    geometry: w.geometry as Annotation['geometry'],
    query: w.query,
    source: w.source,
    confidence: w.confidence,
    updatedAt: w.updatedAt,
    author: w.author,
    createdAt: w.createdAt,
  };
  if (w.kind === 'segment') a.endFrame = w.frameEnd;
  return a;
}

/** The frame the backend files an annotation under: where it starts. */
const firstFrame = (a: Annotation): number => spanOf(a, Number.MAX_SAFE_INTEGER)[0];
/** A segment's last frame (inclusive), which the backend stores as frameEnd. */
const lastFrame = (a: Annotation): number => spanOf(a, Number.MAX_SAFE_INTEGER)[1];

function toChanges(c: Change, fallbackCamera: string): AnnotationChange[] {
  // AnnotationUpdate cannot change isTrack, so a shape that becomes a track is replaced under the same id,
  // inside the same atomic batch (the backend applies changes in order and deletes rows outright). It is a
  // person's edit, so the new row is 'manual', as an update without a source would be.
  if (c.op === 'update' && isTrack(c.before.geometry) !== isTrack(c.after.geometry)) {
    const { source: _automatic, ...edited } = c.after;
    return [toChange({ op: 'delete', annotation: c.before }, fallbackCamera), toChange({ op: 'create', annotation: edited }, fallbackCamera)];
  }
  return [toChange(c, fallbackCamera)];
}

function toChange(c: Change, fallbackCamera: string): AnnotationChange {
  if (c.op === 'create') {
    const a = c.annotation;
    return {
      op: 'create',
      id: a.id,
      camera: a.camera ?? fallbackCamera,
      kind: a.kind,
      frame: firstFrame(a),
      ...(a.kind === 'segment' ? { frameEnd: lastFrame(a) } : {}),
      isTrack: isTrack(a.geometry),
      geometry: a.geometry,
      labelId: a.labelId,
      query: a.query ?? null,
      confidence: a.confidence ?? null,
      ...(a.source ? { source: a.source } : {}),
    };
  }
  if (c.op === 'delete') return { op: 'delete', id: c.annotation.id, ...(c.annotation.updatedAt !== undefined ? { baseUpdatedAt: c.annotation.updatedAt } : {}) };
  // Only what changed is sent: the backend then keeps an automatic source unless the geometry was edited.
  const { before, after } = c;
  const geometryChanged = JSON.stringify(before.geometry) !== JSON.stringify(after.geometry);
  return {
    op: 'update',
    id: after.id,
    ...(before.updatedAt !== undefined ? { baseUpdatedAt: before.updatedAt } : {}),
    ...(firstFrame(before) !== firstFrame(after) && !isTrack(after.geometry) ? { frame: firstFrame(after) } : {}),
    ...(after.kind === 'segment' && lastFrame(before) !== lastFrame(after) ? { frameEnd: lastFrame(after) } : {}),
    ...(geometryChanged ? { geometry: after.geometry } : {}),
    ...(before.labelId !== after.labelId ? { labelId: after.labelId } : {}),
    ...(before.query !== after.query ? { query: after.query ?? null } : {}),
  };
}

export interface WireTarget {
  episodeId: number;
  /** The camera the edit was made on; also the camera of a new segment, which the backend files under one. */
  camera: string;
  clientId?: string;
}

/** A committed batch as one `annotations.apply` call: one named command, one undo step on the backend. */
export function toApply(batch: ChangeBatch, target: WireTarget, undoable = true): ApplyAnnotations {
  return {
    episodeId: target.episodeId,
    command: { name: batch.name, undoable },
    changes: batch.changes.flatMap((c) => toChanges(c, target.camera)),
    frame: batch.frame,
    camera: target.camera,
    ...(target.clientId ? { clientId: target.clientId } : {}),
  };
}
