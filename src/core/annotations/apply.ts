/**
 * annotations.apply: a batch of changes, checked and written in one transaction, recorded as one
 * history step. A drag is sent once, on pointer-up, so it is one step; a cancelled drag is never sent.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AUTOMATIC_SOURCES, type AnnotationChange, type AnnotationSource, type ApplyAnnotations } from '../../shared/contract/domain';
import type { AnnotationKind } from '../../shared/contract/annotations';
import { ApiError } from '../../shared/contract/errors';
import type { Annotation as StoredAnnotation, Repositories } from '../db/repositories/index';
import { checkEditFrame, episodeContext, nextVersion, requireCamera, type EpisodeContext } from './context';
import type { DiffEntry } from './diff';
import { checkGeometry, roundCoordinates } from './validate';

type Input = z.output<typeof ApplyAnnotations>;
type Change = z.output<typeof AnnotationChange>;

export interface Applied {
  ctx: EpisodeContext;
  step: number;
  stored: StoredAnnotation[];
  deleted: string[];
  /** The episode went from todo to in_progress with this batch (its first stored annotation). */
  started: boolean;
}

export function applyChanges(repos: Repositories, input: Input, author: string): Applied {
  const ctx = episodeContext(repos, input.episodeId);
  checkEditFrame(ctx, input.frame);
  const cameraId = input.camera === undefined ? null : requireCamera(ctx, input.camera, 'camera').id;
  return repos.transaction(() => {
    // First `before` and last `after` per id: the step's diff is between the two marks, not per change.
    const touched = new Map<string, Outcome>();
    input.changes.forEach((change, i) => {
      const where = `changes.${i} (${change.op}${change.id ? ` ${change.id}` : ''})`;
      const { id, before, after } = applyOne(repos, ctx, change, where, author);
      const seen = touched.get(id);
      if (seen) seen.after = after;
      else touched.set(id, { id, before, after });
    });
    const entries = [...touched.values()].filter((e) => e.before !== null || e.after !== null);
    const step = repos.editLog.append({
      episodeId: ctx.episodeId,
      command: input.command.name,
      undoable: input.command.undoable,
      cameraId,
      frameIndex: input.frame,
      forward: entries.map((e): DiffEntry => ({ id: e.id, row: e.after })),
      backward: entries.map((e): DiffEntry => ({ id: e.id, row: e.before })),
      author,
    });
    const created = entries.some((e) => e.before === null && e.after !== null);
    const started = created && repos.episodes.startWork(ctx.episodeId, author);
    return {
      ctx,
      step,
      started,
      stored: entries.flatMap((e) => (e.after ? [e.after] : [])),
      deleted: entries.filter((e) => e.after === null).map((e) => e.id),
    };
  });
}

interface Outcome {
  id: string;
  before: StoredAnnotation | null;
  after: StoredAnnotation | null;
}

function applyOne(repos: Repositories, ctx: EpisodeContext, change: Change, where: string, author: string): Outcome {
  if (change.op === 'create') {
    const id = change.id ?? randomUUID();
    if (repos.annotations.get(id)) throw new ApiError('conflict', `${where}: annotation ${id} already exists`);
    const camera = requireCamera(ctx, change.camera, `${where}: camera`);
    const checked = checkGeometry(where, change.kind, change.isTrack, change.geometry, change.frame, {
      width: camera.width,
      height: camera.height,
      length: ctx.length,
    }, change.frameEnd);
    checkLabel(repos, change.labelId, where);
    const now = nextVersion();
    repos.annotations.insert({
      id,
      episodeId: ctx.episodeId,
      cameraId: camera.id,
      kind: change.kind,
      ...checked,
      isTrack: change.isTrack,
      labelClassId: change.labelId,
      query: change.query,
      source: change.source ?? 'manual',
      confidence: change.confidence,
      author,
      createdAt: now,
      updatedAt: now,
    });
    return { id, before: null, after: repos.annotations.get(id)! };
  }

  const current = requireCurrent(repos, ctx, change.id, change.baseUpdatedAt, where);
  if (change.op === 'delete') {
    repos.annotations.delete(change.id);
    return { id: change.id, before: current, after: null };
  }

  const camera = ctx.byId.get(current.cameraId)!;
  const geometryGiven = change.geometry !== undefined;
  const checked = checkGeometry(
    where,
    current.kind as AnnotationKind,
    current.isTrack,
    geometryGiven ? change.geometry : current.geometry,
    change.frame ?? current.frameStart,
    { width: camera.width, height: camera.height, length: ctx.length },
    // A segment keeps its stored end unless told otherwise; any other kind sending one is refused there.
    current.kind === 'segment' ? (change.frameEnd ?? current.frameEnd) : change.frameEnd,
  );
  if (change.labelId !== undefined) checkLabel(repos, change.labelId, where);
  // A tool names its source; a person does not, and their edit makes an automatic value manual.
  const byPerson = change.source === undefined;
  if (byPerson && current.isTrack && geometryGiven) markEditedKeyframes(current.geometry, checked.geometry);
  const source: AnnotationSource =
    change.source ?? (AUTOMATIC_SOURCES.includes(current.source) ? 'manual' : current.source);
  const after = repos.annotations.update(
    change.id,
    {
      frameStart: checked.frameStart,
      frameEnd: checked.frameEnd,
      geometry: checked.geometry,
      source,
      ...(change.labelId !== undefined && { labelClassId: change.labelId }),
      ...(change.query !== undefined && { query: change.query }),
      ...(change.confidence !== undefined && { confidence: change.confidence }),
    },
    nextVersion(current.updatedAt),
  );
  return { id: change.id, before: current, after: after! };
}

/** The row as stored, if the client's view of it is still current. */
function requireCurrent(repos: Repositories, ctx: EpisodeContext, id: string, base: number | undefined, where: string): StoredAnnotation {
  const current = repos.annotations.get(id);
  if (!current) throw new ApiError('conflict', `${where}: annotation ${id} was deleted elsewhere; reload the episode`, { id });
  if (current.episodeId !== ctx.episodeId) {
    throw new ApiError('bad_request', `${where}: annotation ${id} belongs to episode ${current.episodeId}, not ${ctx.episodeId}`);
  }
  if (base !== undefined && base !== current.updatedAt) {
    const when = new Date(current.updatedAt).toISOString();
    throw new ApiError('conflict', `${where}: annotation ${id} was changed elsewhere (at ${when}) since you loaded it; reload to see the change`, {
      id,
      updatedAt: current.updatedAt,
    });
  }
  return current;
}

function checkLabel(repos: Repositories, labelId: number | null, where: string): void {
  if (labelId !== null && !repos.labels.get(labelId)) {
    throw new ApiError('bad_request', `${where}: labelId: unknown label ${labelId}; create it first (labels.create)`);
  }
}

type Keyframe = { frame: number; value: unknown; source: string };

/** Keyframes a person moved or added stop claiming to be tracked or projected. */
function markEditedKeyframes(before: unknown, after: unknown): void {
  const old = new Map(((before as { keyframes?: Keyframe[] }).keyframes ?? []).map((k) => [k.frame, k]));
  for (const k of (after as { keyframes: Keyframe[] }).keyframes) {
    const was = old.get(k.frame);
    // Rows stored before coordinates were rounded compare by their rounded values, as the incoming ones were.
    const edited = !was || JSON.stringify(roundCoordinates(was.value)) !== JSON.stringify(k.value);
    if (edited && AUTOMATIC_SOURCES.includes(k.source as AnnotationSource)) k.source = 'manual';
  }
}
