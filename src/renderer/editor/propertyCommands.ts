/**
 * Editing an annotation's properties rather than its shape: a point's role, a trajectory's owner, the
 * grounding question. Each applies to every selected annotation as one undo step, or refuses as a whole
 * (naming the first annotation it cannot apply to), so a mixed selection never half-changes.
 */
import type { PointGeometry, TrajectoryGeometry } from '../../shared/contract/annotations';
import type { Command } from './commands';
import type { AnnotationDocument } from './document';
import { isTrack } from './kinds/track';
import { isRefusal, type Annotation, type Change, type Refusal } from './types';

export type PointRole = PointGeometry['role'];
export type TrajectoryOwner = TrajectoryGeometry['of'];

export const POINT_ROLES: readonly PointRole[] = ['grasp', 'contact', 'place_target', 'other'];
export const TRAJECTORY_OWNERS: readonly TrajectoryOwner[] = ['gripper', 'object'];
/** The contract's limit on a stored query (domain.ts). */
export const QUERY_MAX = 2000;

const command = <A>(name: string, perform: Command<A>['perform']): Command<A> => ({ name, undoable: true, perform });

/** One update per id, or the first refusal; an annotation already as asked is left out of the batch. */
function updateAll(doc: AnnotationDocument, ids: readonly string[], edit: (a: Annotation) => Annotation | Refusal): Change[] | Refusal {
  if (ids.length === 0) return { refused: 'select an annotation first' };
  const changes: Change[] = [];
  for (const id of ids) {
    const before = doc.get(id);
    if (!before) return { refused: `annotation ${id} does not exist` };
    const after = edit(before);
    if (isRefusal(after)) return after;
    if (after !== before) changes.push({ op: 'update', before, after });
  }
  return changes;
}

/** A point's role; a point track keeps it in every keyframe's value, so all of them change (absent ones stay absent). */
export const setPointRole = command<{ ids: string[]; role: PointRole }>('setPointRole', (doc, { ids, role }) => {
  if (!POINT_ROLES.includes(role)) return { refused: `"${String(role)}" is not a point role (${POINT_ROLES.join(', ')})` };
  return updateAll(doc, ids, (a) => {
    if (a.kind !== 'point') return { refused: `a ${a.kind} has no role; only points do` };
    if (isTrack(a.geometry)) {
      const g = a.geometry;
      if (g.keyframes.every((k) => !k.value || (k.value as PointGeometry).role === role)) return a;
      return { ...a, geometry: { keyframes: g.keyframes.map((k) => (k.value ? { ...k, value: { ...(k.value as PointGeometry), role } } : k)) } };
    }
    const g = a.geometry as PointGeometry;
    return g.role === role ? a : { ...a, geometry: { ...g, role } };
  });
});

export const setTrajectoryOwner = command<{ ids: string[]; of: TrajectoryOwner }>('setTrajectoryOwner', (doc, { ids, of }) => {
  if (!TRAJECTORY_OWNERS.includes(of)) return { refused: `"${String(of)}" is not a trajectory owner (${TRAJECTORY_OWNERS.join(', ')})` };
  return updateAll(doc, ids, (a) => {
    if (a.kind !== 'trajectory') return { refused: `a ${a.kind} has no owner; only trajectories do` };
    const g = a.geometry as TrajectoryGeometry;
    return g.of === of ? a : { ...a, geometry: { ...g, of } };
  });
});

/** The grounding question that overrides the generated one; blank text clears it (null: generated again). */
export const setQuery = command<{ ids: string[]; query: string | null }>('setQuery', (doc, { ids, query }) => {
  const text = query?.trim() ? query.trim() : null;
  if (text !== null && text.length > QUERY_MAX) return { refused: `the query is ${text.length} characters; at most ${QUERY_MAX} are kept` };
  return updateAll(doc, ids, (a) => ((a.query ?? null) === text ? a : { ...a, query: text }));
});
