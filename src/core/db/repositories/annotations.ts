/**
 * Annotations: points, boxes, trajectories on one frame or as a keyframe track. Geometry is stored as
 * JSON text and is the caller's to validate (the kind registry owns each kind's schema).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../connection';
import { fromJson, toFlag, toJson } from '../codec';

export const ANNOTATION_SOURCES = ['manual', 'interpolated', 'tracked', 'projected', 'imported', 'ground_truth'] as const;
export type AnnotationSource = (typeof ANNOTATION_SOURCES)[number];

export interface Annotation {
  id: string;
  episodeId: number;
  cameraId: number;
  kind: string;
  /** A frame annotation has frameStart = frameEnd; a track or a segment spans [frameStart, frameEnd]. */
  frameStart: number;
  frameEnd: number;
  isTrack: boolean;
  geometry: unknown;
  labelClassId: number | null;
  /** The grounding question this answers, e.g. "where is the red cup?". */
  query: string | null;
  source: AnnotationSource;
  confidence: number | null;
  author: string;
  createdAt: number;
  updatedAt: number;
}

export type NewAnnotation = Pick<Annotation, 'episodeId' | 'cameraId' | 'kind' | 'frameStart' | 'geometry' | 'source' | 'author'> &
  Partial<Omit<Annotation, 'episodeId' | 'cameraId' | 'kind' | 'frameStart' | 'geometry' | 'source' | 'author'>>;

export type AnnotationPatch = Partial<
  Pick<Annotation, 'frameStart' | 'frameEnd' | 'isTrack' | 'geometry' | 'labelClassId' | 'query' | 'source' | 'confidence'>
>;

type AnnotationRaw = Omit<Annotation, 'isTrack' | 'geometry' | 'source'> & { isTrack: number; geometry: string; source: string };

// Ties in frame order break on rowid (insertion order), which the indexes already carry, so no sort pass.
const COLUMNS = `id, episode_id AS episodeId, camera_id AS cameraId, kind, frame_start AS frameStart,
  frame_end AS frameEnd, is_track AS isTrack, geometry, label_class_id AS labelClassId, query, source, confidence,
  author, created_at AS createdAt, updated_at AS updatedAt`;

/** A row of COLUMNS as an array, in that order: what the list queries read (see fromTuple). */
type AnnotationTuple = [
  id: string, episodeId: number, cameraId: number, kind: string, frameStart: number, frameEnd: number, isTrack: number,
  geometry: string, labelClassId: number | null, query: string | null, source: string, confidence: number | null,
  author: string, createdAt: number, updatedAt: number,
];

/**
 * An episode's list is read whole when it opens (10,000 rows and more): array rows built into objects
 * directly take half the time of named rows copied by a spread.
 */
const fromTuple = (r: AnnotationTuple): Annotation => ({
  id: r[0],
  episodeId: r[1],
  cameraId: r[2],
  kind: r[3],
  frameStart: r[4],
  frameEnd: r[5],
  isTrack: r[6] === 1,
  geometry: fromJson(r[7]),
  labelClassId: r[8],
  query: r[9],
  source: r[10] as AnnotationSource,
  confidence: r[11],
  author: r[12],
  createdAt: r[13],
  updatedAt: r[14],
});

const toAnnotation = (r: AnnotationRaw): Annotation => ({
  ...r,
  isTrack: r.isTrack === 1,
  geometry: fromJson(r.geometry),
  source: r.source as AnnotationSource,
});

function complete(input: NewAnnotation): Annotation {
  const now = Date.now();
  return {
    id: input.id ?? randomUUID(),
    episodeId: input.episodeId,
    cameraId: input.cameraId,
    kind: input.kind,
    frameStart: input.frameStart,
    frameEnd: input.frameEnd ?? input.frameStart,
    isTrack: input.isTrack ?? false,
    geometry: input.geometry,
    labelClassId: input.labelClassId ?? null,
    query: input.query ?? null,
    source: input.source,
    confidence: input.confidence ?? null,
    author: input.author,
    createdAt: input.createdAt ?? now,
    updatedAt: input.updatedAt ?? input.createdAt ?? now,
  };
}

const toParams = (a: Annotation) => ({ ...a, isTrack: toFlag(a.isTrack), geometry: toJson(a.geometry) });

export function createAnnotationsRepository(db: Db) {
  const insertStmt = db.prepare(`INSERT INTO annotations (id, episode_id, camera_id, kind, frame_start, frame_end,
      is_track, geometry, label_class_id, query, source, confidence, author, created_at, updated_at)
    VALUES (@id, @episodeId, @cameraId, @kind, @frameStart, @frameEnd, @isTrack, @geometry, @labelClassId, @query,
      @source, @confidence, @author, @createdAt, @updatedAt)`);
  const updateStmt = db.prepare(`UPDATE annotations SET frame_start = @frameStart, frame_end = @frameEnd,
      is_track = @isTrack, geometry = @geometry, label_class_id = @labelClassId, query = @query, source = @source,
      confidence = @confidence, updated_at = @updatedAt
    WHERE id = @id`);
  const getStmt = db.prepare<[string], AnnotationRaw>(`SELECT ${COLUMNS} FROM annotations WHERE id = ?`);
  const byEpisodeStmt = db
    .prepare<[number], AnnotationTuple>(`SELECT ${COLUMNS} FROM annotations WHERE episode_id = ? ORDER BY frame_start, rowid`)
    .raw();
  const byCameraStmt = db
    .prepare<[number, number], AnnotationTuple>(`SELECT ${COLUMNS} FROM annotations
    WHERE camera_id = ? AND episode_id = ? ORDER BY frame_start, rowid`)
    .raw();
  const atFrameStmt = db.prepare<[number, number, number], AnnotationRaw>(`SELECT ${COLUMNS} FROM annotations
    WHERE camera_id = ? AND frame_start <= ? AND frame_end >= ? ORDER BY frame_start, rowid`);
  const countStmt = db.prepare<[number], number>('SELECT count(*) FROM annotations WHERE episode_id = ?').pluck();
  const deleteStmt = db.prepare<[string]>('DELETE FROM annotations WHERE id = ?');
  const deleteBySourceStmt = db.prepare<[number, string]>('DELETE FROM annotations WHERE episode_id = ? AND source = ?');

  const insertAll = db.transaction((inputs: Iterable<NewAnnotation>): string[] => {
    const ids: string[] = [];
    for (const input of inputs) {
      const row = complete(input);
      insertStmt.run(toParams(row));
      ids.push(row.id);
    }
    return ids;
  });

  const patchOne = db.transaction((id: string, patch: AnnotationPatch, updatedAt: number): Annotation | undefined => {
    const current = getStmt.get(id);
    if (!current) return undefined;
    const next: Annotation = { ...toAnnotation(current), ...patch, updatedAt };
    updateStmt.run(toParams(next));
    return next;
  });

  return {
    /** Returns the id (made here unless given). */
    insert(input: NewAnnotation): string {
      const row = complete(input);
      insertStmt.run(toParams(row));
      return row.id;
    },
    /** All or nothing, e.g. an import's ground truth. */
    insertMany(inputs: Iterable<NewAnnotation>): string[] {
      return insertAll(inputs);
    },
    get(id: string): Annotation | undefined {
      const row = getStmt.get(id);
      return row && toAnnotation(row);
    },
    /** Every annotation of an episode (or of one of its cameras), in frame order. */
    listByEpisode(episodeId: number, cameraId?: number): Annotation[] {
      const rows = cameraId === undefined ? byEpisodeStmt.all(episodeId) : byCameraStmt.all(cameraId, episodeId);
      return rows.map(fromTuple);
    },
    /** What a camera shows at one frame: frame annotations on it and tracks spanning it. */
    listAtFrame(cameraId: number, frame: number): Annotation[] {
      return atFrameStmt.all(cameraId, frame, frame).map(toAnnotation);
    },
    countByEpisode(episodeId: number): number {
      return countStmt.get(episodeId) ?? 0;
    },
    /** Returns the row as now stored, or undefined when there is no such annotation. */
    update(id: string, patch: AnnotationPatch, updatedAt = Date.now()): Annotation | undefined {
      return patchOne(id, patch, updatedAt);
    },
    delete(id: string): boolean {
      return deleteStmt.run(id).changes > 0;
    },
    /** E.g. before re-projecting ground truth. Returns how many went. */
    deleteBySource(episodeId: number, source: AnnotationSource): number {
      return deleteBySourceStmt.run(episodeId, source).changes;
    },
  };
}

export type AnnotationsRepository = ReturnType<typeof createAnnotationsRepository>;
